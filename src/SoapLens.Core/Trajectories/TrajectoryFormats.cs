namespace SoapLens.Trajectories;

/// <summary>The registry of trajectory formats: chooses one by -Format name or by file extension.</summary>
public static class TrajectoryFormats
{
    private static readonly FormatRegistry<TrajectoryFormat> s_formats = new("trajectory", f => f.Name, f => f.Extensions,
    [
        new IO.ExtXyzFormat(),
        new IO.LammpsDumpFormat(),
        new IO.GroFormat(),
        new IO.XtcFormat(),
        new IO.Hdf5.SoapifyTrajectoryFormat(),
        new IO.Hdf5.H5mdTrajectoryFormat(),
    ]);

    public static IReadOnlyList<TrajectoryFormat> All => s_formats.All;

    public static void Register(TrajectoryFormat format) => s_formats.Register(format);

    public static TrajectoryFormat Resolve(string path, string? formatName) => s_formats.Resolve(path, formatName);
}
