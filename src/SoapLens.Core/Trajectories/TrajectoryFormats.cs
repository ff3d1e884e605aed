using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>The registry of trajectory formats: chooses one by -Format name or by file extension.</summary>
public static class TrajectoryFormats
{
    private static readonly List<TrajectoryFormat> s_formats = new()
    {
        new IO.ExtXyzFormat(),
        new IO.Hdf5.SoapifyTrajectoryFormat(),
        new IO.Hdf5.H5mdTrajectoryFormat(),
    };

    public static IReadOnlyList<TrajectoryFormat> All => s_formats;

    public static void Register(TrajectoryFormat format)
    {
        lock (s_formats)
        {
            s_formats.RemoveAll(f => f.Name == format.Name);
            s_formats.Add(format);
        }
    }

    public static TrajectoryFormat Resolve(string path, string? formatName)
    {
        if (!string.IsNullOrEmpty(formatName))
            return s_formats.FirstOrDefault(f => string.Equals(f.Name, formatName, StringComparison.OrdinalIgnoreCase))
                ?? throw new SoapLensException("UnknownFormat", ErrorKind.InvalidArgument,
                    $"Unknown trajectory format '{formatName}'. Known formats: {string.Join(", ", s_formats.Select(f => f.Name))}.", formatName);
        var name = Path.GetFileName(path).ToLowerInvariant();
        // Longest matching extension wins, so ".lammpstrj.gz" beats ".gz".
        var match = s_formats
            .SelectMany(f => f.Extensions.Select(e => (f, e)))
            .Where(t => name.EndsWith(t.e, StringComparison.Ordinal))
            .OrderByDescending(t => t.e.Length)
            .Select(t => t.f)
            .FirstOrDefault();
        return match ?? throw new SoapLensException("UnknownFormat", ErrorKind.InvalidArgument,
            $"Cannot tell the trajectory format of '{path}' from its extension. Use -Format with one of: {string.Join(", ", s_formats.Select(f => f.Name))}.", path);
    }
}
