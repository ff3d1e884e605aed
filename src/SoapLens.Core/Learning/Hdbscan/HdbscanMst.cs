namespace SoapLens.Learning;

/// <summary>
/// A minimum spanning tree of the mutual-reachability graph: edge e joins rows From[e] and To[e]
/// (From &lt; To) with weight Weight[e]; edges are sorted by (weight, From, To).
/// </summary>
public sealed record SpanningTree(int[] From, int[] To, double[] Weight)
{
    public int EdgeCount => From.Length;

    public double TotalWeight()
    {
        double s = 0;
        foreach (var w in Weight) s += w;
        return s;
    }
}

/// <summary>
/// Core distances and the exact minimum spanning tree of the mutual-reachability graph
/// (alpha = 1): w(p, q) = max(d(p, q), core(p), core(q)). Without O(N²) memory: core distances come
/// from k-d tree k-NN queries, the tree from Borůvka rounds in which every point searches the k-d
/// tree for its lightest edge leaving its component, pruned by (i) nodes wholly inside the
/// component, (ii) the lower bound max(box distance, core(p), least core distance in the node) and
/// (iii) the lightest edge any point of the component has found so far.
/// <para>
/// Mutual reachability has massive exact ties (every edge whose weight is a core distance), so
/// the MST is not unique. We make it unique with a total order on edges, (weight, squared
/// Euclidean length, smaller row, larger row): each component takes its least edge in that order,
/// which Borůvka needs to avoid cycles and which makes the tree independent of the thread count
/// and of timing (pruning by other threads' findings only ever discards edges strictly heavier
/// than a known one). The returned tree is listed by (weight, smaller row, larger row), the order
/// in which the single-linkage tree merges.
/// </para>
/// </summary>
public static class HdbscanMst
{
    internal const int Chunk = 256;

    /// <summary>
    /// Distance from every point to its <paramref name="k"/>-th nearest point, counting the point
    /// itself (so k = 1 gives 0). Returned in tree order (index by tree position).
    /// </summary>
    public static double[] CoreDistances(KdTree tree, int k, int threads, CancellationToken cancel,
        Action<long, long>? progress = null)
    {
        int n = tree.Count;
        var core = new double[n];
        ForChunks(n, threads, cancel, progress, () => new KdTree.KnnScratch(), (from, to, scratch) =>
        {
            for (int p = from; p < to; p++) core[p] = tree.KthNeighbourDistance(p, k, scratch);
        });
        return core;
    }

    /// <summary>
    /// The exact MST of the mutual-reachability graph. <paramref name="core"/> is indexed by tree
    /// position; the edges returned name caller rows. <paramref name="progress"/> receives the
    /// number of components left after each round (on the calling thread).
    /// </summary>
    public static SpanningTree Boruvka(KdTree tree, double[] core, int threads, CancellationToken cancel,
        Action<int>? progress = null)
    {
        var state = new BoruvkaState(tree, core);
        return state.Run(threads, cancel, progress);
    }

    /// <summary>
    /// Runs <paramref name="work"/> over [0, count) in chunks on up to <paramref name="threads"/>
    /// threads. Each chunk writes only its own slots, so the result does not depend on scheduling.
    /// Between batches of chunks the calling thread reports progress and checks cancellation.
    /// </summary>
    internal static void ForChunks<TScratch>(int count, int threads, CancellationToken cancel, Action<long, long>? progress,
        Func<TScratch> scratch, Action<int, int, TScratch> work)
    {
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        var options = new ParallelOptions { MaxDegreeOfParallelism = degree, CancellationToken = cancel };
        int chunks = (count + Chunk - 1) / Chunk;
        int batch = Math.Max(degree * 16, 64);
        for (int c0 = 0; c0 < chunks; c0 += batch)
        {
            cancel.ThrowIfCancellationRequested();
            int c1 = Math.Min(chunks, c0 + batch);
            if (degree == 1)
            {
                var s = scratch();
                for (int c = c0; c < c1; c++) work(c * Chunk, Math.Min(count, (c + 1) * Chunk), s);
            }
            else
            {
                Parallel.For(c0, c1, options, scratch, (c, _, s) =>
                {
                    work(c * Chunk, Math.Min(count, (c + 1) * Chunk), s);
                    return s;
                }, _ => { });
            }
            progress?.Invoke(Math.Min(count, (long)c1 * Chunk), count);
        }
    }

    private sealed class BoruvkaState
    {
        private readonly KdTree _t;
        private readonly double[] _core;
        private readonly int _n;
        private readonly int[] _row;          // tree position -> caller row
        private readonly double[] _minCore;   // least core distance per node
        private readonly int[] _minRow;       // least caller row per node (bounds the tie-break key)
        private readonly int[] _comp;         // component (root position) per position
        private readonly int[] _nodeComp;     // component of a node when all its points share one, else -1
        private readonly double[] _bound;     // per component root: weight of the lightest edge found so far
        private readonly double[] _bestW;     // per position: lightest edge found by that point
        private readonly double[] _bestD2;
        private readonly long[] _bestKey;
        private readonly int[] _bestQ;
        private readonly int[] _parent;       // union-find over positions
        private readonly int[] _size;

