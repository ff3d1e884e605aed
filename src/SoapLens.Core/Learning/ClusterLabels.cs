using SoapLens.Data;

namespace SoapLens.Learning;

/// <summary>
/// Cluster labels keyed by (frame, atom id), the common currency between the clustering cmdlets
/// (HDBSCAN*, Gaussian mixtures, k-means, thresholds, merges) and the dynamics cmdlets (transition
/// matrices, residence times, figures). Label −1 means noise; clusters are 0..ClusterCount−1.
/// Optional per-row probabilities and per-row membership vectors (rows × clusters).
/// </summary>
public sealed partial class ClusterLabels : IBundleConvertible
{
    public const string Kind = "ClusterLabels";

    public ClusterLabels(int[] labels, int[] frames, int[] atomIds, int clusterCount, string method,
        double[]? probabilities = null, double[]? membership = null, IReadOnlyDictionary<string, object>? parameters = null,
        string[]? clusterNames = null)
    {
        int n = labels.Length;
        if (frames.Length != n || atomIds.Length != n) throw new ArgumentException("One frame and one atom id per label are needed.");
        if (probabilities is not null && probabilities.Length != n) throw new ArgumentException("One probability per label is needed.");
        if (membership is not null && membership.LongLength != (long)n * clusterCount) throw new ArgumentException("Membership must be rows x clusters.");
        foreach (var l in labels)
            if (l < -1 || l >= clusterCount) throw new ArgumentException($"Label {l} is outside -1..{clusterCount - 1}.");
        Labels = labels;
        Frames = frames;
        AtomIds = atomIds;
        ClusterCount = clusterCount;
        Method = method;
        Probabilities = probabilities;
        Membership = membership;
        Parameters = parameters is null ? new Dictionary<string, object>() : new Dictionary<string, object>(parameters);
        ClusterNames = clusterNames ?? Enumerable.Range(0, clusterCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    public int[] Labels { get; }
    public int[] Frames { get; }
    public int[] AtomIds { get; }
    public int ClusterCount { get; }
    public string Method { get; }
    public double[]? Probabilities { get; }
    public double[]? Membership { get; }

    /// <summary>Optional per-row outlier scores (HDBSCAN*'s GLOSH; larger is more outlying).</summary>
    public double[]? OutlierScores
    {
        get => _outlierScores;
        init => _outlierScores = value is null || value.Length == Labels.Length ? value
            : throw new ArgumentException("One outlier score per label is needed.");
    }
    private readonly double[]? _outlierScores;

    public Dictionary<string, object> Parameters { get; }
    public string[] ClusterNames { get; }

    /// <summary>
    /// The fitted model behind the labels (HdbscanModel, GaussianMixtureModel, KMeansModel...) when the method has one,
    /// e.g. to label new data. Not part of the labels' bundle: export it on its own.
    /// </summary>
    public IBundleConvertible? Model { get; init; }

    public int RowCount => Labels.Length;
    public int NoiseCount => Labels.Count(l => l < 0);

    /// <summary>Points per cluster (noise excluded).</summary>
    public int[] Populations()
    {
        var p = new int[ClusterCount];
        foreach (var l in Labels) if (l >= 0) p[l]++;
        return p;
    }

    /// <summary>
    /// Labels as a (frames × atoms) grid in frame-major order when the rows form one; the frame and
    /// atom orders are those of first appearance.
    /// </summary>
    public bool TryGrid(out int[] frames, out int[] atomIds, out int[] grid)
    {
        frames = Frames.Distinct().ToArray();
        atomIds = AtomIds.Distinct().ToArray();
        grid = Labels;
        if ((long)frames.Length * atomIds.Length != Labels.Length) return false;
        for (int f = 0, r = 0; f < frames.Length; f++)
            for (int a = 0; a < atomIds.Length; a++, r++)
                if (Frames[r] != frames[f] || AtomIds[r] != atomIds[a]) return false;
        return true;
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        if (TryGrid(out var frames, out var atoms, out _))
        {
            b.Add("labels", NdArray.Of(Labels.Select(l => (long)l).ToArray(), frames.Length, atoms.Length), "frame", "centre");
            b.AddCoordinate("frame", "frame", NdArray.Of(frames));
            b.AddCoordinate("atom_id", "centre", NdArray.Of(atoms));
            if (Probabilities is not null) b.Add("probabilities", NdArray.Of(Probabilities, frames.Length, atoms.Length), "frame", "centre");
            if (Membership is not null) b.Add("membership", NdArray.Of(Membership, frames.Length, atoms.Length, ClusterCount), "frame", "centre", "cluster");
            if (OutlierScores is not null) b.Add("outlier_scores", NdArray.Of(OutlierScores, frames.Length, atoms.Length), "frame", "centre");
        }
        else
        {
            b.Add("labels", NdArray.Of(Labels.Select(l => (long)l).ToArray(), 1, Labels.Length), "frame", "row");
            b.AddCoordinate("frame", "row", NdArray.Of(Frames));
            b.AddCoordinate("atom_id", "row", NdArray.Of(AtomIds));
            if (Probabilities is not null) b.Add("probabilities", NdArray.Of(Probabilities, 1, Labels.Length), "frame", "row");
            if (Membership is not null) b.Add("membership", NdArray.Of(Membership, 1, Labels.Length, ClusterCount), "frame", "row", "cluster");
            if (OutlierScores is not null) b.Add("outlier_scores", NdArray.Of(OutlierScores, 1, Labels.Length), "frame", "row");
        }
        b.Attributes["method"] = Method;
        b.Attributes["cluster_count"] = (long)ClusterCount;
        b.Attributes["cluster_names"] = ClusterNames;
        foreach (var (k, v) in Parameters) b.Attributes[k] = v;
        return b;
    }

    public static ClusterLabels FromBundle(DataBundle b)
    {
        var labelsVar = b.Get("labels");
        var labels = labelsVar.Values.ToInt64Array().Select(l => checked((int)l)).ToArray();
        int n = labels.Length;
        int[] frames, atoms;
        if (labelsVar.Dims.Length == 2 && labelsVar.Dims[1] == "centre")
        {
            var fr = b.FindCoordinate("frame")?.Values.ToInt32Array() ?? Enumerable.Range(0, labelsVar.Values.Shape[0]).ToArray();
            var at = b.FindCoordinate("atom_id")?.Values.ToInt32Array() ?? Enumerable.Range(0, labelsVar.Values.Shape[1]).ToArray();
            frames = new int[n]; atoms = new int[n];
            for (int f = 0, r = 0; f < fr.Length; f++)
                for (int a = 0; a < at.Length; a++, r++) { frames[r] = fr[f]; atoms[r] = at[a]; }
        }
        else
        {
            frames = b.FindCoordinate("frame")?.Values.ToInt32Array() ?? new int[n];
            atoms = b.FindCoordinate("atom_id")?.Values.ToInt32Array() ?? Enumerable.Range(0, n).ToArray();
        }
        int k = checked((int)b.GetAttribute("cluster_count", (long)(labels.Length == 0 ? 0 : labels.Max() + 1)));
        var names = b.Attributes.TryGetValue("cluster_names", out var cn) && cn is string[] s && s.Length == k ? s : null;
        var parameters = b.Attributes.Where(kv => kv.Key is not "method" and not "cluster_count" and not "cluster_names")
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        return new ClusterLabels(labels, frames, atoms, k, b.GetAttribute("method", "unknown"),
            b.Find("probabilities")?.Values.ToDoubleArray(), b.Find("membership")?.Values.ToDoubleArray(), parameters, names)
        {
            OutlierScores = b.Find("outlier_scores")?.Values.ToDoubleArray(),
        };
    }

    public override string ToString() => $"{ClusterCount} clusters over {RowCount} points ({Method}{(NoiseCount > 0 ? $", {NoiseCount} noise" : "")})";
}
