namespace SoapLens.Learning;

/// <summary>
/// Soft clustering as hdbscan.all_points_membership_vectors (hdbscan 0.8.x prediction.py and
/// _prediction_utils.pyx), for the points the model was fitted on:
/// <list type="bullet">
/// <item>exemplars of a selected cluster: the points of each leaf cluster below it that leave the
/// leaf at its largest λ;</item>
/// <item>distance part: 1 / (least distance to the cluster's exemplars), normalised to sum 1 (no
/// softmax; a zero distance counts as DBL_MAX / K);</item>
/// <item>outlier part: exp(−(λ_max(point's cluster) + 1e−8) / merge height), where the merge height is
/// the λ at which the point's cluster and the selected cluster join in the condensed tree (the point's
/// own λ when one contains the other), then softmaxed (shifted by the global maximum) and normalised;</item>
/// <item>membership = normalised product, times the probability of being in some cluster,
/// max merge height / max(λ_max of that cluster, point λ).</item>
/// </list>
/// </summary>
internal static class HdbscanSoft
{
    /// <summary>Exemplar rows of each selected cluster (hdbscan's prediction_data_.exemplars).</summary>
    public static int[][] Exemplars(CondensedTree tree, int[] selected)
    {
        int n = tree.PointCount;
        // One pass over the rows collects every leaf cluster's points at its largest λ, in row order.
        var atDeath = new Dictionary<int, List<int>>();
        for (int r = 0; r < tree.RowCount; r++)
        {
            int c = tree.Child[r];
            int leaf = tree.Parent[r] - n;
            if (c >= n || !tree.IsLeafCluster(leaf) || tree.Lambda[r] != tree.Death[leaf]) continue;
            if (!atDeath.TryGetValue(leaf, out var points)) atDeath[leaf] = points = new List<int>();
            points.Add(c);
        }
        var result = new int[selected.Length][];
        for (int k = 0; k < selected.Length; k++)
        {
            var rows = new List<int>();
            foreach (int leaf in tree.LeavesBelow(selected[k]))
                if (atDeath.TryGetValue(leaf, out var points)) rows.AddRange(points);
            result[k] = rows.ToArray();
        }
        return result;
    }

    /// <summary>
    /// Membership vectors (rows × K, row-major) for all points of <paramref name="values"/>.
    /// </summary>
    public static double[] MembershipVectors(CondensedTree tree, int[] selected, int[][] exemplars,
        double[] values, int dim, int threads, CancellationToken cancel, Action<long, long>? progress)
    {
        int n = tree.PointCount;
        int k = selected.Length;
        var result = new double[(long)n * k];
        if (k == 0) return result;

        var nearest = new ExemplarDistances(exemplars, values, dim);

        // Merge heights depend on a point only through its cluster and its λ, so points are
        // visited grouped by cluster and the joins are worked out once per group.
        var order = PointsByCluster(tree);
        var depth = new int[tree.NodeCount];
        for (int c = 1; c < tree.NodeCount; c++) depth[c] = depth[tree.ClusterParent[c]] + 1;

        // hdbscan shifts the outlier scores by their global maximum before the softmax; a first,
        // cheap pass finds it (a maximum does not depend on the order of the chunks).
        int chunks = (n + HdbscanMst.Chunk - 1) / HdbscanMst.Chunk;
        var chunkMax = new double[chunks];
        HdbscanMst.ForChunks(n, threads, cancel, null, () => new SoftScratch(k, 0), (from, to, s) =>
        {
            double max = double.NegativeInfinity;
            for (int i = from; i < to; i++)
            {
                OutlierScores(tree, selected, depth, order[i], s);
                for (int c = 0; c < k; c++) if (s.Scores[c] > max) max = s.Scores[c];
            }
            chunkMax[from / HdbscanMst.Chunk] = max;
        });
        double globalMax = double.NegativeInfinity;
        foreach (var m in chunkMax) if (m > globalMax) globalMax = m;

        HdbscanMst.ForChunks(n, threads, cancel, progress, () => new SoftScratch(k, nearest.ScratchSize), (from, to, s) =>
        {
            for (int i = from; i < to; i++)
            {
                int p = order[i];
                double inCluster = OutlierScores(tree, selected, depth, p, s);
                var scores = s.Scores;
                for (int c = 0; c < k; c++) scores[c] = Math.Exp(scores[c] - globalMax);
                double rowSum = NumpySum.Pairwise(scores);
                for (int c = 0; c < k; c++) scores[c] /= rowSum;

                var m = result.AsSpan((int)((long)p * k), k);
                nearest.Compute(values.AsSpan(p * dim, dim), m, s);
                double sum = 0;
                for (int c = 0; c < k; c++)
                {
                    double d = m[c];
                    m[c] = d != 0 ? 1.0 / d : double.MaxValue / k;
                    sum += m[c];
                }
                for (int c = 0; c < k; c++) m[c] /= sum;
                for (int c = 0; c < k; c++) m[c] *= scores[c];
                double total = NumpySum.Pairwise(m);
                for (int c = 0; c < k; c++) m[c] = m[c] / total * inCluster;
            }
        });
        return result;
    }