        public BoruvkaState(KdTree tree, double[] core)
        {
            _t = tree;
            _core = core;
            _n = tree.Count;
            _row = tree.Index;
            _minCore = new double[tree.NodeCount];
            _minRow = new int[tree.NodeCount];
            for (int node = tree.NodeCount - 1; node >= 0; node--)
            {
                if (tree.IsLeaf(node))
                {
                    double m = double.PositiveInfinity;
                    int r = int.MaxValue;
                    for (int i = tree.Start[node]; i < tree.End[node]; i++) { m = Math.Min(m, core[i]); r = Math.Min(r, _row[i]); }
                    _minCore[node] = m;
                    _minRow[node] = r;
                }
                else
                {
                    _minCore[node] = Math.Min(_minCore[tree.Left[node]], _minCore[tree.Right[node]]);
                    _minRow[node] = Math.Min(_minRow[tree.Left[node]], _minRow[tree.Right[node]]);
                }
            }
            _comp = new int[_n];
            _nodeComp = new int[tree.NodeCount];
            _bound = new double[_n];
            _bestW = new double[_n];
            _bestD2 = new double[_n];
            _bestKey = new long[_n];
            _bestQ = new int[_n];
            _parent = new int[_n];
            _size = new int[_n];
            for (int i = 0; i < _n; i++) { _parent[i] = i; _size[i] = 1; _bestQ[i] = -1; }
        }

        private int Find(int x)
        {
            int r = x;
            while (_parent[r] != r) r = _parent[r];
            while (_parent[x] != r) { int next = _parent[x]; _parent[x] = r; x = next; }
            return r;
        }

        private void Union(int a, int b)
        {
            a = Find(a); b = Find(b);
            if (a == b) return;
            if (_size[a] < _size[b] || (_size[a] == _size[b] && b < a)) (a, b) = (b, a);
            _parent[b] = a;
            _size[a] += _size[b];
        }

        // A squared bound safely above limit²: d² beyond it has √d² > limit for certain (the
        // relative margin dwarfs the rounding of the square and of the root).
        private static double SafeSquare(double limit) => limit * limit * (1 + 1e-12);

        // The total order on edges: weight, then Euclidean length (squared, computed identically
        // from either end), then the pair of rows. Preferring the shorter of equally heavy edges
        // lets the nearest-first search stop early when weights tie at a core distance.
        private static bool Before(double w, double d2, long key, double w0, double d20, long key0) =>
            w < w0 || (w == w0 && (d2 < d20 || (d2 == d20 && key < key0)));

        private static long Key(int rowA, int rowB) =>
            rowA < rowB ? ((long)rowA << 32) | (uint)rowB : ((long)rowB << 32) | (uint)rowA;

        public SpanningTree Run(int threads, CancellationToken cancel, Action<int>? progress)
        {
            int edges = 0;
            var from = new int[Math.Max(0, _n - 1)];
            var to = new int[from.Length];
            var weight = new double[from.Length];
            var compW = new double[_n];
            var compD2 = new double[_n];
            var compKey = new long[_n];
            var compP = new int[_n];
            var compQ = new int[_n];
            int components = _n;
            while (components > 1)
            {
                cancel.ThrowIfCancellationRequested();
                for (int i = 0; i < _n; i++) _comp[i] = Find(i);
                LabelNodes();
                // Seed each component's bound with last round's findings that still leave it.
                Array.Fill(_bound, double.PositiveInfinity);
                for (int p = 0; p < _n; p++)
                {
                    int q = _bestQ[p];
                    if (q < 0 || _comp[p] == _comp[q]) continue;
                    if (_bestW[p] < _bound[_comp[p]]) _bound[_comp[p]] = _bestW[p];
                    if (_bestW[p] < _bound[_comp[q]]) _bound[_comp[q]] = _bestW[p];
                }

                ForChunks(_n, threads, cancel, null, () => new KdTree.KnnScratch(), (a, b, scratch) =>
                {
                    for (int p = a; p < b; p++) Search(p, scratch);
                });
                // Least edge per component, reduced in position order (the order cannot change the
                // minimum of a total order, but keeps the loop simple and deterministic).
                Array.Fill(compQ, -1);
                for (int p = 0; p < _n; p++)
                {
                    int q = _bestQ[p];
                    if (q < 0) continue;
                    int c = _comp[p];
                    if (compQ[c] < 0 || Before(_bestW[p], _bestD2[p], _bestKey[p], compW[c], compD2[c], compKey[c]))
                    {
                        compW[c] = _bestW[p]; compD2[c] = _bestD2[p]; compKey[c] = _bestKey[p]; compP[c] = p; compQ[c] = q;
                    }
                }
                int added = 0;
                for (int c = 0; c < _n; c++)
                {
                    if (_comp[c] != c || compQ[c] < 0) continue;
                    int p = compP[c], q = compQ[c];
                    if (Find(p) == Find(q)) continue; // the same edge, found from both sides
                    Union(p, q);
                    int rp = _row[p], rq = _row[q];
                    from[edges] = Math.Min(rp, rq);
                    to[edges] = Math.Max(rp, rq);
                    weight[edges] = compW[c];
                    edges++;
                    added++;
                }
                if (added == 0) throw new InvalidOperationException("Borůvka round joined no components (non-finite data?).");
                components -= added;
                progress?.Invoke(components);
            }

            var order = new int[edges];
            for (int i = 0; i < edges; i++) order[i] = i;
            Array.Sort(order, (a, b) =>
            {
                int c = weight[a].CompareTo(weight[b]);
                if (c != 0) return c;
                c = from[a].CompareTo(from[b]);
                return c != 0 ? c : to[a].CompareTo(to[b]);
            });
            var f = new int[edges];
            var t = new int[edges];
            var w = new double[edges];
            for (int i = 0; i < edges; i++) { f[i] = from[order[i]]; t[i] = to[order[i]]; w[i] = weight[order[i]]; }
            return new SpanningTree(f, t, w);
        }

