using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>Phases of an HDBSCAN* fit, for progress reports.</summary>
public enum HdbscanPhase
{
    CoreDistances,
    SpanningTree,
    Tree,
    Membership,
}

/// <summary>
/// HDBSCAN* with the semantics of the hdbscan package 0.8.x (Euclidean metric, alpha = 1): core
/// distances, exact minimum spanning tree of the mutual-reachability graph, single-linkage and
/// condensed trees, eom/leaf selection with cluster_selection_epsilon and allow_single_cluster,
/// labels, probabilities, GLOSH outlier scores, and soft clustering
/// (all_points_membership_vectors). Scales to 10⁶ low-dimensional points in O(N) memory.
/// </summary>
public static class Hdbscan
{
    /// <summary>Clusters the rows of <paramref name="data"/>.</summary>
    public static HdbscanModel Fit(Dataset data, HdbscanOptions options, CancellationToken cancel = default,
        Action<HdbscanPhase, long, long>? progress = null)
    {
        for (int r = 0; r < data.RowCount; r++)
            foreach (var v in data.Row(r))
                if (!double.IsFinite(v))
                    throw SoapLensException.InvalidData(
                        $"Row {r} (frame {data.Frames[r]}, atom {data.AtomIds[r]}) of {data} holds a non-finite value; HDBSCAN* needs finite coordinates.", data);
        return Fit(data.Values, data.RowCount, data.ColumnCount, options, cancel, progress);
    }

    /// <summary>Clusters <paramref name="rows"/> points of <paramref name="dim"/> coordinates (row-major).</summary>
    public static HdbscanModel Fit(double[] values, int rows, int dim, HdbscanOptions options, CancellationToken cancel = default,
        Action<HdbscanPhase, long, long>? progress = null)
    {
        options.Validate();
        if (rows < 2) throw SoapLensException.InvalidData($"HDBSCAN* needs at least 2 points (got {rows}).");
        if (dim < 1) throw SoapLensException.InvalidData("HDBSCAN* needs at least one column.");
        if ((long)rows * dim != values.LongLength) throw new ArgumentException("values must hold rows x dim numbers.");
        for (long i = 0; i < values.LongLength; i++)
            if (!double.IsFinite(values[i]))
                throw SoapLensException.InvalidData($"Row {i / dim} holds a non-finite value; HDBSCAN* needs finite coordinates.");
        int minSamples = options.EffectiveMinSamples(rows);

        progress?.Invoke(HdbscanPhase.CoreDistances, 0, rows);
        var tree = new KdTree(values, rows, dim);
        // hdbscan 0.8.x queries min_samples + 1 neighbours, the point itself being the first.
        var corePos = HdbscanMst.CoreDistances(tree, minSamples + 1, options.Threads, cancel,
            progress is null ? null : (done, total) => progress(HdbscanPhase.CoreDistances, done, total));
        progress?.Invoke(HdbscanPhase.SpanningTree, 0, rows - 1);
        var mst = HdbscanMst.Boruvka(tree, corePos, options.Threads, cancel,
            progress is null ? null : left => progress(HdbscanPhase.SpanningTree, rows - left, rows - 1));
        var core = new double[rows];
        for (int i = 0; i < rows; i++) core[tree.Index[i]] = corePos[i];

        cancel.ThrowIfCancellationRequested();
        progress?.Invoke(HdbscanPhase.Tree, 0, 1);
        var slt = SingleLinkageTree.FromSpanningTree(mst, rows);
        var condensed = CondensedTree.Condense(slt, options.MinClusterSize);
        var flat = HdbscanSelection.Select(condensed, options);
        var exemplars = HdbscanSoft.Exemplars(condensed, flat.Selected);
        progress?.Invoke(HdbscanPhase.Tree, 1, 1);

        double[]? membership = null;
        if (options.ComputeMembership && flat.Selected.Length > 0)
        {
            if ((long)rows * flat.Selected.Length > Array.MaxLength)
                throw SoapLensException.InvalidData(
                    $"Membership vectors for {rows} points × {flat.Selected.Length} clusters do not fit in one array; raise MinClusterSize or skip soft clustering.");
            progress?.Invoke(HdbscanPhase.Membership, 0, rows);
            membership = HdbscanSoft.MembershipVectors(condensed, flat.Selected, exemplars, values, dim, options.Threads, cancel,
                progress is null ? null : (done, total) => progress(HdbscanPhase.Membership, done, total));
        }

        return new HdbscanModel(options with { MinSamples = minSamples }, dim, condensed, mst, core,
            flat.Selected, flat.Persistence, exemplars, flat.Labels, flat.Probabilities, flat.OutlierScores, membership);
    }
}
