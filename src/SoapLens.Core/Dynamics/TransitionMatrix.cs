using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>
/// Transitions between clusters (methods.md §6): Counts[a, b] = number of (atom, t) with label a at
/// frame t and label b at frame t + Lag, over every atom and every start frame t = 0, Stride,
/// 2·Stride, … of the labelled result (frames in time order; Lag and Stride count frames of the
/// labels, not raw trajectory frame numbers). Rows are "from", columns "to". A pair with noise (−1)
/// at either end is not counted (reported in <see cref="NoisePairs"/>); a pair whose atom has no
/// label at one end is skipped (<see cref="MissingPairs"/>). Probabilities are the counts divided by
/// their row sum; a row without transitions stays zero.
/// </summary>
public sealed partial class TransitionMatrix : IBundleConvertible
{
    public const string Kind = "TransitionMatrix";

    public TransitionMatrix(long[,] counts, string[]? clusterNames = null, long[]? populations = null, int lag = 1, int stride = 1,
        long noisePairs = 0, long missingPairs = 0, IReadOnlyDictionary<string, object>? parameters = null)
    {
        int k = counts.GetLength(0);
        if (counts.GetLength(1) != k) throw new ArgumentException("The count matrix must be square.");
        if (clusterNames is not null && clusterNames.Length != k) throw new ArgumentException("There must be one name per cluster.");
        if (populations is not null && populations.Length != k) throw new ArgumentException("There must be one population per cluster.");
        if (lag < 1) throw new ArgumentOutOfRangeException(nameof(lag));
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride));
        Counts = counts;
        ClusterNames = clusterNames ?? DefaultNames(k);
        Lag = lag;
        Stride = stride;
        NoisePairs = noisePairs;
        MissingPairs = missingPairs;
        RowSums = new long[k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                if (counts[a, b] < 0) throw new ArgumentException("Counts cannot be negative.");
                RowSums[a] += counts[a, b];
            }
        Probabilities = new double[k, k];
        for (int a = 0; a < k; a++)
            if (RowSums[a] > 0)
                for (int b = 0; b < k; b++) Probabilities[a, b] = (double)counts[a, b] / RowSums[a];
        Populations = populations ?? (long[])RowSums.Clone();
        Parameters = parameters is null ? new Dictionary<string, object>() : new Dictionary<string, object>(parameters);
    }

    /// <summary>Transition counts (from, to).</summary>
    public long[,] Counts { get; }

    /// <summary>Row-normalised counts (zero rows stay zero).</summary>
    public double[,] Probabilities { get; }

    /// <summary>Transitions leaving each cluster (self-transitions included): the chord diagram's arc sizes.</summary>
    public long[] RowSums { get; }

    /// <summary>Labelled points per cluster over all frames of the labels (noise excluded).</summary>
    public long[] Populations { get; }

    public string[] ClusterNames { get; }
    public int ClusterCount => ClusterNames.Length;
    public int Lag { get; }
    public int Stride { get; }

    /// <summary>(atom, t) pairs not counted because one end was noise.</summary>
    public long NoisePairs { get; }

    /// <summary>(atom, t) pairs not counted because the atom has no label at one end.</summary>
    public long MissingPairs { get; }

    public long TotalTransitions
    {
        get { long s = 0; foreach (var r in RowSums) s += r; return s; }
    }

    public Dictionary<string, object> Parameters { get; }

    /// <summary>Probabilities × 100, as the paper prints them.</summary>
    public double[,] Percent()
    {
        int k = ClusterCount;
        var p = new double[k, k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) p[a, b] = 100.0 * Probabilities[a, b];
        return p;
    }

    /// <summary>Populations as fractions of all labelled points.</summary>
    public double[] PopulationFractions()
    {
        long total = 0;
        foreach (var p in Populations) total += p;
        var f = new double[Populations.Length];
        if (total > 0) for (int i = 0; i < f.Length; i++) f[i] = (double)Populations[i] / total;
        return f;
    }

    /// <summary>Net flux a→b: Counts[a, b] − Counts[b, a] (positive when more atoms go from a to b).</summary>
    public long[,] NetFlux()
    {
        int k = ClusterCount;
        var f = new long[k, k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) f[a, b] = Counts[a, b] - Counts[b, a];
        return f;
    }

    /// <summary>Counts of the macro-clusters of <paramref name="map"/> (micro → macro): sums over the groups, exactly the counts the relabelled labels give.</summary>
    public TransitionMatrix Aggregate(int[] map, string[] macroNames, IReadOnlyDictionary<string, object>? parameters = null)
    {
        if (map.Length != ClusterCount) throw new ArgumentException("The map needs one macro-cluster per cluster.");
        int m = macroNames.Length;
        var counts = new long[m, m];
        var pops = new long[m];
        for (int a = 0; a < ClusterCount; a++)
        {
            pops[map[a]] += Populations[a];
            for (int b = 0; b < ClusterCount; b++) counts[map[a], map[b]] += Counts[a, b];
        }
        return new TransitionMatrix(counts, macroNames, pops, Lag, Stride, NoisePairs, MissingPairs, parameters ?? Parameters);
    }

    /// <summary>Counts transitions of <paramref name="labels"/> at the given lag and stride.</summary>
    public static TransitionMatrix FromLabels(ClusterLabels labels, int lag = 1, int stride = 1, CancellationToken cancel = default)
    {
        if (lag < 1) throw SoapLensException.Argument($"The lag must be at least 1 frame (got {lag}).", lag);
        if (stride < 1) throw SoapLensException.Argument($"The stride must be at least 1 frame (got {stride}).", stride);
        var grid = LabelGrid.From(labels);
        if (grid.FrameCount <= lag)
            throw new SoapLensException("TooFewFrames", ErrorKind.InvalidArgument,
                $"The labels cover {grid.FrameCount} frame(s); a lag of {lag} needs at least {lag + 1}.", labels);
        int k = labels.ClusterCount;
        var flat = new long[k * k];
        long noise = 0, missing = 0;
        for (int t = 0; t + lag < grid.FrameCount; t += stride)
        {
            cancel.ThrowIfCancellationRequested();
            CountPairs(grid.Row(t), grid.Row(t + lag), k, flat, ref noise, ref missing);
        }
        var counts = Square(flat, k);
        var pops = Array.ConvertAll(labels.Populations(), p => (long)p);
        var parameters = new Dictionary<string, object>
        {
            ["labels_method"] = labels.Method,
            ["frames"] = (long)grid.FrameCount,
            ["atoms"] = (long)grid.AtomCount,
        };
        // Labels of a merge remember it, so that figures keep the macro-clusters in their members' colours.
        foreach (var key in new[] { "merge_map", "micro_names" })
            if (labels.Parameters.TryGetValue(key, out var v)) parameters[key] = v;
        return new TransitionMatrix(counts, (string[])labels.ClusterNames.Clone(), pops, lag, stride, noise, missing, parameters);
    }

    /// <summary>Adds the transitions of every atom from grid row <paramref name="a"/> to row <paramref name="b"/> to the row-major K×K <paramref name="counts"/>.</summary>
    internal static void CountPairs(ReadOnlySpan<int> a, ReadOnlySpan<int> b, int k, long[] counts, ref long noise, ref long missing)
    {
        for (int i = 0; i < a.Length; i++)
        {
            int x = a[i], y = b[i];
            if ((x | y) >= 0) counts[x * k + y]++;
            else if (x == LabelGrid.Missing || y == LabelGrid.Missing) missing++;
            else noise++;
        }
    }

    internal static string[] DefaultNames(int k)
    {
        var n = new string[k];
        for (int i = 0; i < k; i++) n[i] = i.ToString(CultureInfo.InvariantCulture);
        return n;
    }

    internal static long[] Flatten(long[,] a)
    {
        var f = new long[a.Length];
        Buffer.BlockCopy(a, 0, f, 0, f.Length * sizeof(long));
        return f;
    }

    internal static double[] Flatten(double[,] a)
    {
        var f = new double[a.Length];
        Buffer.BlockCopy(a, 0, f, 0, f.Length * sizeof(double));
        return f;
    }

    internal static long[,] Square(long[] flat, int k)
    {
        if (flat.Length != k * k) throw new ArgumentException($"Expected {k * k} values, got {flat.Length}.");
        var a = new long[k, k];
        Buffer.BlockCopy(flat, 0, a, 0, flat.Length * sizeof(long));
        return a;
    }

    public DataBundle ToBundle()
    {
        int k = ClusterCount;
        var b = new DataBundle(Kind);
        b.Add("probabilities", NdArray.Of(Flatten(Probabilities), k, k), "from", "to");
        b.Add("counts", NdArray.Of(Flatten(Counts), k, k), "from", "to");
        b.Add("populations", NdArray.Of((long[])Populations.Clone(), k), "cluster");
        var ids = Enumerable.Range(0, k).ToArray();
        b.AddCoordinate("from", "from", NdArray.Of(ids));
        b.AddCoordinate("to", "to", NdArray.Of((int[])ids.Clone()));
        b.AddCoordinate("cluster", "cluster", NdArray.Of((int[])ids.Clone()));
        foreach (var (key, v) in Parameters) b.Attributes[key] = v;
        b.Attributes["cluster_names"] = ClusterNames;
        b.Attributes["lag"] = (long)Lag;
        b.Attributes["stride"] = (long)Stride;
        b.Attributes["noise_pairs"] = NoisePairs;
        b.Attributes["missing_pairs"] = MissingPairs;
        // Row sums and populations let a lone probabilities .npy (with its sidecar) rebuild the exact counts.
        b.Attributes["row_sums"] = (long[])RowSums.Clone();
        b.Attributes["populations"] = (long[])Populations.Clone();
        return b;
    }

    public static TransitionMatrix FromBundle(DataBundle b)
    {
        long[,] counts;
        if (b.Find("counts") is { } cv)
        {
            int k = cv.Values.Shape[0];
            counts = Square(cv.Values.ToInt64Array(), k);
        }
        else
        {
            var p = b.Get("probabilities").Values;
            int k = p.Shape[0];
            var rows = b.GetInt64s("row_sums") ?? throw new SoapLensException("BundleInvalid", ErrorKind.InvalidData,
                "The transition matrix has neither counts nor row sums; its counts cannot be rebuilt.", b.Kind);
            if (rows.Length != k || p.Rank != 2 || p.Shape[1] != k)
                throw SoapLensException.InvalidData($"The probabilities ({p.ShapeText}) do not match {rows.Length} row sums.");
            counts = new long[k, k];
            // p = c / r was rounded once, so p·r is within far less than 0.5 of the integer c.
            for (int a = 0; a < k; a++)
                for (int c = 0; c < k; c++) counts[a, c] = (long)Math.Round(p.GetDouble((long)a * k + c) * rows[a]);
        }
        int n = counts.GetLength(0);
        var names = b.GetStrings("cluster_names") is { } s && s.Length == n ? s : null;
        var pops = b.Find("populations")?.Values.ToInt64Array() ?? b.GetInt64s("populations");
        if (pops is not null && pops.Length != n) pops = null;
        var parameters = b.Attributes.Where(kv => kv.Key is not ("cluster_names" or "lag" or "stride" or "noise_pairs" or "missing_pairs" or "row_sums" or "populations"))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return new TransitionMatrix(counts, names, pops, (int)b.GetAttribute("lag", 1L), (int)b.GetAttribute("stride", 1L),
            b.GetAttribute("noise_pairs", 0L), b.GetAttribute("missing_pairs", 0L), parameters);
    }

    public override string ToString() =>
        $"{ClusterCount}×{ClusterCount} transitions, {TotalTransitions} pairs (lag {Lag}{(Stride != 1 ? $", stride {Stride}" : "")})";
}
