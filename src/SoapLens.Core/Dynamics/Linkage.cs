using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>
/// Average-linkage (UPGMA) hierarchical clustering in SciPy's conventions, so that results compare
/// with scipy.cluster.hierarchy one to one: condensed distances, the (n−1)×4 linkage matrix
/// [cluster i, cluster j, distance, size] with originals 0..n−1 and merge k numbered n+k, and
/// fcluster(criterion='distance'). The merge order is SciPy's: nearest-neighbour chain
/// (scipy 1.x nn_chain), then a stable sort by distance and union-find relabelling, so that tied
/// heights come out in the same order and with the same numbers.
/// </summary>
public static class Linkage
{
    /// <summary>Index of the pair (i, j), i ≠ j, in a condensed distance vector of n observations.</summary>
    public static int CondensedIndex(int n, int i, int j)
    {
        if (i > j) (i, j) = (j, i);
        return n * i - i * (i + 1) / 2 + (j - i - 1);
    }

    /// <summary>
    /// Condensed correlation distances 1 − r between the rows of <paramref name="x"/>
    /// (scipy.spatial.distance.pdist(x, 'correlation'): rows centred, then cosine distance with the
    /// cosine clipped to [−1, 1]). A row with zero variance has no correlation: the error names it.
    /// </summary>
    public static double[] CorrelationDistances(double[,] x, string[]? rowNames = null)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var centred = new double[n * d];
        var norms = new double[n];
        var flat = new List<string>();
        for (int i = 0; i < n; i++)
        {
            double mean = 0;
            for (int c = 0; c < d; c++) mean += x[i, c];
            mean /= d;
            double ss = 0;
            for (int c = 0; c < d; c++)
            {
                double v = x[i, c] - mean;
                centred[i * d + c] = v;
                ss += v * v;
            }
            norms[i] = Math.Sqrt(ss);
            if (!(norms[i] > 0) || !double.IsFinite(norms[i])) flat.Add(rowNames?[i] ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (flat.Count > 0)
            throw new SoapLensException("ZeroVarianceRow", ErrorKind.InvalidData,
                $"The correlation distance is undefined for cluster(s) {string.Join(", ", flat)}: their rows of the probability matrix are constant " +
                "(no outgoing transitions, or all equal). SciPy refuses such input too; merge them with an explicit -Map or drop them from the labels.");
        var dist = new double[n * (n - 1) / 2];
        for (int i = 0, k = 0; i < n; i++)
            for (int j = i + 1; j < n; j++, k++)
            {
                double dot = 0;
                for (int c = 0; c < d; c++) dot += centred[i * d + c] * centred[j * d + c];
                double cos = dot / (norms[i] * norms[j]);
                if (Math.Abs(cos) > 1) cos = Math.CopySign(1, cos);
                dist[k] = 1 - cos;
            }
        return dist;
    }

    /// <summary>
    /// Average linkage of <paramref name="n"/> observations from condensed distances: the SciPy
    /// linkage matrix (n−1)×4, identical to scipy.cluster.hierarchy.linkage(y, method='average').
    /// </summary>
    public static double[,] Average(ReadOnlySpan<double> condensed, int n)
    {
        if (n < 2) throw SoapLensException.Argument($"Linkage needs at least two observations (got {n}).");
        if (condensed.Length != n * (n - 1) / 2)
            throw SoapLensException.Argument($"{n} observations need {n * (n - 1) / 2} condensed distances, got {condensed.Length}.");
        foreach (var v in condensed)
            if (!double.IsFinite(v)) throw SoapLensException.InvalidData("The condensed distance matrix must contain only finite values.");

        var D = condensed.ToArray();
        var size = new int[n];
        Array.Fill(size, 1);
        var chain = new int[n];
        int chainLength = 0;
        var z = new double[n - 1, 4];

        for (int k = 0; k < n - 1; k++)
        {
            if (chainLength == 0)
            {
                for (int i = 0; i < n; i++)
                    if (size[i] > 0) { chain[0] = i; break; }
                chainLength = 1;
            }
            int x, y = 0;
            double currentMin;
            // Follow nearest neighbours until two clusters are each other's nearest.
            while (true)
            {
                x = chain[chainLength - 1];
                // Prefer the previous chain element on ties, so the chain cannot cycle.
                if (chainLength > 1)
                {
                    y = chain[chainLength - 2];
                    currentMin = D[CondensedIndex(n, x, y)];
                }
                else currentMin = double.PositiveInfinity;
                for (int i = 0; i < n; i++)
                {
                    if (size[i] == 0 || i == x) continue;
                    double dist = D[CondensedIndex(n, x, i)];
                    if (dist < currentMin) { currentMin = dist; y = i; }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) break;
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) (x, y) = (y, x);
            int nx = size[x], ny = size[y];
            z[k, 0] = x;
            z[k, 1] = y;
            z[k, 2] = currentMin;
            z[k, 3] = nx + ny;
            size[x] = 0;
            size[y] = nx + ny;
            for (int i = 0; i < n; i++)
            {
                if (size[i] == 0 || i == y) continue;
                int iy = CondensedIndex(n, i, y);
                D[iy] = (nx * D[CondensedIndex(n, i, x)] + ny * D[iy]) / (nx + ny);
            }
        }
        return Relabel(SortByDistance(z), n);
    }

    // numpy.argsort(kind='mergesort') is stable: equal heights keep their merge order.
    private static double[,] SortByDistance(double[,] z)
    {
        int m = z.GetLength(0);
        var order = Enumerable.Range(0, m).ToArray();
        var keys = new double[m];
        for (int i = 0; i < m; i++) keys[i] = z[i, 2];
        order = order.OrderBy(i => keys[i]).ToArray(); // LINQ OrderBy is a stable sort
        var s = new double[m, 4];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < 4; c++) s[i, c] = z[order[i], c];
        return s;
    }

