using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>How flat clusters are read off the condensed tree (hdbscan's cluster_selection_method).</summary>
public enum ClusterSelectionMethod
{
    /// <summary>Excess of mass: the most stable set of non-overlapping clusters (hdbscan's default).</summary>
    Eom,

    /// <summary>The leaves of the condensed cluster tree: many small, homogeneous clusters.</summary>
    Leaf,
}

/// <summary>How the spanning tree of the mutual-reachability graph is built.</summary>
public enum HdbscanAlgorithm
{
    /// <summary>The exact minimum spanning tree (parallel Borůvka over a k-d tree); the default.</summary>
    Exact,

    /// <summary>
    /// hdbscan's default algorithm ('boruvka_kdtree' over scikit-learn's KDTree, leaf_size 40),
    /// reproduced step for step so that labels, numbering, probabilities and membership vectors come
    /// out as hdbscan's. Its Borůvka rounds run on one thread. With <see cref="HdbscanOptions.ApproxMinSpanTree"/> (hdbscan's
    /// default) its tree is not always a minimum one.
    /// </summary>
    HdbscanBoruvkaKdTree,
}

/// <summary>Parameters of HDBSCAN*, named and defaulted as in the hdbscan package (0.8.x).</summary>
public sealed record HdbscanOptions
{
    /// <summary>Smallest group that counts as a cluster (hdbscan's min_cluster_size, default 5).</summary>
    public int MinClusterSize { get; init; } = 5;

    /// <summary>
    /// Neighbourhood size for core distances (min_samples); null means <see cref="MinClusterSize"/>.
    /// As hdbscan 0.8.x computes it, the core distance is the distance to the min_samples-th
    /// nearest <em>other</em> point (a k-NN query with k = min_samples + 1 that returns the point
    /// itself first), whatever its docstring says.
    /// </summary>
    public int? MinSamples { get; init; }

    public ClusterSelectionMethod ClusterSelectionMethod { get; init; } = ClusterSelectionMethod.Eom;

    /// <summary>Clusters born below this distance are merged into their parent (cluster_selection_epsilon).</summary>
    public double ClusterSelectionEpsilon { get; init; }

    /// <summary>Lets excess of mass select the root, i.e. a single cluster (allow_single_cluster).</summary>
    public bool AllowSingleCluster { get; init; }

    /// <summary>Compute soft-clustering membership vectors (hdbscan.all_points_membership_vectors).</summary>
    public bool ComputeMembership { get; init; } = true;

    /// <summary>Spanning-tree algorithm: exact (default) or hdbscan's own boruvka_kdtree.</summary>
    public HdbscanAlgorithm Algorithm { get; init; } = HdbscanAlgorithm.Exact;

    /// <summary>
    /// With <see cref="HdbscanAlgorithm.HdbscanBoruvkaKdTree"/>: keep Borůvka's node bounds from one
    /// round to the next as hdbscan does by default (approx_min_span_tree=True); false resets them
    /// every round. Ignored by the exact algorithm.
    /// </summary>
    public bool ApproxMinSpanTree { get; init; } = true;

    /// <summary>
    /// With <see cref="HdbscanAlgorithm.HdbscanBoruvkaKdTree"/>: hdbscan's leaf_size (default 40; the
    /// Borůvka tree uses leaf_size / 3, at least 1, as hdbscan does).
    /// </summary>
    public int LeafSize { get; init; } = 40;

    /// <summary>Worker threads (≤ 0: all cores). Results are identical for any value.</summary>
    public int Threads { get; init; }

    /// <summary>The min_samples actually used for <paramref name="pointCount"/> points (hdbscan caps it at N − 1).</summary>
    public int EffectiveMinSamples(int pointCount) => Math.Max(1, Math.Min(MinSamples ?? MinClusterSize, pointCount - 1));

    public void Validate()
    {
        if (MinClusterSize < 2)
            throw SoapLensException.Argument($"MinClusterSize must be at least 2 (got {MinClusterSize}).", nameof(MinClusterSize));
        if (MinSamples is < 1)
            throw SoapLensException.Argument($"MinSamples must be at least 1 (got {MinSamples}).", nameof(MinSamples));
        if (LeafSize < 1)
            throw SoapLensException.Argument($"LeafSize must be at least 1 (got {LeafSize}).", nameof(LeafSize));
        if (!Enum.IsDefined(Algorithm))
            throw SoapLensException.Argument($"Unknown HDBSCAN* algorithm {Algorithm}.", nameof(Algorithm));
        if (!(ClusterSelectionEpsilon >= 0) || double.IsInfinity(ClusterSelectionEpsilon))
            throw SoapLensException.Argument($"ClusterSelectionEpsilon must be a finite distance ≥ 0 (got {ClusterSelectionEpsilon}).", nameof(ClusterSelectionEpsilon));
    }
}
