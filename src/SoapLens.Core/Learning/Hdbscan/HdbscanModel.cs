using System.Globalization;
using SoapLens.Data;

namespace SoapLens.Learning;

/// <summary>One row of the condensed tree: <see cref="Child"/> (a point below N, a cluster from N) leaves or splits from <see cref="Parent"/> at <see cref="Lambda"/> = 1/distance.</summary>
public readonly record struct CondensedTreeRow(int Parent, int Child, double Lambda, int ChildSize);

/// <summary>
/// A fitted HDBSCAN* model, everything hdbscan's HDBSCAN object exposes: condensed tree
/// (condensed_tree_), minimum spanning tree, core distances, selected clusters, persistence
/// (cluster_persistence_), exemplars, labels (labels_), probabilities (probabilities_), GLOSH
/// outlier scores (outlier_scores_) and soft-clustering membership vectors. Per-point arrays are in
/// the order of the rows the model was fitted on.
/// <para>
/// Labels are numbered as hdbscan numbers them: by increasing condensed-tree id of the selected
/// clusters, i.e. breadth-first order of the single-linkage tree, whose left child at each merge is
/// the side of the merging edge's smaller row (edges ordered by weight, then smaller row, then
/// larger row).
/// </para>
/// </summary>
public sealed class HdbscanModel : IBundleConvertible
{
    public const string Kind = "HdbscanModel";

    public HdbscanModel(HdbscanOptions options, int dimension, CondensedTree condensedTree, SpanningTree spanningTree,
        double[] coreDistances, int[] selected, double[] persistence, int[][] exemplars, int[] labels, double[] probabilities,
        double[] outlierScores, double[]? membership)
    {
        int n = condensedTree.PointCount;
        if (coreDistances.Length != n || labels.Length != n || probabilities.Length != n || outlierScores.Length != n)
            throw new ArgumentException("Per-point arrays must have one value per point.");
        if (persistence.Length != selected.Length || exemplars.Length != selected.Length)
            throw new ArgumentException("Per-cluster arrays must have one entry per selected cluster.");
        if (membership is not null && membership.LongLength != (long)n * selected.Length)
            throw new ArgumentException("Membership must be points x clusters.");
        Options = options;
        Dimension = dimension;
        CondensedTree = condensedTree;
        SpanningTree = spanningTree;
        CoreDistances = coreDistances;
        SelectedClusters = selected;
        Persistence = persistence;
        ExemplarRows = exemplars;
        Labels = labels;
        Probabilities = probabilities;
        OutlierScores = outlierScores;
        Membership = membership;
    }

    /// <summary>The parameters used (MinSamples resolved to the value actually used).</summary>
    public HdbscanOptions Options { get; }
    public int MinClusterSize => Options.MinClusterSize;
    public int MinSamples => Options.MinSamples ?? Options.MinClusterSize;
    public ClusterSelectionMethod ClusterSelectionMethod => Options.ClusterSelectionMethod;
    public double ClusterSelectionEpsilon => Options.ClusterSelectionEpsilon;
    public bool AllowSingleCluster => Options.AllowSingleCluster;

    public int PointCount => CondensedTree.PointCount;
    public int Dimension { get; }
    public int ClusterCount => SelectedClusters.Length;
    public int NoiseCount => Labels.Count(l => l < 0);

    public CondensedTree CondensedTree { get; }

    /// <summary>The minimum spanning tree of the mutual-reachability graph, edges sorted by (weight, from, to).</summary>
    public SpanningTree SpanningTree { get; }

    public double[] CoreDistances { get; }

    /// <summary>Cluster index (into the condensed tree, root = 0) of each label.</summary>
    internal int[] SelectedClusters { get; }

    /// <summary>Condensed-tree node id of each label (hdbscan's numbering: points 0..N−1, root N).</summary>
    public int[] SelectedNodeIds => SelectedClusters.Select(c => c + PointCount).ToArray();

    /// <summary>Persistence (hdbscan's cluster_persistence_) of each label.</summary>
    public double[] Persistence { get; }

    /// <summary>Exemplar rows of each label (prediction_data_.exemplars).</summary>
    public int[][] ExemplarRows { get; }

    /// <summary>Hard labels (−1 noise), whatever -Soft chose for the ClusterLabels result.</summary>
    public int[] Labels { get; }
    public double[] Probabilities { get; }
    public double[] OutlierScores { get; }

