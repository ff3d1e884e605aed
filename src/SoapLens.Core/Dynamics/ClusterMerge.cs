using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>
/// Micro-clusters merged into macro-clusters (methods.md §6). Automatic: distance between clusters
/// a and b = 1 − Pearson correlation of rows a and b of the transition probabilities, average linkage
/// (UPGMA, SciPy's linkage matrix), cut so that clusters whose cophenetic distance is ≤ the threshold
/// merge (fcluster criterion 'distance'; macro number = SciPy's fcluster number − 1). Or from a
/// user map. Holds the macro transition matrix (summed counts) and, when labels were given, the
/// relabelled labels with the same (frame, atom id) keys.
/// </summary>
public sealed partial class ClusterMerge : IBundleConvertible, IClusterLabelsSource
{
    public const string Kind = "ClusterMerge";

    private ClusterMerge(TransitionMatrix micro, double[,]? linkage, int[] map, string[] macroNames, double threshold, string method,
        ClusterLabels? labels)
    {
        Micro = micro;
        Linkage = linkage;
        Map = map;
        MacroNames = macroNames;
        Threshold = threshold;
        Method = method;
        Macro = micro.Aggregate(map, macroNames, new Dictionary<string, object>(micro.Parameters)
        {
            ["merge"] = method,
            ["merge_map"] = map.Select(x => (long)x).ToArray(),
            ["micro_names"] = (string[])micro.ClusterNames.Clone(),
        });
        Labels = labels;
    }

    /// <summary>The transition matrix that was merged.</summary>
    public TransitionMatrix Micro { get; }

    /// <summary>The transition matrix between macro-clusters (micro counts summed over each group).</summary>
    public TransitionMatrix Macro { get; }

    /// <summary>SciPy linkage matrix (K−1)×4 of the micro-clusters; null when K &lt; 2 or the rows have no correlation.</summary>
    public double[,]? Linkage { get; }

    /// <summary>Macro-cluster of each micro-cluster (0-based).</summary>
    public int[] Map { get; }

    public string[] MicroNames => Micro.ClusterNames;
    public string[] MacroNames { get; }
    public int MicroCount => Map.Length;
    public int MacroCount => MacroNames.Length;

    /// <summary>The cut (NaN when the map was supplied by the user).</summary>
    public double Threshold { get; }

    /// <summary>"average-correlation" or "map".</summary>
    public string Method { get; }

    /// <summary>Macro-cluster labels with the keys of the input labels, or null when none were given.</summary>
    public ClusterLabels? Labels { get; }

    /// <summary>Micro-clusters of each macro-cluster.</summary>
    public int[][] Groups()
    {
        var g = new List<int>[MacroCount];
        for (int m = 0; m < g.Length; m++) g[m] = [];
        for (int a = 0; a < Map.Length; a++) g[Map[a]].Add(a);
        return g.Select(x => x.ToArray()).ToArray();
    }

    /// <summary>The macro number SciPy's fcluster gives each micro-cluster (Map + 1).</summary>
    public int[] FClusterNumbers() => Map.Select(m => m + 1).ToArray();

    public ClusterLabels ToClusterLabels() => Labels ?? throw new SoapLensException("MergeHasNoLabels", ErrorKind.InvalidArgument,
        "This merge was made without labels; run Merge-Cluster with -Labels to relabel them.", this);

    /// <summary>Automatic merge: correlation distances, average linkage, cut at <paramref name="threshold"/>.</summary>
    public static ClusterMerge Compute(TransitionMatrix tm, double threshold = 1.0, ClusterLabels? labels = null)
    {
        if (!double.IsFinite(threshold) || threshold < 0)
            throw SoapLensException.Argument($"The threshold must be a finite non-negative distance (got {threshold}).", threshold);
        int k = tm.ClusterCount;
        double[,]? z = null;
        int[] map;
        if (k < 2) map = new int[k];
        else
        {
            z = Dynamics.Linkage.Average(Dynamics.Linkage.CorrelationDistances(tm.Probabilities, tm.ClusterNames), k);
            map = Dynamics.Linkage.FCluster(z, threshold).Select(f => f - 1).ToArray();
        }
        return Create(tm, z, map, threshold, "average-correlation", labels);
    }

