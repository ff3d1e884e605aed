using System.Numerics;
using System.Runtime.CompilerServices;

namespace SoapLens.Learning;

/// <summary>
/// A static k-d tree over N points in D dimensions (Euclidean), built once and queried from many
/// threads. Points are copied into tree order so that a leaf is one contiguous block of memory;
/// <see cref="Index"/> maps a tree position back to the caller's row. Nodes carry tight bounding
/// boxes. Construction is deterministic (median split on the widest box side, ties broken by row
/// index; piles of identical points halved), so every query result depends on the data only,
/// never on threads or timing.
/// </summary>
public sealed class KdTree
{
    private const int MaxDepth = 128;

    /// <summary>Builds the tree over <paramref name="rows"/> × <paramref name="dim"/> row-major values.</summary>
    public KdTree(ReadOnlySpan<double> values, int rows, int dim, int leafSize = 32)
    {
        if (rows < 1) throw new ArgumentException("A k-d tree needs at least one point.");
        if (dim < 1) throw new ArgumentException("A k-d tree needs at least one dimension.");
        if ((long)rows * dim != values.Length) throw new ArgumentException("values must hold rows x dim numbers.");
        Count = rows;
        Dim = dim;
        LeafSize = Math.Max(1, leafSize);
        Index = new int[rows];
        for (int i = 0; i < rows; i++) Index[i] = i;

        // Halving splits leave at least (LeafSize + 1) / 2 points per leaf.
        int maxNodes = 2 * (rows / Math.Max(1, (LeafSize + 1) / 2) + 1);
        var start = new int[maxNodes];
        var end = new int[maxNodes];
        var left = new int[maxNodes];
        var right = new int[maxNodes];
        var lo = new double[maxNodes * dim];
        var hi = new double[maxNodes * dim];
        var keys = new double[rows];
        int nodes = 0;

        // Build depth-first with an explicit stack: node ids are in pre-order, children after parents.
        var stack = new Stack<int>();
        start[0] = 0; end[0] = rows; nodes = 1;
        stack.Push(0);
        while (stack.Count > 0)
        {
            int n = stack.Pop();
            int s = start[n], e = end[n];
            ComputeBox(values, s, e, lo.AsSpan(n * dim, dim), hi.AsSpan(n * dim, dim));
            left[n] = right[n] = -1;
            if (e - s <= LeafSize) continue;
            int split = 0;
            double widest = -1;
            for (int k = 0; k < dim; k++)
            {
                double w = hi[n * dim + k] - lo[n * dim + k];
                if (w > widest) { widest = w; split = k; }
            }
            int mid = s + (e - s) / 2;
            // Identical points are still split in halves (in their current, deterministic order)
            // so that a pile of duplicates never becomes one huge leaf.
            if (widest > 0)
            {
                for (int i = s; i < e; i++) keys[i] = values[Index[i] * dim + split];
                Select(keys, Index, s, e - 1, mid);
            }
            if (nodes + 2 > maxNodes) throw new InvalidOperationException("k-d tree node estimate exceeded.");
            int l = nodes++, r = nodes++;
            left[n] = l; right[n] = r;
            start[l] = s; end[l] = mid;
            start[r] = mid; end[r] = e;
            stack.Push(r);
            stack.Push(l);
        }

        NodeCount = nodes;
        Start = start[..nodes];
        End = end[..nodes];
        Left = left[..nodes];
        Right = right[..nodes];
        Lo = lo[..(nodes * dim)];
        Hi = hi[..(nodes * dim)];
        Points = new double[(long)rows * dim];
        for (int i = 0; i < rows; i++) values.Slice(Index[i] * dim, dim).CopyTo(Points.AsSpan(i * dim, dim));
        Coords = new double[(long)rows * dim];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < dim; k++) Coords[(long)k * rows + i] = Points[(long)i * dim + k];
        Position = new int[rows];
        for (int i = 0; i < rows; i++) Position[Index[i]] = i;
    }

    public int Count { get; }
    public int Dim { get; }
    public int LeafSize { get; }
    public int NodeCount { get; }

    /// <summary>Tree position → caller's row.</summary>
    public int[] Index { get; }

    /// <summary>Caller's row → tree position.</summary>
    public int[] Position { get; }

    /// <summary>Coordinates in tree order (Count × Dim).</summary>
    internal double[] Points { get; }

    /// <summary>The same coordinates column by column (Dim × Count), for vectorised leaf scans.</summary>
    internal double[] Coords { get; }
    internal int[] Start { get; }
    internal int[] End { get; }
    internal int[] Left { get; }
    internal int[] Right { get; }
    internal double[] Lo { get; }
    internal double[] Hi { get; }

    internal bool IsLeaf(int node) => Left[node] < 0;

    internal ReadOnlySpan<double> PointAt(int position) => Points.AsSpan(position * Dim, Dim);

    /// <summary>
    /// Squared Euclidean distance summed in feature order (as hdbscan and scikit-learn do), so a
    /// distance computed here is the same number wherever it is computed.
    /// </summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double d = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double t = a[k] - b[k];
            d += t * t;
        }
        return d;
    }

    /// <summary>
    /// Squared distances from <paramref name="q"/> to the points at tree positions [s, e), into
    /// <paramref name="dest"/>[0..e−s). Several points at once in SIMD lanes; every lane performs the
    /// same operations in the same order as <see cref="SquaredDistance"/> (no fused multiply-add),
    /// so the numbers are bit-identical to it.
    /// </summary>
    internal void SquaredDistances(int s, int e, ReadOnlySpan<double> q, Span<double> dest) =>
        ColumnSquaredDistances(Coords, Count, s, e, q, dest);

    /// <summary>
    /// <see cref="SquaredDistances"/> over any column-major block: coordinate k of point i is
    /// <paramref name="columns"/>[k × <paramref name="stride"/> + i].
    /// </summary>
    internal static void ColumnSquaredDistances(double[] columns, int stride, int s, int e, ReadOnlySpan<double> q, Span<double> dest)
    {
        int len = e - s;
        int dim = q.Length;
        int i = 0;
        ref double c = ref columns[0];
        if (Vector.IsHardwareAccelerated && len >= Vector<double>.Count)
        {
            int w = Vector<double>.Count;
            for (; i <= len - w; i += w)
            {
                var t = Unsafe.ReadUnaligned<Vector<double>>(ref Unsafe.As<double, byte>(ref Unsafe.Add(ref c, s + i))) - new Vector<double>(q[0]);
                var acc = t * t;
                for (int k = 1; k < dim; k++)
                {
                    t = Unsafe.ReadUnaligned<Vector<double>>(ref Unsafe.As<double, byte>(ref Unsafe.Add(ref c, (nint)k * stride + s + i))) - new Vector<double>(q[k]);
                    acc += t * t;
                }
                Unsafe.WriteUnaligned(ref Unsafe.As<double, byte>(ref dest[i]), acc);
            }
        }
        for (; i < len; i++)
        {
            double d = 0;
            for (int k = 0; k < dim; k++)
            {
                double t = q[k] - columns[(long)k * stride + s + i];
                d += t * t;
            }
            dest[i] = d;
        }
    }

    /// <summary>
    /// Squared distance from <paramref name="q"/> to the box of <paramref name="node"/>. Each term is
    /// no larger than the matching term for any point in the box and rounding is monotone, so this is
    /// never larger than <see cref="SquaredDistance"/> to a point inside: pruning on it is exact.
    /// </summary>
    internal double BoxSquaredDistance(int node, ReadOnlySpan<double> q)
    {
        // Branch-free: t = max(l − v, v − h, 0) is the same number as the gap on the side of the
        // box the query lies beyond (and 0 inside).
        ref double lo = ref Lo[node * Dim];
        ref double hi = ref Hi[node * Dim];
        double d = 0;
        for (int k = 0; k < q.Length; k++)
        {
            double v = q[k];
            double t = Math.Max(Math.Max(Unsafe.Add(ref lo, k) - v, v - Unsafe.Add(ref hi, k)), 0.0);
            d += t * t;
        }
        return d;
    }

    /// <summary>
    /// Distance from the point at tree position <paramref name="position"/> to its k-th nearest
    /// point, the point itself counting as the first (distance 0). k is at most Count.
    /// </summary>
    public double KthNeighbourDistance(int position, int k, KnnScratch scratch)
    {
        if (k < 1 || k > Count) throw new ArgumentOutOfRangeException(nameof(k));
        var q = PointAt(position);
        var heap = scratch.Heap(k);
        var dist = scratch.Leaf(LeafSize);
        var stack = scratch.Stack;
        var stackD = scratch.StackDistance;
        // A max-heap of the k smallest squared distances so far; its top is the pruning bound.
        // Values not below the bound never change the k-th smallest, so they are dropped.
        int size = 0, top = 0;
        double bound = double.PositiveInfinity;
        stack[top] = 0; stackD[top] = 0; top++;
        while (top > 0)
        {
            top--;
            int n = stack[top];
            if (stackD[top] >= bound) continue;
            if (!IsLeaf(n))
            {
                PushChildren(n, q, stack, stackD, ref top);
                continue;
            }
            int s = Start[n], e = End[n];
            SquaredDistances(s, e, q, dist);
            for (int i = 0; i < e - s; i++)
            {
                double d2 = dist[i];
                if (d2 >= bound) continue;
                if (size < k)
                {
                    HeapPush(heap, ref size, d2);
                    if (size == k) bound = heap[0];
                }
                else
                {
                    HeapReplaceTop(heap, size, d2);
                    bound = heap[0];
                }
            }
        }
        return Math.Sqrt(heap[0]);
    }

    // Max-heap on squared distances (heap[0] = largest kept).
    private static void HeapPush(double[] heap, ref int size, double v)
    {
        int i = size++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (heap[parent] >= v) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = v;
    }

    private static void HeapReplaceTop(double[] heap, int size, double v)
    {
        int i = 0;
        while (true)
        {
            int c = 2 * i + 1;
            if (c >= size) break;
            if (c + 1 < size && heap[c + 1] > heap[c]) c++;
            if (heap[c] <= v) break;
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }

    /// <summary>
    /// Smallest Euclidean distance from <paramref name="q"/> to any point of the tree. The value is
    /// the minimum of <see cref="SquaredDistance"/> over all points (square-rooted), exactly.
    /// </summary>
    public double NearestDistance(ReadOnlySpan<double> q, KnnScratch scratch)
    {
        double best = double.PositiveInfinity;
        var dist = scratch.Leaf(LeafSize);
        var stack = scratch.Stack;
        var stackD = scratch.StackDistance;
        int top = 0;
        stack[top] = 0; stackD[top] = BoxSquaredDistance(0, q); top++;
        while (top > 0)
        {
            top--;
            int n = stack[top];
            if (stackD[top] >= best) continue; // cannot lower the minimum
            if (!IsLeaf(n))
            {
                PushChildren(n, q, stack, stackD, ref top);
                continue;
            }
            int s = Start[n], e = End[n];
            SquaredDistances(s, e, q, dist);
            for (int i = 0; i < e - s; i++) if (dist[i] < best) best = dist[i];
        }
        return Math.Sqrt(best);
    }

    /// <summary>
    /// Pushes both children of <paramref name="node"/> with their squared box distances, the
    /// nearer one last so that it is searched first.
    /// </summary>
    internal void PushChildren(int node, ReadOnlySpan<double> q, int[] stack, double[] stackD, ref int top)
    {
        int l = Left[node], r = Right[node];
        double dl = BoxSquaredDistance(l, q), dr = BoxSquaredDistance(r, q);
        if (dl <= dr) { stack[top] = r; stackD[top] = dr; top++; stack[top] = l; stackD[top] = dl; top++; }
        else { stack[top] = l; stackD[top] = dl; top++; stack[top] = r; stackD[top] = dr; top++; }
    }

    /// <summary>Per-thread scratch space for queries (not thread-safe; one per worker).</summary>
    public sealed class KnnScratch
    {
        private double[] _heap = new double[64];
        private double[] _leaf = new double[64];
        internal readonly int[] Stack = new int[MaxDepth];
        internal readonly double[] StackDistance = new double[MaxDepth];

        internal double[] Heap(int k)
        {
            if (_heap.Length < k) _heap = new double[k];
            return _heap;
        }

        internal double[] Leaf(int size)
        {
            if (_leaf.Length < size) _leaf = new double[size];
            return _leaf;
        }
    }

    private void ComputeBox(ReadOnlySpan<double> values, int s, int e, Span<double> lo, Span<double> hi)
    {
        lo.Fill(double.PositiveInfinity);
        hi.Fill(double.NegativeInfinity);
        for (int i = s; i < e; i++)
        {
            var p = values.Slice(Index[i] * Dim, Dim);
            for (int k = 0; k < Dim; k++)
            {
                if (p[k] < lo[k]) lo[k] = p[k];
                if (p[k] > hi[k]) hi[k] = p[k];
            }
        }
    }

    // Quickselect on (key, index) so that ties have a fixed order: after the call, positions
    // lo..k-1 hold entries not after position k and k+1..hi entries not before it.
    private static void Select(double[] keys, int[] index, int lo, int hi, int k)
    {
        while (hi > lo)
        {
            int mid = lo + (hi - lo) / 2;
            // Median of three as pivot.
            if (Less(keys, index, mid, lo)) Swap(keys, index, mid, lo);
            if (Less(keys, index, hi, lo)) Swap(keys, index, hi, lo);
            if (Less(keys, index, hi, mid)) Swap(keys, index, hi, mid);
            double pk = keys[mid];
            int pi = index[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pk || (keys[i] == pk && index[i] < pi)) i++;
                while (keys[j] > pk || (keys[j] == pk && index[j] > pi)) j--;
                if (i <= j) { Swap(keys, index, i, j); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    private static bool Less(double[] keys, int[] index, int a, int b) =>
        keys[a] < keys[b] || (keys[a] == keys[b] && index[a] < index[b]);

    private static void Swap(double[] keys, int[] index, int a, int b)
    {
        (keys[a], keys[b]) = (keys[b], keys[a]);
        (index[a], index[b]) = (index[b], index[a]);
    }
}
