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
        if (!(ClusterSelectionEpsilon >= 0) || double.IsInfinity(ClusterSelectionEpsilon))
            throw SoapLensException.Argument($"ClusterSelectionEpsilon must be a finite distance ≥ 0 (got {ClusterSelectionEpsilon}).", nameof(ClusterSelectionEpsilon));
    }
}
