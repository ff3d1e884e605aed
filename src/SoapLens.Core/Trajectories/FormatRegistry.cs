using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// A registry of readers or writers (trajectory formats, trajectory writers, data formats): a
/// registered format replaces the one of the same name, and <see cref="Resolve"/> chooses by
/// -Format name or, failing that, by the longest matching file extension.
/// </summary>
internal sealed class FormatRegistry<T>
{
    private readonly List<T> _formats;
    private readonly Func<T, string> _name;
    private readonly Func<T, IReadOnlyList<string>> _extensions;
    private readonly string _what;

    /// <param name="what">What the formats are, for messages ("trajectory", "data").</param>
    public FormatRegistry(string what, Func<T, string> name, Func<T, IReadOnlyList<string>> extensions, IEnumerable<T> builtIn)
    {
        _what = what;
        _name = name;
        _extensions = extensions;
        _formats = builtIn.ToList();
    }

    public IReadOnlyList<T> All
    {
        get { lock (_formats) return _formats.ToArray(); }
    }

    public void Register(T format)
    {
        lock (_formats)
        {
            _formats.RemoveAll(f => _name(f) == _name(format));
            _formats.Add(format);
        }
    }

    public T Resolve(string path, string? formatName)
    {
        var all = All;
        if (!string.IsNullOrEmpty(formatName))
            return all.FirstOrDefault(f => string.Equals(_name(f), formatName, StringComparison.OrdinalIgnoreCase))
                ?? throw new SoapLensException("UnknownFormat", ErrorKind.InvalidArgument,
                    $"Unknown {_what} format '{formatName}'. Known formats: {string.Join(", ", all.Select(_name))}.", formatName);
        var file = Path.GetFileName(path).ToLowerInvariant();
        // Longest matching extension wins, so ".lammpstrj.gz" beats ".gz".
        var match = all
            .SelectMany(f => _extensions(f).Select(e => (f, e)))
            .Where(t => file.EndsWith(t.e, StringComparison.Ordinal))
            .OrderByDescending(t => t.e.Length)
            .Select(t => t.f)
            .FirstOrDefault();
        return match ?? throw new SoapLensException("UnknownFormat", ErrorKind.InvalidArgument,
            $"Cannot tell the {_what} format of '{path}' from its extension ({string.Join(", ", all.SelectMany(_extensions))}). " +
            $"Use -Format with one of: {string.Join(", ", all.Select(_name))}.", path);
    }
}
