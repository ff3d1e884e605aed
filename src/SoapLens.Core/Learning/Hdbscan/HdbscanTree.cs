namespace SoapLens.Learning;

/// <summary>
/// A single-linkage hierarchy in SciPy linkage format: merge i joins nodes Left[i] and Right[i]
/// (ids below N are points, N + j is the node made by merge j) at Distance[i] into a node of
/// Size[i] points.
/// </summary>
public sealed record SingleLinkageTree(int[] Left, int[] Right, double[] Distance, int[] Size)
{
    public int PointCount => Left.Length + 1;

    /// <summary>
    /// Kruskal-style union-find over the sorted spanning tree, as hdbscan's label(): each edge's
    /// left child is the current cluster of its first endpoint (the smaller row).
    /// </summary>
    public static SingleLinkageTree FromSpanningTree(SpanningTree mst, int pointCount)
    {
        int merges = mst.EdgeCount;
        if (merges != pointCount - 1) throw new ArgumentException("A spanning tree of N points has N - 1 edges.");
        var parent = new int[2 * pointCount - 1];
        var size = new int[2 * pointCount - 1];
        for (int i = 0; i < parent.Length; i++) { parent[i] = i; size[i] = i < pointCount ? 1 : 0; }
        int Find(int x)
        {
            int r = x;
            while (parent[r] != r) r = parent[r];
            while (parent[x] != r) { int next = parent[x]; parent[x] = r; x = next; }
            return r;
        }
        var left = new int[merges];
        var right = new int[merges];
        var dist = new double[merges];
        var sz = new int[merges];
        for (int e = 0; e < merges; e++)
        {
            int a = Find(mst.From[e]), b = Find(mst.To[e]);
            int node = pointCount + e;
            left[e] = a; right[e] = b; dist[e] = mst.Weight[e];
            sz[e] = size[node] = size[a] + size[b];
            parent[a] = node; parent[b] = node;
        }
        return new SingleLinkageTree(left, right, dist, sz);
    }
}

/// <summary>
/// hdbscan's condensed tree: rows (Parent, Child, Lambda, ChildSize). Points are ids 0..N−1,
/// clusters N (the root), N+1, ... numbered in breadth-first order of the single-linkage tree, so a
/// child always has a larger id than its parent. λ = 1 / distance.
/// </summary>
public sealed class CondensedTree
{
    public CondensedTree(int pointCount, int[] parent, int[] child, double[] lambda, int[] childSize)
    {
        if (child.Length != parent.Length || lambda.Length != parent.Length || childSize.Length != parent.Length)
            throw new ArgumentException("Condensed-tree columns must have equal lengths.");
        PointCount = pointCount;
        Parent = parent;
        Child = child;
        Lambda = lambda;
        ChildSize = childSize;
        int maxId = pointCount;
        foreach (var p in parent) maxId = Math.Max(maxId, p);
        foreach (var c in child) maxId = Math.Max(maxId, c);
        NodeCount = maxId - pointCount + 1;
        ClusterParent = new int[NodeCount];
        Birth = new double[NodeCount];
        Death = new double[NodeCount];
        FirstChild = new int[NodeCount];
        SecondChild = new int[NodeCount];
        Array.Fill(ClusterParent, -1);
        Array.Fill(FirstChild, -1);
        Array.Fill(SecondChild, -1);
        PointRow = new int[pointCount];
        Array.Fill(PointRow, -1);
        for (int r = 0; r < parent.Length; r++)
        {
            int pc = parent[r] - pointCount;
            if (pc < 0) throw new ArgumentException($"Condensed-tree row {r}: parent {parent[r]} is a point.");
            if (lambda[r] > Death[pc]) Death[pc] = lambda[r];
            int c = child[r];
            if (c < pointCount) { PointRow[c] = r; continue; }
            int ci = c - pointCount;
            ClusterParent[ci] = pc;
            Birth[ci] = lambda[r];
            if (FirstChild[pc] < 0) FirstChild[pc] = ci; else SecondChild[pc] = ci;
        }
    }

    public int PointCount { get; }
    public int[] Parent { get; }
    public int[] Child { get; }
    public double[] Lambda { get; }
    public int[] ChildSize { get; }
    public int RowCount => Parent.Length;

    /// <summary>Cluster nodes including the root (cluster index i is node id N + i).</summary>
    public int NodeCount { get; }

    // Per cluster index: parent cluster index (-1 for the root), λ of birth (0 for the root), largest
    // λ among its own rows ("death"), children cluster indices (-1 when none).
    internal int[] ClusterParent { get; }
    internal double[] Birth { get; }
    internal double[] Death { get; }
    internal int[] FirstChild { get; }
    internal int[] SecondChild { get; }

    /// <summary>Row at which each point leaves the tree.</summary>
    internal int[] PointRow { get; }

    internal bool IsLeafCluster(int ci) => FirstChild[ci] < 0;