    /// <summary>Membership vectors, points × clusters row-major (null when not computed).</summary>
    public double[]? Membership { get; }

    /// <summary>The most probable cluster of every point, noise included (argmax of the membership row).</summary>
    public int[] SoftLabels()
    {
        int n = PointCount, k = ClusterCount;
        var soft = new int[n];
        if (Membership is null || k == 0) { Array.Fill(soft, -1); return soft; }
        for (int p = 0; p < n; p++)
        {
            int arg = 0;
            double best = Membership[(long)p * k];
            for (int c = 1; c < k; c++)
            {
                double v = Membership[(long)p * k + c];
                if (v > best) { best = v; arg = c; }
            }
            soft[p] = arg;
        }
        return soft;
    }

    /// <summary>The single-linkage tree in SciPy linkage format (hdbscan's single_linkage_tree_).</summary>
    public SingleLinkageTree SingleLinkageTree() => Learning.SingleLinkageTree.FromSpanningTree(SpanningTree, PointCount);

    /// <summary>The condensed tree as rows (hdbscan's condensed_tree_.to_numpy()).</summary>
    public CondensedTreeRow[] CondensedTreeRows()
    {
        var t = CondensedTree;
        var rows = new CondensedTreeRow[t.RowCount];
        for (int r = 0; r < rows.Length; r++) rows[r] = new CondensedTreeRow(t.Parent[r], t.Child[r], t.Lambda[r], t.ChildSize[r]);
        return rows;
    }

    public int[] Populations()
    {
        var p = new int[ClusterCount];
        foreach (var l in Labels) if (l >= 0) p[l]++;
        return p;
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        var t = CondensedTree;
        var tree = new double[t.RowCount * 4];
        for (int r = 0; r < t.RowCount; r++)
        {
            tree[4 * r] = t.Parent[r]; tree[4 * r + 1] = t.Child[r]; tree[4 * r + 2] = t.Lambda[r]; tree[4 * r + 3] = t.ChildSize[r];
        }
        b.Add("condensed_tree", NdArray.Of(tree, t.RowCount, 4), "tree_row", "field");
        var slt = SingleLinkageTree();
        var linkage = new double[slt.Left.Length * 4];
        for (int i = 0; i < slt.Left.Length; i++)
        {
            linkage[4 * i] = slt.Left[i]; linkage[4 * i + 1] = slt.Right[i]; linkage[4 * i + 2] = slt.Distance[i]; linkage[4 * i + 3] = slt.Size[i];
        }
        b.Add("single_linkage_tree", NdArray.Of(linkage, slt.Left.Length, 4), "merge", "field");
        var st = SpanningTree;
        var mst = new double[st.EdgeCount * 3];
        for (int e = 0; e < st.EdgeCount; e++) { mst[3 * e] = st.From[e]; mst[3 * e + 1] = st.To[e]; mst[3 * e + 2] = st.Weight[e]; }
        b.Add("minimum_spanning_tree", NdArray.Of(mst, st.EdgeCount, 3), "edge", "edge_field");
        b.Add("selected_clusters", NdArray.Of(SelectedNodeIds.Select(i => (long)i).ToArray()), "cluster");
        b.Add("cluster_persistence", NdArray.Of((double[])Persistence.Clone()), "cluster");
        var exRows = ExemplarRows.SelectMany(e => e).Select(i => (long)i).ToArray();
        var exLabels = ExemplarRows.SelectMany((e, k) => Enumerable.Repeat((long)k, e.Length)).ToArray();
        b.Add("exemplars", NdArray.Of(exRows), "exemplar");
        b.Add("exemplar_labels", NdArray.Of(exLabels), "exemplar");
        b.Add("labels", NdArray.Of(Labels.Select(l => (long)l).ToArray()), "point");
        b.Add("probabilities", NdArray.Of(Probabilities), "point");
        b.Add("outlier_scores", NdArray.Of(OutlierScores), "point");
        b.Add("core_distances", NdArray.Of(CoreDistances), "point");
        if (Membership is not null) b.Add("membership", NdArray.Of(Membership, PointCount, ClusterCount), "point", "cluster");
        b.Attributes["min_cluster_size"] = (long)MinClusterSize;
        b.Attributes["min_samples"] = (long)MinSamples;
        b.Attributes["cluster_selection_method"] = ClusterSelectionMethod.ToString().ToLowerInvariant();
        b.Attributes["cluster_selection_epsilon"] = ClusterSelectionEpsilon;
        b.Attributes["allow_single_cluster"] = AllowSingleCluster;
        b.Attributes["dimension"] = (long)Dimension;
        b.Attributes["cluster_count"] = (long)ClusterCount;
        b.Attributes["point_count"] = (long)PointCount;
        return b;
    }

