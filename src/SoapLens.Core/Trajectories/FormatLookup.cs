using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>Chooses a reader or writer by -Format name or, failing that, by the longest matching file extension.</summary>
internal static class FormatLookup
{
    public static T Resolve<T>(IReadOnlyList<T> all, Func<T, string> name, Func<T, IReadOnlyList<string>> extensions,
        string path, string? formatName, string what)
    {
        if (!string.IsNullOrEmpty(formatName))
            return all.FirstOrDefault(f => string.Equals(name(f), formatName, StringComparison.OrdinalIgnoreCase))
                ?? throw new SoapLensException("UnknownFormat", ErrorKind.InvalidArgument,
                    $"Unknown {what} format '{formatName}'. Known formats: {string.Join(", ", all.Select(name))}.", formatName);
        var file = Path.GetFileName(path).ToLowerInvariant();
        // Longest matching extension wins, so ".lammpstrj.gz" beats ".gz".
        var match = all
            .SelectMany(f => extensions(f).Select(e => (f, e)))
            .Where(t => file.EndsWith(t.e, StringComparison.Ordinal))
            .OrderByDescending(t => t.e.Length)
            .Select(t => t.f)
            .FirstOrDefault();
        return match ?? throw new SoapLensException("UnknownFormat", ErrorKind.InvalidArgument,
            $"Cannot tell the {what} format of '{path}' from its extension. Use -Format with one of: {string.Join(", ", all.Select(name))}.", path);
    }
}
