using System.Numerics;

namespace SoapLens.Learning;

/// <summary>
/// The layout of scikit-learn's <c>sklearn.neighbors.KDTree</c> (Euclidean), rebuilt number for
/// number so that an algorithm walking it visits nodes and points in the same order as code written
/// against scikit-learn's tree (hdbscan's dual-tree Borůvka):
/// <list type="bullet">
/// <item>a complete binary tree of 2^L − 1 nodes, L = ⌊log2(max(1, (N − 1) / leaf_size))⌋ + 1, node i
/// having children 2i + 1 and 2i + 2; every node of the last level is a leaf;</item>
/// <item>a node splits its points at n/2 (the left child gets the smaller half) along the first
/// dimension of largest spread, with <c>std::nth_element</c> under the total order (value, row);
/// the order of points inside each half is what libstdc++'s introselect leaves, reproduced here
/// step for step, because it decides which of two equally good candidates a scan meets first;</item>
/// <item>bounds are the per-dimension minimum and maximum of the node's points; the radius is
/// √Σ(½(max − min))².</item>
/// </list>
/// </summary>
internal sealed class SklearnKdTree
{
    public SklearnKdTree(double[] data, int rows, int dim, int leafSize)
    {
        if (rows < 1 || dim < 1 || leafSize < 1) throw new ArgumentException("A k-d tree needs points, dimensions and a leaf size ≥ 1.");
        Data = data;
        Count = rows;
        Dim = dim;
        Levels = (int)(Math.Log2(Math.Max(1.0, (rows - 1) / (double)leafSize)) + 1);
        NodeCount = (1 << Levels) - 1;
        IdxArray = new int[rows];
        for (int i = 0; i < rows; i++) IdxArray[i] = i;
        IdxStart = new int[NodeCount];
        IdxEnd = new int[NodeCount];
        IsLeaf = new bool[NodeCount];
        Radius = new double[NodeCount];
        Lower = new double[NodeCount * dim];
        Upper = new double[NodeCount * dim];
        Build(0, 0, rows);
    }

    /// <summary>The points, row-major, in the caller's order (scikit-learn keeps them unpermuted).</summary>
    public double[] Data { get; }
    public int Count { get; }
    public int Dim { get; }
    public int Levels { get; }
    public int NodeCount { get; }

    /// <summary>Tree position → row (scikit-learn's idx_array).</summary>
    public int[] IdxArray { get; }
    public int[] IdxStart { get; }
    public int[] IdxEnd { get; }
    public bool[] IsLeaf { get; }
    public double[] Radius { get; }

    /// <summary>Node bounds, node-major (node_bounds[0] and [1]).</summary>
    public double[] Lower { get; }
    public double[] Upper { get; }

    private void Build(int node, int start, int end)
    {
        InitNode(node, start, end);
        if (2 * node + 1 >= NodeCount || end - start < 2)
        {
            IsLeaf[node] = true;
            return;
        }
        int n = end - start;
        int mid = n / 2;
        int split = SplitDimension(start, end);
        NthElement(IdxArray, start, start + mid, end, new Comparer(Data, Dim, split));
        Build(2 * node + 1, start, start + mid);
        Build(2 * node + 2, start + mid, end);
    }

    private void InitNode(int node, int start, int end)
    {
        int d = Dim;
        var lo = Lower.AsSpan(node * d, d);
        var hi = Upper.AsSpan(node * d, d);
        lo.Fill(double.PositiveInfinity);
        hi.Fill(double.NegativeInfinity);
        for (int i = start; i < end; i++)
        {
            int row = IdxArray[i] * d;
            for (int j = 0; j < d; j++)
            {
                double v = Data[row + j];
                lo[j] = Math.Min(lo[j], v);
                hi[j] = Math.Max(hi[j], v);
            }
        }
        double rad = 0;
        for (int j = 0; j < d; j++)
        {
            double t = 0.5 * Math.Abs(hi[j] - lo[j]);
            rad += t * t;
        }
        IdxStart[node] = start;
        IdxEnd[node] = end;
        Radius[node] = Math.Sqrt(Math.Max(rad, 0));
    }

    // First dimension of strictly largest spread (scikit-learn's find_node_split_dim).
    private int SplitDimension(int start, int end)
    {
        int best = 0;
        double bestSpread = 0;
        for (int j = 0; j < Dim; j++)
        {
            double max = Data[IdxArray[start] * Dim + j], min = max;
            for (int i = start + 1; i < end; i++)
            {
                double v = Data[IdxArray[i] * Dim + j];
                max = Math.Max(max, v);
                min = Math.Min(min, v);
            }
            double spread = max - min;
            if (spread > bestSpread) { bestSpread = spread; best = j; }
        }
        return best;
    }

    /// <summary>
    /// Squared distance between the boxes of two nodes (hdbscan's kdtree_min_rdist_dual):
    /// Σ (½((l₁ − u₂ + |l₁ − u₂|) + (l₂ − u₁ + |l₂ − u₁|)))².
    /// </summary>
    public double MinRdistDual(int node1, int node2)
    {
        int d = Dim;
        int a = node1 * d, b = node2 * d;
        double rdist = 0;
        for (int j = 0; j < d; j++)
        {
            double d1 = Lower[a + j] - Upper[b + j];
            double d2 = Lower[b + j] - Upper[a + j];
            double t = 0.5 * ((d1 + Math.Abs(d1)) + (d2 + Math.Abs(d2)));
            rdist += t * t;
        }
        return rdist;
    }