    /// <summary>
    /// The model when the bundle holds all of it (an HDF5 export), otherwise the one array a
    /// single-array format kept (e.g. the condensed tree from .npy) as a plain dataset.
    /// </summary>
    public static object FromBundleOrTable(DataBundle b) =>
        s_required.All(name => b.Find(name) is not null) ? FromBundle(b) : Dataset.FromBundle(b);

    private static readonly string[] s_required =
        ["condensed_tree", "minimum_spanning_tree", "selected_clusters", "cluster_persistence", "exemplars", "exemplar_labels",
         "labels", "probabilities", "outlier_scores", "core_distances"];

    public static HdbscanModel FromBundle(DataBundle b)
    {
        var tree = b.Get("condensed_tree").Values;
        int rows = tree.Shape[0];
        int n = checked((int)b.GetAttribute("point_count", 0L));
        var parent = new int[rows];
        var child = new int[rows];
        var lambda = new double[rows];
        var size = new int[rows];
        var tv = tree.ToDoubleArray();
        for (int r = 0; r < rows; r++)
        {
            parent[r] = checked((int)tv[4 * r]); child[r] = checked((int)tv[4 * r + 1]); lambda[r] = tv[4 * r + 2]; size[r] = checked((int)tv[4 * r + 3]);
        }
        var condensed = new CondensedTree(n, parent, child, lambda, size);
        var mv = b.Get("minimum_spanning_tree").Values.ToDoubleArray();
        int edges = mv.Length / 3;
        var from = new int[edges];
        var to = new int[edges];
        var weight = new double[edges];
        for (int e = 0; e < edges; e++) { from[e] = checked((int)mv[3 * e]); to[e] = checked((int)mv[3 * e + 1]); weight[e] = mv[3 * e + 2]; }
        var selected = b.Get("selected_clusters").Values.ToInt64Array().Select(i => checked((int)(i - n))).ToArray();
        var exRows = b.Get("exemplars").Values.ToInt64Array();
        var exLabels = b.Get("exemplar_labels").Values.ToInt64Array();
        var exemplars = new int[selected.Length][];
        for (int k = 0; k < selected.Length; k++)
            exemplars[k] = exRows.Where((_, i) => exLabels[i] == k).Select(i => checked((int)i)).ToArray();
        var method = Enum.Parse<ClusterSelectionMethod>(b.GetAttribute("cluster_selection_method", "eom"), ignoreCase: true);
        var options = new HdbscanOptions
        {
            MinClusterSize = checked((int)b.GetAttribute("min_cluster_size", 5L)),
            MinSamples = checked((int)b.GetAttribute("min_samples", 5L)),
            ClusterSelectionMethod = method,
            ClusterSelectionEpsilon = b.GetAttribute("cluster_selection_epsilon", 0.0),
            AllowSingleCluster = b.GetAttribute("allow_single_cluster", false),
            ComputeMembership = b.Find("membership") is not null,
        };
        return new HdbscanModel(options, checked((int)b.GetAttribute("dimension", 0L)), condensed, new SpanningTree(from, to, weight),
            b.Get("core_distances").Values.ToDoubleArray(), selected, b.Get("cluster_persistence").Values.ToDoubleArray(), exemplars,
            b.Get("labels").Values.ToInt64Array().Select(l => checked((int)l)).ToArray(),
            b.Get("probabilities").Values.ToDoubleArray(), b.Get("outlier_scores").Values.ToDoubleArray(),
            b.Find("membership")?.Values.ToDoubleArray());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"HDBSCAN* model: {ClusterCount} clusters over {PointCount} points (min_cluster_size {MinClusterSize}, min_samples {MinSamples}, {ClusterSelectionMethod.ToString().ToLowerInvariant()})");
}