    // SciPy's label(): rename merged clusters in the sorted order with a union-find.
    private static double[,] Relabel(double[,] z, int n)
    {
        var parent = new int[2 * n - 1];
        var sz = new int[2 * n - 1];
        for (int i = 0; i < parent.Length; i++) { parent[i] = i; sz[i] = i < n ? 1 : 0; }
        int next = n;
        int Find(int x)
        {
            int root = x;
            while (parent[root] != root) root = parent[root];
            while (parent[x] != root) { int p = parent[x]; parent[x] = root; x = p; }
            return root;
        }
        for (int i = 0; i < n - 1; i++)
        {
            int xr = Find((int)z[i, 0]), yr = Find((int)z[i, 1]);
            if (xr < yr) { z[i, 0] = xr; z[i, 1] = yr; }
            else { z[i, 0] = yr; z[i, 1] = xr; }
            parent[xr] = next;
            parent[yr] = next;
            sz[next] = sz[xr] + sz[yr];
            z[i, 3] = sz[next];
            next++;
        }
        return z;
    }

    /// <summary>
    /// Flat clusters such that observations in one cluster have cophenetic distance ≤ <paramref name="threshold"/>:
    /// scipy.cluster.hierarchy.fcluster(Z, t, criterion='distance'), numbered from 1 in SciPy's order.
    /// </summary>
    public static int[] FCluster(double[,] z, double threshold)
    {
        int n = z.GetLength(0) + 1;
        var t = new int[n];
        if (n == 1) { t[0] = 1; return t; }
        // Largest merge height inside each subtree (scipy get_max_dist_for_each_cluster).
        var maxDist = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            double m = z[i, 2];
            for (int c = 0; c < 2; c++)
            {
                int child = (int)z[i, c];
                if (child >= n) m = Math.Max(m, maxDist[child - n]);
            }
            maxDist[i] = m;
        }
        // Depth-first walk from the root as scipy's cluster_monocrit does (left subtree first,
        // the leaves of a node numbered after both subtrees), so the numbers match SciPy's.
        var stack = new int[n];
        var visited = new bool[2 * n - 1];
        int k = 0, nCluster = 0, leader = -1;
        stack[0] = 2 * n - 2;
        while (k >= 0)
        {
            int root = stack[k] - n;
            int lc = (int)z[root, 0], rc = (int)z[root, 1];
            if (leader == -1 && maxDist[root] <= threshold) { leader = root; nCluster++; }
            if (lc >= n && !visited[lc]) { visited[lc] = true; stack[++k] = lc; continue; }
            if (rc >= n && !visited[rc]) { visited[rc] = true; stack[++k] = rc; continue; }
            if (lc < n) { if (leader == -1) nCluster++; t[lc] = nCluster; }
            if (rc < n) { if (leader == -1) nCluster++; t[rc] = nCluster; }
            if (leader == root) leader = -1;
            k--;
        }
        return t;
    }

    /// <summary>Leaves from left to right as scipy's dendrogram draws them (left child first).</summary>
    public static int[] LeafOrder(double[,] z)
    {
        int n = z.GetLength(0) + 1;
        if (n == 1) return [0];
        var order = new List<int>(n);
        var stack = new Stack<int>();
        stack.Push(2 * n - 2);
        while (stack.Count > 0)
        {
            int c = stack.Pop();
            if (c < n) { order.Add(c); continue; }
            stack.Push((int)z[c - n, 1]);
            stack.Push((int)z[c - n, 0]);
        }
        return order.ToArray();
    }

    /// <summary>Cophenetic distances (condensed): the height of the merge that first joins i and j.</summary>
    public static double[] Cophenetic(double[,] z)
    {
        int n = z.GetLength(0) + 1;
        var members = new List<int>[2 * n - 1];
        for (int i = 0; i < n; i++) members[i] = [i];
        var d = new double[n * (n - 1) / 2];
        for (int k = 0; k < n - 1; k++)
        {
            var a = members[(int)z[k, 0]];
            var b = members[(int)z[k, 1]];
            foreach (var i in a)
                foreach (var j in b) d[CondensedIndex(n, i, j)] = z[k, 2];
            members[n + k] = [.. a, .. b];
        }
        return d;
    }
}
