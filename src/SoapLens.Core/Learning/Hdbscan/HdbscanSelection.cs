namespace SoapLens.Learning;

/// <summary>
/// The flat clustering read off a condensed tree, as hdbscan's get_clusters computes it: selected
/// clusters (cluster indices into the tree, ascending: label k is Selected[k]), labels (−1 noise),
/// membership probabilities, GLOSH outlier scores and per-cluster persistence.
/// </summary>
internal sealed record FlatClustering(int[] Selected, int[] Labels, double[] Probabilities, double[] OutlierScores,
    double[] Persistence);

internal static class HdbscanSelection
{
    public static FlatClustering Select(CondensedTree tree, HdbscanOptions options)
    {
        int m = tree.NodeCount;
        int n = tree.PointCount;
        bool allowSingle = options.AllowSingleCluster;
        double eps = options.ClusterSelectionEpsilon;
        var stability = tree.Stability();
        var isCluster = new bool[m];
        bool hasClusterTree = m > 1;

        if (options.ClusterSelectionMethod == ClusterSelectionMethod.Eom)
        {
            int lowest = allowSingle ? 0 : 1;
            var kept = new bool[m];
            // Children have larger ids than parents, so descending ids visit children first.
            for (int c = m - 1; c >= lowest; c--)
            {
                // hdbscan holds this sum in a C float; the rounding decides near-ties the same way.
                double sum = tree.IsLeafCluster(c) ? 0.0 : stability[tree.FirstChild[c]] + stability[tree.SecondChild[c]];
                double subtree = (float)sum;
                if (subtree > stability[c]) stability[c] = subtree;
                else kept[c] = true;
            }
            // A kept cluster is selected unless an ancestor was kept too (hdbscan then unselects
            // the whole subtree of that ancestor).
            var covered = new bool[m];
            for (int c = 1; c < m; c++)
            {
                int p = tree.ClusterParent[c];
                covered[c] = kept[p] || covered[p];
            }
            for (int c = 0; c < m; c++) isCluster[c] = kept[c] && !covered[c];
            if (eps != 0.0 && hasClusterTree)
            {
                var eom = Selected(isCluster);
                var chosen = eom.Count == 1 && eom[0] == 0
                    ? (allowSingle ? eom : [])
                    : EpsilonSearch(tree, eom, eps, allowSingle);
                Array.Clear(isCluster);
                foreach (var c in chosen) isCluster[c] = true;
            }
        }
        else
        {
            var leaves = new List<int>();
            if (hasClusterTree)
                for (int c = 1; c < m; c++) if (tree.IsLeafCluster(c)) leaves.Add(c);
            var chosen = eps != 0.0 ? EpsilonSearch(tree, leaves, eps, allowSingle) : leaves;
            Array.Clear(isCluster);
            foreach (var c in chosen) isCluster[c] = true;
        }

        var selected = Selected(isCluster).ToArray();
        var labelOf = new int[m];
        Array.Fill(labelOf, -1);
        for (int k = 0; k < selected.Length; k++) labelOf[selected[k]] = k;

        // Owner of each cluster: itself when selected, else the owner of its parent (hdbscan's
        // union-find over the non-selected edges of the tree comes to the same).
        var owner = new int[m];
        for (int c = 0; c < m; c++)
            owner[c] = isCluster[c] ? c : c == 0 ? -1 : owner[tree.ClusterParent[c]];

        var labels = new int[n];
        var probabilities = new double[n];
        for (int p = 0; p < n; p++)
        {
            int r = tree.PointRow[p];
            int o = owner[tree.Parent[r] - n];
            double lam = tree.Lambda[r];
            int label;
            if (o < 0) label = -1;
            else if (o == 0)
            {
                // Only reached when the root itself was selected (allow_single_cluster).
                double threshold = eps != 0.0 ? 1.0 / eps : tree.Death[0];
                label = selected.Length == 1 && allowSingle && lam >= threshold ? 0 : -1;
            }
            else label = labelOf[o];
            labels[p] = label;
            if (label >= 0)
            {
                double maxLambda = tree.Death[selected[label]];
                probabilities[p] = maxLambda == 0.0 || !double.IsFinite(lam) ? 1.0 : Math.Min(lam, maxLambda) / maxLambda;
            }
        }

        var outlier = OutlierScores(tree);

        double maxLambdaAll = 0;
        foreach (var l in tree.Lambda) if (l > maxLambdaAll || double.IsPositiveInfinity(l)) maxLambdaAll = l;
        var sizes = new int[selected.Length];
        foreach (var l in labels) if (l >= 0) sizes[l]++;
        var persistence = new double[selected.Length];
        for (int k = 0; k < selected.Length; k++)
            persistence[k] = double.IsInfinity(maxLambdaAll) || maxLambdaAll == 0.0 || sizes[k] == 0
                ? 1.0
                : stability[selected[k]] / (sizes[k] * maxLambdaAll);

        return new FlatClustering(selected, labels, probabilities, outlier, persistence);
    }

