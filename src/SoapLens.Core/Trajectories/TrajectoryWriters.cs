namespace SoapLens.Trajectories;

/// <summary>The registry of trajectory writers, chosen by -Format name or by extension.</summary>
public static class TrajectoryWriters
{
    private static readonly List<TrajectoryWriter> s_writers = new()
    {
        new IO.ExtXyzWriter(),
        new IO.LammpsDumpWriter(),
        new IO.Hdf5.SoapifyTrajectoryExport(),
    };

    public static IReadOnlyList<TrajectoryWriter> All
    {
        get { lock (s_writers) return s_writers.ToArray(); }
    }

    public static void Register(TrajectoryWriter writer)
    {
        lock (s_writers)
        {
            s_writers.RemoveAll(w => w.Name == writer.Name);
            s_writers.Add(writer);
        }
    }

    public static TrajectoryWriter Resolve(string path, string? formatName) =>
        FormatLookup.Resolve(All, w => w.Name, w => w.Extensions, path, formatName, "trajectory output");
}