    /// <summary>Squared Euclidean distance between rows, summed in feature order.</summary>
    public double Rdist(int rowA, int rowB)
    {
        int d = Dim;
        int a = rowA * d, b = rowB * d;
        double s = 0;
        for (int j = 0; j < d; j++)
        {
            double t = Data[a + j] - Data[b + j];
            s += t * t;
        }
        return s;
    }

    /// <summary>A strict weak order on row indices.</summary>
    internal interface ILess
    {
        bool Less(int a, int b);
    }

    // scikit-learn's IndexComparator: by value along the split dimension, ties by row.
    internal readonly struct Comparer(double[] data, int dim, int split) : ILess
    {
        public bool Less(int a, int b)
        {
            double va = data[a * dim + split], vb = data[b * dim + split];
            return va == vb ? a < b : va < vb;
        }
    }

    /// <summary>libstdc++'s <c>std::nth_element</c> (introselect), operation for operation.</summary>
    internal static void NthElement<T>(int[] v, int first, int nth, int last, T c) where T : struct, ILess
    {
        if (first == last || nth == last) return;
        int depth = 2 * BitOperations.Log2((uint)(last - first));
        while (last - first > 3)
        {
            if (depth == 0)
            {
                HeapSelect(v, first, nth + 1, last, c);
                (v[first], v[nth]) = (v[nth], v[first]);
                return;
            }
            depth--;
            int cut = UnguardedPartitionPivot(v, first, last, c);
            if (cut <= nth) first = cut;
            else last = cut;
        }
        InsertionSort(v, first, last, c);
    }

    private static int UnguardedPartitionPivot<T>(int[] v, int first, int last, T c) where T : struct, ILess
    {
        int mid = first + (last - first) / 2;
        MoveMedianToFirst(v, first, first + 1, mid, last - 1, c);
        return UnguardedPartition(v, first + 1, last, first, c);
    }

    private static void MoveMedianToFirst<T>(int[] v, int result, int a, int b, int cc, T c) where T : struct, ILess
    {
        int pick;
        if (c.Less(v[a], v[b]))
        {
            if (c.Less(v[b], v[cc])) pick = b;
            else if (c.Less(v[a], v[cc])) pick = cc;
            else pick = a;
        }
        else if (c.Less(v[a], v[cc])) pick = a;
        else if (c.Less(v[b], v[cc])) pick = cc;
        else pick = b;
        (v[result], v[pick]) = (v[pick], v[result]);
    }

    private static int UnguardedPartition<T>(int[] v, int first, int last, int pivot, T c) where T : struct, ILess
    {
        while (true)
        {
            while (c.Less(v[first], v[pivot])) first++;
            last--;
            while (c.Less(v[pivot], v[last])) last--;
            if (!(first < last)) return first;
            (v[first], v[last]) = (v[last], v[first]);
            first++;
        }
    }

    private static void InsertionSort<T>(int[] v, int first, int last, T c) where T : struct, ILess
    {
        if (first == last) return;
        for (int i = first + 1; i != last; i++)
        {
            int val = v[i];
            if (c.Less(val, v[first]))
            {
                Array.Copy(v, first, v, first + 1, i - first);
                v[first] = val;
            }
            else
            {
                int hole = i, next = i - 1;
                while (c.Less(val, v[next])) { v[hole] = v[next]; hole = next; next--; }
                v[hole] = val;
            }
        }
    }

    private static void HeapSelect<T>(int[] v, int first, int middle, int last, T c) where T : struct, ILess
    {
        MakeHeap(v, first, middle, c);
        for (int i = middle; i < last; i++)
            if (c.Less(v[i], v[first]))
            {
                int value = v[i];
                v[i] = v[first];
                AdjustHeap(v, first, 0, middle - first, value, c);
            }
    }

    private static void MakeHeap<T>(int[] v, int first, int last, T c) where T : struct, ILess
    {
        int len = last - first;
        if (len < 2) return;
        for (int parent = (len - 2) / 2; ; parent--)
        {
            AdjustHeap(v, first, parent, len, v[first + parent], c);
            if (parent == 0) return;
        }
    }

    private static void AdjustHeap<T>(int[] v, int first, int hole, int len, int value, T c) where T : struct, ILess
    {
        int top = hole, second = hole;
        while (second < (len - 1) / 2)
        {
            second = 2 * (second + 1);
            if (c.Less(v[first + second], v[first + second - 1])) second--;
            v[first + hole] = v[first + second];
            hole = second;
        }
        if ((len & 1) == 0 && second == (len - 2) / 2)
        {
            second = 2 * (second + 1);
            v[first + hole] = v[first + second - 1];
            hole = second - 1;
        }
        int parent = (hole - 1) / 2;
        while (hole > top && c.Less(v[first + parent], value))
        {
            v[first + hole] = v[first + parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        v[first + hole] = value;
    }
}