    /// <summary>
    /// Condenses a single-linkage tree as hdbscan's condense_tree does: walking it breadth-first, a
    /// split into two parts of at least <paramref name="minClusterSize"/> points makes two new
    /// clusters; a smaller part falls out of its cluster point by point at that λ.
    /// </summary>
    public static CondensedTree Condense(SingleLinkageTree slt, int minClusterSize)
    {
        int n = slt.PointCount;
        int total = 2 * n - 1;
        int root = total - 1;
        var parent = new List<int>(n + 64);
        var child = new List<int>(n + 64);
        var lambda = new List<double>(n + 64);
        var childSize = new List<int>(n + 64);
        if (n == 1)
        {
            parent.Add(1); child.Add(0); lambda.Add(double.PositiveInfinity); childSize.Add(1);
            return new CondensedTree(1, [.. parent], [.. child], [.. lambda], [.. childSize]);
        }
        var relabel = new int[total];
        relabel[root] = n;
        int nextLabel = n + 1;
        var ignore = new bool[total];
        var order = Bfs(slt, root, new int[total]);
        var queue = new int[total];
        int Count(int node) => node >= n ? slt.Size[node - n] : 1;
        void FallOut(int subRoot, int label, double lam)
        {
            int len = BfsInto(slt, subRoot, queue);
            for (int i = 0; i < len; i++)
            {
                int s = queue[i];
                if (s < n) { parent.Add(label); child.Add(s); lambda.Add(lam); childSize.Add(1); }
                ignore[s] = true;
            }
        }
        foreach (int node in order)
        {
            if (node < n || ignore[node]) continue;
            int m = node - n;
            int left = slt.Left[m], right = slt.Right[m];
            double d = slt.Distance[m];
            double lam = d > 0 ? 1.0 / d : double.PositiveInfinity;
            int lc = Count(left), rc = Count(right);
            int label = relabel[node];
            if (lc >= minClusterSize && rc >= minClusterSize)
            {
                relabel[left] = nextLabel++;
                parent.Add(label); child.Add(relabel[left]); lambda.Add(lam); childSize.Add(lc);
                relabel[right] = nextLabel++;
                parent.Add(label); child.Add(relabel[right]); lambda.Add(lam); childSize.Add(rc);
            }
            else if (lc < minClusterSize && rc < minClusterSize)
            {
                FallOut(left, label, lam);
                FallOut(right, label, lam);
            }
            else if (lc < minClusterSize)
            {
                relabel[right] = label;
                FallOut(left, label, lam);
            }
            else
            {
                relabel[left] = label;
                FallOut(right, label, lam);
            }
        }
        return new CondensedTree(n, [.. parent], [.. child], [.. lambda], [.. childSize]);
    }

    private static int[] Bfs(SingleLinkageTree slt, int root, int[] buffer)
    {
        int len = BfsInto(slt, root, buffer);
        return len == buffer.Length ? buffer : buffer[..len];
    }

    // Breadth-first order with the left child before the right (hdbscan's bfs_from_hierarchy).
    private static int BfsInto(SingleLinkageTree slt, int root, int[] queue)
    {
        int n = slt.PointCount;
        int head = 0, tail = 0;
        queue[tail++] = root;
        while (head < tail)
        {
            int x = queue[head++];
            if (x < n) continue;
            queue[tail++] = slt.Left[x - n];
            queue[tail++] = slt.Right[x - n];
        }
        return tail;
    }

    /// <summary>
    /// Stability of every cluster (hdbscan's compute_stability): Σ over its rows of
    /// (λ − λ_birth) × child size, summed in row order.
    /// </summary>
    public double[] Stability()
    {
        var s = new double[NodeCount];
        for (int r = 0; r < RowCount; r++)
        {
            int pc = Parent[r] - PointCount;
            s[pc] += (Lambda[r] - Birth[pc]) * ChildSize[r];
        }
        return s;
    }

    /// <summary>Largest λ anywhere below each cluster (its own rows and all descendants').</summary>
    internal double[] SubtreeDeath()
    {
        var d = (double[])Death.Clone();
        for (int ci = NodeCount - 1; ci > 0; ci--)
        {
            int p = ClusterParent[ci];
            if (p >= 0 && d[ci] > d[p]) d[p] = d[ci];
        }
        return d;
    }

    /// <summary>Leaf clusters below (or equal to) <paramref name="ci"/>, depth first, first child first.</summary>
    internal List<int> LeavesBelow(int ci)
    {
        var result = new List<int>();
        var stack = new Stack<int>();
        stack.Push(ci);
        while (stack.Count > 0)
        {
            int c = stack.Pop();
            if (IsLeafCluster(c)) { result.Add(c); continue; }
            if (SecondChild[c] >= 0) stack.Push(SecondChild[c]);
            stack.Push(FirstChild[c]);
        }
        return result;
    }
}
