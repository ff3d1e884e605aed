using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>How a stay was cut by the edges of the observation.</summary>
[Flags]
public enum Censoring
{
    None = 0,
    /// <summary>The stay was already going on at the first frame the atom is labelled in (its true start is unknown).</summary>
    Start = 1,
    /// <summary>The stay was still going on at the last frame (its true end is unknown).</summary>
    End = 2,
}

/// <summary>
/// Residence times: every stay ("run") of an atom in one cluster over consecutive frames of the
/// labels. A run ends when the label changes (to another cluster or to noise) or when the atom has
/// no label in the next frame. Its length is the number of frames it covers; the duration is length
/// × TimeStep. A run touching the first or last frame, or a frame where the atom is not labelled,
/// is censored: its true length is at least the one recorded. Noise frames belong to no run.
/// </summary>
public sealed partial class ResidenceTimes : IBundleConvertible
{
    public const string Kind = "ResidenceTimes";

    public ResidenceTimes(int[] atomIds, int[] clusters, int[] startFrames, int[] lengths, Censoring[] censoring, string[] clusterNames,
        double timeStep = 1.0, string timeUnit = "frames", IReadOnlyDictionary<string, object>? parameters = null)
    {
        int n = lengths.Length;
        if (atomIds.Length != n || clusters.Length != n || startFrames.Length != n || censoring.Length != n)
            throw new ArgumentException("Every run needs an atom id, a cluster, a start frame, a length and a censoring flag.");
        if (!(timeStep > 0) || !double.IsFinite(timeStep)) throw new ArgumentOutOfRangeException(nameof(timeStep));
        AtomIds = atomIds;
        Clusters = clusters;
        StartFrames = startFrames;
        Lengths = lengths;
        Censoring = censoring;
        ClusterNames = clusterNames;
        TimeStep = timeStep;
        TimeUnit = timeUnit;
        Parameters = parameters is null ? new Dictionary<string, object>() : new Dictionary<string, object>(parameters);
    }

    public int[] AtomIds { get; }
    public int[] Clusters { get; }

    /// <summary>Frame (as numbered in the labels) where each run starts.</summary>
    public int[] StartFrames { get; }

    /// <summary>Frames covered by each run.</summary>
    public int[] Lengths { get; }

    public Censoring[] Censoring { get; }
    public string[] ClusterNames { get; }
    public int ClusterCount => ClusterNames.Length;
    public int RunCount => Lengths.Length;

    /// <summary>Time per frame of the labels (1 with unit "frames" unless -TimeStep was given).</summary>
    public double TimeStep { get; }

    public string TimeUnit { get; }
    public Dictionary<string, object> Parameters { get; }

    /// <summary>Run durations: Lengths × TimeStep.</summary>
    public double[] Durations() => Array.ConvertAll(Lengths, l => l * TimeStep);

    /// <summary>One summary row per cluster.</summary>
    public ResidenceSummary[] Summary()
    {
        var rows = new ResidenceSummary[ClusterCount];
        for (int c = 0; c < ClusterCount; c++)
        {
            var all = new List<int>();
            var complete = new List<int>();
            for (int r = 0; r < RunCount; r++)
            {
                if (Clusters[r] != c) continue;
                all.Add(Lengths[r]);
                if (Censoring[r] == Dynamics.Censoring.None) complete.Add(Lengths[r]);
            }
            complete.Sort();
            rows[c] = new ResidenceSummary(c, ClusterNames[c], all.Count, complete.Count,
                complete.Count > 0 ? complete.Average() * TimeStep : double.NaN,
                complete.Count > 0 ? Median(complete) * TimeStep : double.NaN,
                all.Count > 0 ? all.Average() * TimeStep : double.NaN,
                all.Count > 0 ? all.Max() * TimeStep : double.NaN);
        }
        return rows;
    }

    private static double Median(List<int> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);

