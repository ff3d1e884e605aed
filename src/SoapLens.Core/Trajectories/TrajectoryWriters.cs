namespace SoapLens.Trajectories;

/// <summary>The registry of trajectory writers, chosen by -Format name or by extension.</summary>
public static class TrajectoryWriters
{
    private static readonly FormatRegistry<TrajectoryWriter> s_writers = new("trajectory output", w => w.Name, w => w.Extensions,
    [
        new IO.ExtXyzWriter(),
        new IO.LammpsDumpWriter(),
        new IO.Hdf5.SoapifyTrajectoryExport(),
    ]);

    public static IReadOnlyList<TrajectoryWriter> All => s_writers.All;

    public static void Register(TrajectoryWriter writer) => s_writers.Register(writer);

    public static TrajectoryWriter Resolve(string path, string? formatName) => s_writers.Resolve(path, formatName);
}