        private void LabelNodes()
        {
            for (int node = _t.NodeCount - 1; node >= 0; node--)
            {
                if (_t.IsLeaf(node))
                {
                    int s = _t.Start[node], e = _t.End[node];
                    int c = _comp[s];
                    for (int i = s + 1; i < e && c >= 0; i++) if (_comp[i] != c) c = -1;
                    _nodeComp[node] = c;
                }
                else
                {
                    int l = _nodeComp[_t.Left[node]];
                    _nodeComp[node] = l >= 0 && l == _nodeComp[_t.Right[node]] ? l : -1;
                }
            }
        }

        // The lightest edge (in the total order) from point p to a point outside its component,
        // skipping whatever is strictly heavier than the component's bound. Squared distances
        // screen candidates; a square root is taken only when it could decide the comparison.
        private void Search(int p, KdTree.KnnScratch scratch)
        {
            int cp = _comp[p];
            double corep = _core[p];
            _bestQ[p] = -1;
            if (corep > Volatile.Read(ref _bound[cp])) return;
            var q = _t.PointAt(p);
            var dist = scratch.Leaf(_t.LeafSize);
            var stack = scratch.Stack;
            var stackD = scratch.StackDistance;
            int rowP = _row[p];
            double bw = double.PositiveInfinity;
            double bd2 = double.PositiveInfinity;
            long bkey = long.MaxValue;
            int bq = -1;
            int top = 0;
            stack[top] = 0; stackD[top] = 0; top++;
            while (top > 0)
            {
                top--;
                int node = stack[top];
                if (_nodeComp[node] == cp) continue;
                double limit = Math.Min(bw, Volatile.Read(ref _bound[cp]));
                double lbw = Math.Max(corep, _minCore[node]);
                if (lbw > limit) continue;
                double box2 = stackD[top];
                double limit2 = SafeSquare(limit);
                if (box2 > limit2 || (box2 > limit * limit && Math.Sqrt(box2) > limit)) continue;
                // Every edge into the node is, in the total order, no better than (max(core, least
                // core, box distance), box distance², pair with the least row): stop unless that
                // bound still beats the best edge (this settles piles of equal weights quickly).
                if (box2 >= bd2 && Math.Max(lbw, Math.Sqrt(box2)) >= bw &&
                    !Before(Math.Max(lbw, Math.Sqrt(box2)), box2, Key(rowP, _minRow[node]), bw, bd2, bkey)) continue;
                if (!_t.IsLeaf(node))
                {
                    _t.PushChildren(node, q, stack, stackD, ref top);
                    continue;
                }
                int s = _t.Start[node], e = _t.End[node];
                _t.SquaredDistances(s, e, q, dist);
                for (int i = s; i < e; i++)
                {
                    double d2 = dist[i - s];
                    if (d2 > limit2 || _comp[i] == cp) continue;
                    double cq = _core[i];
                    if (cq > limit) continue;
                    double w = Math.Max(Math.Max(corep, cq), Math.Sqrt(d2));
                    if (w > limit) continue;
                    long key = Key(rowP, _row[i]);
                    if (Before(w, d2, key, bw, bd2, bkey))
                    {
                        bw = w; bd2 = d2; bkey = key; bq = i;
                        if (bw < limit) { limit = bw; limit2 = SafeSquare(limit); }
                    }
                }
            }
            if (bq < 0) return;
            _bestW[p] = bw;
            _bestD2[p] = bd2;
            _bestKey[p] = bkey;
            _bestQ[p] = bq;
            // Lower the shared bound of the component (monotone, so a lost race only prunes less).
            double cur = Volatile.Read(ref _bound[cp]);
            while (bw < cur)
            {
                double seen = Interlocked.CompareExchange(ref _bound[cp], bw, cur);
                if (seen == cur) break;
                cur = seen;
            }
        }
    }
}