    /// <summary>
    /// A user's map: each key (cluster number or name) goes to the macro-cluster its value names
    /// (a number or a name). Clusters the map leaves out stay on their own. Macro-clusters are
    /// numbered in the order of their first micro-cluster. The linkage is still computed for the
    /// dendrogram when the rows allow it.
    /// </summary>
    public static ClusterMerge FromMap(TransitionMatrix tm, IReadOnlyDictionary<string, string> map, ClusterLabels? labels = null)
    {
        int k = tm.ClusterCount;
        var target = new string[k];
        for (int a = 0; a < k; a++) target[a] = "\0" + tm.ClusterNames[a]; // unmapped: its own group
        foreach (var (key, value) in map)
        {
            int a = Array.IndexOf(tm.ClusterNames, key);
            if (a < 0 && int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var idx) && idx >= 0 && idx < k) a = idx;
            if (a < 0)
                throw SoapLensException.Argument($"The map names cluster '{key}', which the transition matrix does not have (clusters: {string.Join(", ", tm.ClusterNames)}).", key);
            if (string.IsNullOrWhiteSpace(value)) throw SoapLensException.Argument($"The map sends cluster '{key}' to an empty name.", key);
            target[a] = value;
        }
        var order = new List<string>();
        var ids = new int[k];
        for (int a = 0; a < k; a++)
        {
            int m = order.IndexOf(target[a]);
            if (m < 0) { m = order.Count; order.Add(target[a]); }
            ids[a] = m;
        }
        var names = UniqueNames(order.Select(s => s[0] == '\0' ? s[1..] : s).ToArray());
        double[,]? z = null;
        if (k >= 2)
        {
            try { z = Dynamics.Linkage.Average(Dynamics.Linkage.CorrelationDistances(tm.Probabilities, tm.ClusterNames), k); }
            catch (SoapLensException) { z = null; } // the map does not need it; the dendrogram is then unavailable
        }
        return new ClusterMerge(tm, z, ids, names, double.NaN, "map", labels is null ? null : Relabel(labels, tm, ids, names));
    }

    private static ClusterMerge Create(TransitionMatrix tm, double[,]? z, int[] map, double threshold, string method, ClusterLabels? labels)
    {
        int m = map.Length == 0 ? 0 : map.Max() + 1;
        var names = new string[m];
        for (int g = 0; g < m; g++)
            names[g] = string.Join("+", Enumerable.Range(0, map.Length).Where(a => map[a] == g).Select(a => tm.ClusterNames[a]));
        return new ClusterMerge(tm, z, map, names, threshold, method, labels is null ? null : Relabel(labels, tm, map, names));
    }

    private static string[] UniqueNames(string[] names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            while (!seen.Add(names[i])) names[i] += "'";
        return names;
    }

    /// <summary>Relabels micro labels to macro labels; keys stay, noise stays −1, membership vectors are summed per group.</summary>
    public static ClusterLabels Relabel(ClusterLabels labels, TransitionMatrix tm, int[] map, string[] macroNames)
    {
        if (labels.ClusterCount != map.Length)
            throw new SoapLensException("LabelsDoNotMatch", ErrorKind.InvalidArgument,
                $"The labels have {labels.ClusterCount} clusters but the transition matrix has {map.Length}.", labels);
        if (!labels.ClusterNames.SequenceEqual(tm.ClusterNames))
            throw new SoapLensException("LabelsDoNotMatch", ErrorKind.InvalidArgument,
                $"The labels' clusters ({string.Join(", ", labels.ClusterNames)}) are not those of the transition matrix ({string.Join(", ", tm.ClusterNames)}).", labels);
        int m = macroNames.Length, n = labels.RowCount, k = map.Length;
        var relabelled = new int[n];
        for (int r = 0; r < n; r++) relabelled[r] = labels.Labels[r] < 0 ? labels.Labels[r] : map[labels.Labels[r]];
        double[]? membership = null;
        if (labels.Membership is { } mu)
        {
            membership = new double[(long)n * m];
            for (int r = 0; r < n; r++)
                for (int a = 0; a < k; a++) membership[(long)r * m + map[a]] += mu[(long)r * k + a];
        }
        var parameters = new Dictionary<string, object>(labels.Parameters)
        {
            ["merged_from"] = labels.Method,
            ["merge_map"] = map.Select(x => (long)x).ToArray(),
            ["micro_names"] = (string[])tm.ClusterNames.Clone(),
        };
        // Per-row probabilities (e.g. HDBSCAN's membership strengths) have no macro meaning and are dropped.
        return new ClusterLabels(relabelled, labels.Frames, labels.AtomIds, m, labels.Method + "+merge", null, membership, parameters, (string[])macroNames.Clone());
    }

    public DataBundle ToBundle()
    {
        int k = MicroCount, m = MacroCount;
        var b = new DataBundle(Kind);
        var z = Linkage ?? new double[0, 4];
        b.Add("linkage", NdArray.Of(TransitionMatrix.Flatten(z), z.GetLength(0), 4), "merge", "field");
        b.Add("map", NdArray.Of(Map.Select(x => (long)x).ToArray(), k), "cluster");
        b.Add("macro_counts", NdArray.Of(TransitionMatrix.Flatten(Macro.Counts), m, m), "from", "to");
        b.Add("macro_probabilities", NdArray.Of(TransitionMatrix.Flatten(Macro.Probabilities), m, m), "from", "to");
        b.Attributes["method"] = Method;
        b.Attributes["threshold"] = Threshold;
        b.Attributes["micro_names"] = MicroNames;
        b.Attributes["macro_names"] = MacroNames;
        b.Attributes["map"] = Map.Select(x => (long)x).ToArray();
        // The micro matrix rides along as attributes so that any single exported array rebuilds the merge.
        b.Attributes["micro_counts"] = TransitionMatrix.Flatten(Micro.Counts);
        b.Attributes["micro_populations"] = (long[])Micro.Populations.Clone();
        b.Attributes["lag"] = (long)Micro.Lag;
        b.Attributes["stride"] = (long)Micro.Stride;
        return b;
    }

    public static ClusterMerge FromBundle(DataBundle b)
    {
        var microNames = b.GetStrings("micro_names") ?? throw SoapLensException.InvalidData("The merge has no micro-cluster names.");
        int k = microNames.Length;
        var counts = TransitionMatrix.Square(b.GetInt64s("micro_counts") ?? throw SoapLensException.InvalidData("The merge has no micro counts."), k);
        var pops = b.GetInt64s("micro_populations");
        var micro = new TransitionMatrix(counts, microNames, pops is { Length: var pl } && pl == k ? pops : null,
            (int)b.GetAttribute("lag", 1L), (int)b.GetAttribute("stride", 1L));
        var map = (b.Find("map")?.Values.ToInt64Array() ?? b.GetInt64s("map") ?? throw SoapLensException.InvalidData("The merge has no map."))
            .Select(x => checked((int)x)).ToArray();
        var macroNames = b.GetStrings("macro_names") ?? throw SoapLensException.InvalidData("The merge has no macro-cluster names.");
        if (map.Length != k || map.Any(x => x < 0 || x >= macroNames.Length))
            throw SoapLensException.InvalidData("The merge map does not match its cluster names.");
        double[,]? z = null;
        if (b.Find("linkage") is { } lv && lv.Values.Shape[0] > 0)
        {
            var flat = lv.Values.ToDoubleArray();
            z = new double[lv.Values.Shape[0], 4];
            Buffer.BlockCopy(flat, 0, z, 0, flat.Length * sizeof(double));
        }
        return new ClusterMerge(micro, z, map, macroNames, b.GetAttribute("threshold", double.NaN), b.GetAttribute("method", "map"), null);
    }

    public override string ToString() =>
        $"{MicroCount} → {MacroCount} clusters ({(Method == "map" ? "user map" : $"average linkage, cut {Threshold.ToString("G4", CultureInfo.InvariantCulture)}")}): " +
        string.Join(" ", MacroNames.Select(n => $"[{n}]"));
}