    // Per-cluster outlier scores exp(−(λ_max + 1e−8) / merge height) of point p into s.Scores, and
    // returns its probability of being in some cluster.
    private static double OutlierScores(CondensedTree tree, int[] selected, int[] depth, int p, SoftScratch s)
    {
        int n = tree.PointCount, k = selected.Length;
        int r = tree.PointRow[p];
        int pc = tree.Parent[r] - n;
        if (pc != s.Cluster)
        {
            for (int c = 0; c < k; c++) s.Join[c] = JoinLambda(tree, depth, pc, selected[c]);
            s.Cluster = pc;
        }
        double lam = tree.Lambda[r];
        double best = double.NegativeInfinity;
        int arg = 0;
        double maxLambda = tree.Death[pc] + 1e-8;
        for (int c = 0; c < k; c++)
        {
            double h = double.IsNaN(s.Join[c]) ? lam : s.Join[c];
            if (h > best) { best = h; arg = c; }
            s.Scores[c] = Math.Exp(-Ratio(maxLambda, h));
        }
        return Ratio(best, Math.Max(tree.Death[selected[arg]], lam));
    }

    // a / b, except ∞ / ∞ = 1: λ is infinite only for piles of identical points (distance 0),
    // where hdbscan returns NaN; 1 is the limit of equal λ.
    private static double Ratio(double a, double b) =>
        double.IsPositiveInfinity(a) && double.IsPositiveInfinity(b) ? 1.0 : a / b;

    private sealed class SoftScratch(int k, int distances)
    {
        public readonly double[] Join = new double[k];
        public readonly double[] Scores = new double[k];
        public readonly double[] Distances = new double[distances];
        public readonly KdTree.KnnScratch Knn = new();
        public int Cluster = -1;
    }

    /// <summary>
    /// Least Euclidean distance from a point to the exemplars of each cluster. Small exemplar sets
    /// (the usual case: the points alive at a leaf's last split) are scanned together, column by
    /// column in SIMD lanes; large ones (piles of identical points) get a k-d tree. Either way the
    /// value is the minimum of <see cref="KdTree.SquaredDistance"/> over the set, exactly.
    /// </summary>
    private sealed class ExemplarDistances
    {
        private const int SmallSet = 1024;
        private readonly KdTree?[] _trees;
        private readonly int[] _start;      // per cluster: its range in the packed columns (empty for tree clusters)
        private readonly double[] _columns; // small sets packed column-major, in cluster order

        public ExemplarDistances(int[][] exemplars, double[] values, int dim)
        {
            int k = exemplars.Length;
            _trees = new KdTree?[k];
            _start = new int[k + 1];
            int packed = 0;
            for (int c = 0; c < k; c++) if (exemplars[c].Length <= SmallSet) packed += exemplars[c].Length;
            _columns = new double[Math.Max(1, packed * dim)];
            int at = 0;
            for (int c = 0; c < k; c++)
            {
                var ex = exemplars[c];
                _start[c] = at;
                if (ex.Length > SmallSet)
                {
                    var coords = new double[ex.Length * dim];
                    for (int i = 0; i < ex.Length; i++) values.AsSpan(ex[i] * dim, dim).CopyTo(coords.AsSpan(i * dim, dim));
                    _trees[c] = new KdTree(coords, ex.Length, dim, leafSize: 8);
                    continue;
                }
                foreach (var e in ex)
                {
                    for (int d = 0; d < dim; d++) _columns[d * packed + at] = values[e * dim + d];
                    at++;
                }
            }
            _start[k] = at;
            ScratchSize = packed;
        }

        public int ScratchSize { get; }

        /// <summary>Least distance to each cluster's exemplars into <paramref name="dest"/>.</summary>
        public void Compute(ReadOnlySpan<double> q, Span<double> dest, SoftScratch s)
        {
            if (ScratchSize > 0) KdTree.ColumnSquaredDistances(_columns, ScratchSize, 0, ScratchSize, q, s.Distances);
            for (int c = 0; c < dest.Length; c++)
            {
                if (_trees[c] is { } tree) { dest[c] = tree.NearestDistance(q, s.Knn); continue; }
                double min = double.PositiveInfinity;
                for (int i = _start[c]; i < _start[c + 1]; i++) if (s.Distances[i] < min) min = s.Distances[i];
                dest[c] = Math.Sqrt(min);
            }
        }
    }

    // Points ordered by the cluster they leave the tree from (counting sort, stable in point order).
    private static int[] PointsByCluster(CondensedTree tree)
    {
        int n = tree.PointCount;
        var start = new int[tree.NodeCount + 1];
        for (int p = 0; p < n; p++) start[tree.Parent[tree.PointRow[p]] - n + 1]++;
        for (int c = 0; c < tree.NodeCount; c++) start[c + 1] += start[c];
        var order = new int[n];
        for (int p = 0; p < n; p++) order[start[tree.Parent[tree.PointRow[p]] - n]++] = p;
        return order;
    }

    /// <summary>
    /// λ at which clusters <paramref name="a"/> and <paramref name="b"/> join in the condensed tree
    /// (hdbscan's merge_height), or NaN when one contains the other (then the point's own λ is used).
    /// </summary>
    private static double JoinLambda(CondensedTree tree, int[] depth, int a, int b)
    {
        bool movedA = false, movedB = false;
        int last = -1;
        while (depth[a] > depth[b]) { last = a; a = tree.ClusterParent[a]; movedA = true; }
        while (depth[b] > depth[a]) { last = b; b = tree.ClusterParent[b]; movedB = true; }
        while (a != b)
        {
            last = a; a = tree.ClusterParent[a]; b = tree.ClusterParent[b];
            movedA = movedB = true;
        }
        // Both sides climbed: the λ at which the last child merged into the common ancestor
        // (both children of a split share it).
        return movedA && movedB ? tree.Birth[last] : double.NaN;
    }
}
