using System.Globalization;
using SoapLens.Data;
using SoapLens.Geometry;
using SoapLens.Trajectories;

namespace SoapLens.Learning.Cv;

/// <summary>
/// A stored overdamped Langevin run on a 2-D potential: positions (frames × 2, columns x, y), the
/// run parameters, and the metastable-state statistics (core labels, transitions, occupancies).
/// As a dataset its rows are the frames (keys: frame k, atom id 1), so every CV cmdlet takes it.
/// </summary>
public sealed class LangevinTrajectory : IBundleConvertible, IDatasetSource
{
    public const string Kind = "LangevinTrajectory";
    public const int AtomId = 1;

    public LangevinTrajectory(string potential, double[] positions, double beta, double timeStep, int saveEvery, long seed,
        double startX, double startY, long steps)
    {
        if (positions.Length % 2 != 0) throw new ArgumentException("Positions must be frames x 2.");
        PotentialName = potential;
        Positions = positions;
        Beta = beta;
        TimeStep = timeStep;
        SaveEvery = saveEvery;
        Seed = seed;
        StartX = startX;
        StartY = startY;
        Steps = steps;
    }

    public string PotentialName { get; }
    public Potential2D Potential => Potential2D.Get(PotentialName);
    /// <summary>Frames × 2 (x, y), row-major.</summary>
    public double[] Positions { get; }
    public int FrameCount => Positions.Length / 2;
    public double Beta { get; }
    public double Temperature => 1.0 / Beta;
    public double TimeStep { get; }
    public int SaveEvery { get; }
    public long Seed { get; }
    public double StartX { get; }
    public double StartY { get; }
    public long Steps { get; }
    /// <summary>Time between stored frames (TimeStep · SaveEvery).</summary>
    public double FrameInterval => TimeStep * SaveEvery;

    public double X(int frame) => Positions[2 * frame];
    public double Y(int frame) => Positions[2 * frame + 1];

    /// <summary>Time of frame k: (k + 1)·SaveEvery·TimeStep.</summary>
    public double Time(int frame) => (frame + 1) * FrameInterval;

    /// <summary>Core index of every frame (−1 outside every core).</summary>
    public int[] CoreLabels()
    {
        var p = Potential;
        var l = new int[FrameCount];
        for (int k = 0; k < l.Length; k++) l[k] = p.CoreOf(X(k), Y(k));
        return l;
    }

    /// <summary>
    /// Core-to-core transition counts (states × states, row = from): the core label sequence with
    /// frames outside every core skipped, counting each change of core (the README's definition).
    /// </summary>
    public long[] TransitionCounts()
    {
        int s = Potential.StateNames.Length;
        var t = new long[s * s];
        int last = -1;
        foreach (var c in CoreLabels())
        {
            if (c < 0) continue;
            if (last >= 0 && c != last) t[last * s + c]++;
            last = c;
        }
        return t;
    }

    public long TransitionCount => TransitionCounts().Sum();

    /// <summary>Fraction of frames in each core.</summary>
    public double[] Occupancies()
    {
        var o = new double[Potential.StateNames.Length];
        foreach (var c in CoreLabels()) if (c >= 0) o[c]++;
        for (int i = 0; i < o.Length; i++) o[i] /= FrameCount;
        return o;
    }

    public Dataset ToDataset()
    {
        var frames = Enumerable.Range(0, FrameCount).ToArray();
        return Dataset.FromGrid(Positions, frames, [AtomId], 2, ["x", "y"], $"{PotentialName} Langevin", Parameters());
    }

    /// <summary>A one-particle in-memory trajectory (z = 0, species "X", no cell) for the trajectory cmdlets.</summary>
    public Trajectory ToTrajectory()
    {
        var top = new Topology([AtomId], ["X"]);
        var frames = new Frame[FrameCount];
        for (int k = 0; k < frames.Length; k++)
            frames[k] = new Frame(k, top, [X(k), Y(k), 0.0], null, Pbc.None, Time(k), (k + 1L) * SaveEvery);
        return Trajectory.FromFrames(frames, $"{PotentialName}-langevin");
    }

    private Dictionary<string, object> Parameters() => new()
    {
        ["potential"] = PotentialName,
        ["beta"] = Beta,
        ["time_step"] = TimeStep,
        ["save_every"] = (long)SaveEvery,
        ["frame_interval"] = FrameInterval,
        ["seed"] = Seed,
        ["start"] = new[] { StartX, StartY },
        ["steps"] = Steps,
        ["integrator"] = "Euler-Maruyama",
    };

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("positions", NdArray.Of(Positions, FrameCount, 2), "frame", "coordinate");
        b.AddCoordinate("frame", "frame", NdArray.Of(Enumerable.Range(0, FrameCount).ToArray()));
        var times = new double[FrameCount];
        for (int k = 0; k < times.Length; k++) times[k] = Time(k);
        b.AddCoordinate("time", "frame", NdArray.Of(times));
        b.Attributes["column_names"] = new[] { "x", "y" };
        foreach (var (k, v) in Parameters()) b.Attributes[k] = v;
        return b;
    }

    public static LangevinTrajectory FromBundle(DataBundle b)
    {
        var p = b.Get("positions").Values;
        if (p.Rank != 2 || p.Shape[1] != 2) throw new InvalidDataException($"Langevin positions must be (frames, 2), got {p.ShapeText}.");
        var start = b.GetDoubles("start") ?? [double.NaN, double.NaN];
        return new LangevinTrajectory(b.GetAttribute("potential", "DoubleWell"), p.ToDoubleArray(), b.GetAttribute("beta", double.NaN),
            b.GetAttribute("time_step", double.NaN), checked((int)b.GetAttribute("save_every", 1L)), b.GetAttribute("seed", 0L),
            start[0], start.Length > 1 ? start[1] : double.NaN, b.GetAttribute("steps", 0L));
    }

    public override string ToString() =>
        $"{PotentialName} Langevin run: {FrameCount} frames, beta {Beta.ToString("G4", CultureInfo.InvariantCulture)}, {TransitionCount} transitions";
}