    /// <summary>Finds every run of <paramref name="labels"/>.</summary>
    public static ResidenceTimes FromLabels(ClusterLabels labels, double timeStep = 1.0, string? timeUnit = null, CancellationToken cancel = default)
    {
        if (!(timeStep > 0) || !double.IsFinite(timeStep))
            throw SoapLensException.Argument($"The time step must be a positive number (got {timeStep}).", timeStep);
        var grid = LabelGrid.From(labels);
        int F = grid.FrameCount, A = grid.AtomCount;
        var atom = new List<int>();
        var cluster = new List<int>();
        var start = new List<int>();
        var length = new List<int>();
        var cens = new List<Censoring>();
        for (int i = 0; i < A; i++)
        {
            if ((i & 63) == 0) cancel.ThrowIfCancellationRequested();
            int t = 0;
            while (t < F)
            {
                int c = grid[t, i];
                if (c < 0) { t++; continue; }
                int t0 = t;
                while (t < F && grid[t, i] == c) t++;
                var flag = Dynamics.Censoring.None;
                if (t0 == 0 || grid[t0 - 1, i] == LabelGrid.Missing) flag |= Dynamics.Censoring.Start;
                if (t == F || grid[t, i] == LabelGrid.Missing) flag |= Dynamics.Censoring.End;
                atom.Add(grid.AtomIds[i]);
                cluster.Add(c);
                start.Add(grid.Frames[t0]);
                length.Add(t - t0);
                cens.Add(flag);
            }
        }
        return new ResidenceTimes(atom.ToArray(), cluster.ToArray(), start.ToArray(), length.ToArray(), cens.ToArray(),
            (string[])labels.ClusterNames.Clone(), timeStep, timeUnit ?? (timeStep == 1.0 ? "frames" : "time"),
            new Dictionary<string, object> { ["labels_method"] = labels.Method, ["frames"] = (long)F, ["atoms"] = (long)A });
    }

    /// <summary>Columns of the exported (runs, 5) table.</summary>
    public static readonly string[] FieldNames = ["atom_id", "cluster", "start_frame", "length", "censored"];

    public DataBundle ToBundle()
    {
        int n = RunCount;
        // One integer table, so that a single .npy or wide CSV holds every run completely.
        var table = new long[n * 5];
        for (int r = 0; r < n; r++)
        {
            table[5 * r] = AtomIds[r];
            table[5 * r + 1] = Clusters[r];
            table[5 * r + 2] = StartFrames[r];
            table[5 * r + 3] = Lengths[r];
            table[5 * r + 4] = (long)Censoring[r];
        }
        var b = new DataBundle(Kind);
        b.Add("runs", NdArray.Of(table, n, 5), "run", "field");
        foreach (var (k, v) in Parameters) b.Attributes[k] = v;
        b.Attributes["field_names"] = FieldNames;
        b.Attributes["cluster_names"] = ClusterNames;
        b.Attributes["time_step"] = TimeStep;
        b.Attributes["time_unit"] = TimeUnit;
        return b;
    }

    public static ResidenceTimes FromBundle(DataBundle b)
    {
        var v = b.Get("runs").Values;
        if (v.Rank != 2 || v.Shape[1] != 5) throw SoapLensException.InvalidData($"Residence times need a (runs, 5) table, got {v.ShapeText}.");
        var t = v.ToInt64Array();
        int n = v.Shape[0];
        int[] Col(int c) { var a = new int[n]; for (int r = 0; r < n; r++) a[r] = checked((int)t[5 * r + c]); return a; }
        var clusters = Col(1);
        var names = b.GetStrings("cluster_names") ?? TransitionMatrix.DefaultNames(clusters.Length == 0 ? 0 : clusters.Max() + 1);
        var parameters = b.Attributes.Where(kv => kv.Key is not ("cluster_names" or "time_step" or "time_unit" or "field_names")).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new ResidenceTimes(Col(0), clusters, Col(2), Col(3), Col(4).Select(x => (Censoring)x).ToArray(),
            names, b.GetAttribute("time_step", 1.0), b.GetAttribute("time_unit", "frames"), parameters);
    }

    public override string ToString()
    {
        var s = Summary();
        return $"{RunCount} stays in {ClusterCount} clusters; mean complete stay ({TimeUnit}): " +
            string.Join(" ", s.Select(r => $"{r.Name}:{(double.IsNaN(r.MeanComplete) ? "-" : r.MeanComplete.ToString("G3", CultureInfo.InvariantCulture))}"));
    }
}

/// <summary>Residence statistics of one cluster (times in the result's unit; "complete" = uncensored stays).</summary>
public sealed record ResidenceSummary(int Cluster, string Name, int Stays, int CompleteStays, double MeanComplete, double MedianComplete,
    double MeanAll, double Longest);
