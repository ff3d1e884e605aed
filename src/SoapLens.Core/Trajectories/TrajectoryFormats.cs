namespace SoapLens.Trajectories;

/// <summary>The registry of trajectory formats: chooses one by -Format name or by file extension.</summary>
public static class TrajectoryFormats
{
    private static readonly List<TrajectoryFormat> s_formats = new()
    {
        new IO.ExtXyzFormat(),
        new IO.LammpsDumpFormat(),
        new IO.GroFormat(),
        new IO.XtcFormat(),
        new IO.Hdf5.SoapifyTrajectoryFormat(),
        new IO.Hdf5.H5mdTrajectoryFormat(),
    };

    public static IReadOnlyList<TrajectoryFormat> All
    {
        get { lock (s_formats) return s_formats.ToArray(); }
    }

    public static void Register(TrajectoryFormat format)
    {
        lock (s_formats)
        {
            s_formats.RemoveAll(f => f.Name == format.Name);
            s_formats.Add(format);
        }
    }

    public static TrajectoryFormat Resolve(string path, string? formatName) =>
        FormatLookup.Resolve(All, f => f.Name, f => f.Extensions, path, formatName, "trajectory");
}