    /// <summary>GLOSH: (λ_max − λ_point) / λ_max with λ_max the largest λ below the point's cluster.</summary>
    public static double[] OutlierScores(CondensedTree tree)
    {
        int n = tree.PointCount;
        var deaths = tree.SubtreeDeath();
        var scores = new double[n];
        for (int p = 0; p < n; p++)
        {
            int r = tree.PointRow[p];
            double lmax = deaths[tree.Parent[r] - n];
            double lam = tree.Lambda[r];
            // λ_max is infinite below a pile of identical points; hdbscan then returns NaN, 1 is the limit.
            scores[p] = lmax == 0.0 || !double.IsFinite(lam) ? 0.0 : double.IsPositiveInfinity(lmax) ? 1.0 : (lmax - lam) / lmax;
        }
        return scores;
    }

    private static List<int> Selected(bool[] isCluster)
    {
        var s = new List<int>();
        for (int c = 0; c < isCluster.Length; c++) if (isCluster[c]) s.Add(c);
        return s;
    }

    private static void MarkDescendants(CondensedTree tree, int c, bool[] flags, bool value)
    {
        var stack = new Stack<int>();
        if (tree.FirstChild[c] >= 0) stack.Push(tree.FirstChild[c]);
        if (tree.SecondChild[c] >= 0) stack.Push(tree.SecondChild[c]);
        while (stack.Count > 0)
        {
            int x = stack.Pop();
            flags[x] = value;
            if (tree.FirstChild[x] >= 0) stack.Push(tree.FirstChild[x]);
            if (tree.SecondChild[x] >= 0) stack.Push(tree.SecondChild[x]);
        }
    }

    // hdbscan's epsilon_search: a candidate born below ε is replaced by its nearest ancestor born
    // above ε (the root only with allow_single_cluster); candidates are visited in ascending id.
    private static List<int> EpsilonSearch(CondensedTree tree, List<int> candidates, double eps, bool allowSingle)
    {
        var chosen = new List<int>();
        var processed = new bool[tree.NodeCount];
        foreach (int leaf in candidates)
        {
            double leafEps = 1.0 / tree.Birth[leaf];
            if (leafEps < eps)
            {
                if (processed[leaf]) continue;
                int up = TraverseUpwards(tree, leaf, eps, allowSingle);
                if (!chosen.Contains(up)) chosen.Add(up);
                MarkDescendants(tree, up, processed, true);
            }
            else if (!chosen.Contains(leaf)) chosen.Add(leaf);
        }
        chosen.Sort();
        return chosen;
    }

    private static int TraverseUpwards(CondensedTree tree, int leaf, double eps, bool allowSingle)
    {
        while (true)
        {
            int parent = tree.ClusterParent[leaf];
            if (parent == 0) return allowSingle ? parent : leaf;
            if (1.0 / tree.Birth[parent] > eps) return parent;
            leaf = parent;
        }
    }
}
