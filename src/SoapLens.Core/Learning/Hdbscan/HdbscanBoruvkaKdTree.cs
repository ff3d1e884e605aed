namespace SoapLens.Learning;

/// <summary>
/// hdbscan's default spanning-tree algorithm (<c>algorithm='boruvka_kdtree'</c>, hdbscan 0.8.x
/// <c>KDTreeBoruvkaAlgorithm</c> over scikit-learn's KDTree), reproduced operation for operation so
/// that its spanning tree, and with it hdbscan's labels, numbering, probabilities and membership
/// vectors, come out the same. With <c>approx_min_span_tree</c> (hdbscan's default) the per-node
/// bounds of one Borůvka round are kept for the next unless a round joins nothing; such stale bounds
/// prune edges that are needed, so the tree is a spanning tree but not always a minimum one.
/// <para>
/// Everything is done in squared distances as hdbscan does: core distances are squared after
/// the square root of the k-NN query, candidate weights are max(d², core_p², core_q²), the node bound
/// of a leaf mixes the squared candidate with twice the node radius (not squared), and edge weights
/// are square roots of the squared candidates. Single-threaded and deterministic.
/// </para>
/// <para>
/// Checked against hdbscan 0.8.43 on the hdbscan-5d reference (labels, numbering, probabilities,
/// GLOSH scores identical; membership vectors within 4e-16). Not reproducible from the data alone:
/// the order scikit-learn's k-NN heap gives neighbours at exactly equal distances (here: by row), and
/// the order of equal weights when numpy sends argsort to its SIMD sorts (here: numpy's scalar
/// introsort, <see cref="NumpyArgsort"/>, which the reference used).
/// </para>
/// </summary>
internal sealed class HdbscanBoruvkaKdTree
{
    private const double DblMax = double.MaxValue;

    private readonly SklearnKdTree _t;
    private readonly double[] _core;          // squared core distance per row
    private readonly bool _approx;
    private readonly int _n;
    private readonly double[] _bounds;
    private readonly int[] _componentOfPoint;
    private readonly int[] _componentOfNode;
    private readonly int[] _candidatePoint;
    private readonly int[] _candidateNeighbour;
    private readonly double[] _candidateDistance;
    private readonly int[] _parent;            // BoruvkaUnionFind: parent, rank, is_component
    private readonly byte[] _rank;
    private readonly bool[] _isComponent;
    private int[] _components;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly double[] _weight;
    private int _edges;
    private CancellationToken _cancel;
    private int _leafPairs;

    /// <summary>
    /// Prepares the algorithm and its first round. <paramref name="coreDistances"/> are hdbscan's
    /// core distances (distance to the (minSamples + 1)-th nearest point, the point itself counting),
    /// <paramref name="firstNeighbour"/> per row the nearest other point whose core distance is not
    /// larger than the row's own, or −1 (see <see cref="FirstRound"/>).
    /// </summary>
    public HdbscanBoruvkaKdTree(SklearnKdTree tree, double[] coreDistances, int[] firstNeighbour, bool approximate)
    {
        _t = tree;
        _n = tree.Count;
        _approx = approximate;
        _core = new double[_n];
        for (int i = 0; i < _n; i++) _core[i] = coreDistances[i] * coreDistances[i];
        _bounds = new double[tree.NodeCount];
        _componentOfPoint = new int[_n];
        _componentOfNode = new int[tree.NodeCount];
        _candidatePoint = new int[_n];
        _candidateNeighbour = new int[_n];
        _candidateDistance = new double[_n];
        _parent = new int[_n];
        _rank = new byte[_n];
        _isComponent = new bool[_n];
        _components = new int[_n];
        _from = new int[Math.Max(0, _n - 1)];
        _to = new int[_from.Length];
        _weight = new double[_from.Length];
        for (int i = 0; i < _n; i++)
        {
            _parent[i] = i;
            _isComponent[i] = true;
            _components[i] = i;
            _componentOfPoint[i] = i;
            _candidatePoint[i] = -1;
            _candidateNeighbour[i] = -1;
            _candidateDistance[i] = DblMax;
        }
        for (int node = 0; node < tree.NodeCount; node++) _componentOfNode[node] = -(node + 1);

        // The k-NN query gives a first round for free: each point joins its nearest neighbour whose
        // core distance is not larger than its own, at its own core distance.
        for (int p = 0; p < _n; p++)
        {
            int m = firstNeighbour[p];
            if (m < 0) continue;
            _candidatePoint[p] = p;
            _candidateNeighbour[p] = m;
            _candidateDistance[p] = _core[p];
        }
        // hdbscan leaves its bounds uninitialised here; only the approximate reset would read them.
        Array.Fill(_bounds, DblMax);
        UpdateComponents();
        Array.Fill(_bounds, DblMax);
    }

    /// <summary>
    /// Runs the Borůvka rounds. Returns the edges (From = the row whose component found the edge,
    /// To = the row it reached) in the order hdbscan hands them to label(): numpy's argsort of the
    /// weights, whose order among equal weights decides the shape of the single-linkage tree.
    /// <paramref name="progress"/> receives the number of components left after each round.
    /// </summary>
    public SpanningTree Run(CancellationToken cancel, Action<int>? progress = null)
    {
        _cancel = cancel;
        int components = _components.Length;
        bool stuck = false;
        while (components > 1)
        {
            cancel.ThrowIfCancellationRequested();
            DualTreeTraversal(0, 0);
            int left = UpdateComponents();
            // A round with fresh bounds always joins something; two empty rounds mean non-finite data.
            if (left == components && stuck) throw new InvalidOperationException("Borůvka rounds joined no components (non-finite data?).");
            stuck = left == components;
            components = left;
            progress?.Invoke(components);
        }
        if (_edges != _n - 1) throw new InvalidOperationException("Borůvka ended without a spanning tree.");
        var weights = _weight[.._edges];
        var order = NumpyArgsort.Argsort(weights);
        var from = new int[_edges];
        var to = new int[_edges];
        var w = new double[_edges];
        for (int i = 0; i < _edges; i++) { from[i] = _from[order[i]]; to[i] = _to[order[i]]; w[i] = weights[order[i]]; }
        return new SpanningTree(from, to, w);
    }

    private int Find(int x)
    {
        int xp = _parent[x];
        while (true)
        {
            if (xp == x) return x;
            int xg = _parent[xp];
            _parent[x] = xg;
            x = xp;
            xp = xg;
        }
    }

    private void Union(int x, int y)
    {
        int xr = Find(x), yr = Find(y);
        if (xr == yr) return;
        if (_rank[xr] < _rank[yr]) { _parent[xr] = yr; _isComponent[xr] = false; }
        else if (_rank[xr] > _rank[yr]) { _parent[yr] = xr; _isComponent[yr] = false; }
        else { _rank[xr]++; _parent[yr] = xr; _isComponent[yr] = false; }
    }

    private int UpdateComponents()
    {
        foreach (int component in _components)
        {
            int source = _candidatePoint[component], sink = _candidateNeighbour[component];
            if (source == -1 || sink == -1) continue;
            if (Find(source) == Find(sink))
            {
                _candidatePoint[component] = -1;
                _candidateNeighbour[component] = -1;
                _candidateDistance[component] = DblMax;
                continue;
            }
            _from[_edges] = source;
            _to[_edges] = sink;
            _weight[_edges] = Math.Sqrt(_candidateDistance[component]);
            _edges++;
            Union(source, sink);
            _candidateDistance[component] = DblMax;
            if (_edges == _n - 1)
            {
                _components = Roots();
                return _components.Length;
            }
        }

        for (int p = 0; p < _n; p++) _componentOfPoint[p] = Find(p);
        for (int node = _t.NodeCount - 1; node >= 0; node--)
        {
            if (_t.IsLeaf[node])
            {
                int s = _t.IdxStart[node], e = _t.IdxEnd[node];
                int current = _componentOfPoint[_t.IdxArray[s]];
                bool same = true;
                for (int i = s + 1; i < e; i++)
                    if (_componentOfPoint[_t.IdxArray[i]] != current) { same = false; break; }
                if (same) _componentOfNode[node] = current;
            }
            else
            {
                int c1 = 2 * node + 1, c2 = 2 * node + 2;
                if (_componentOfNode[c1] == _componentOfNode[c2]) _componentOfNode[node] = _componentOfNode[c1];
            }
        }

        int last = _components.Length;
        _components = Roots();
        if (!_approx || _components.Length == last) Array.Fill(_bounds, DblMax);
        return _components.Length;
    }

    private int[] Roots()
    {
        int count = 0;
        for (int i = 0; i < _n; i++) if (_isComponent[i]) count++;
        var r = new int[count];
        count = 0;
        for (int i = 0; i < _n; i++) if (_isComponent[i]) r[count++] = i;
        return r;
    }

    private void DualTreeTraversal(int node1, int node2)
    {
        double nodeDist = _t.MinRdistDual(node1, node2);
        if (nodeDist < _bounds[node1])
        {
            if (_componentOfNode[node1] == _componentOfNode[node2] && _componentOfNode[node1] >= 0) return;
        }
        else return;

        bool leaf1 = _t.IsLeaf[node1], leaf2 = _t.IsLeaf[node2];
        if (leaf1 && leaf2)
        {
            LeafPair(node1, node2);
        }
        else if (leaf1 || (!leaf2 && _t.Radius[node2] > _t.Radius[node1]))
        {
            int left = 2 * node2 + 1, right = 2 * node2 + 2;
            double ld = _t.MinRdistDual(node1, left), rd = _t.MinRdistDual(node1, right);
            if (ld < rd) { DualTreeTraversal(node1, left); DualTreeTraversal(node1, right); }
            else { DualTreeTraversal(node1, right); DualTreeTraversal(node1, left); }
        }
        else
        {
            int left = 2 * node1 + 1, right = 2 * node1 + 2;
            double ld = _t.MinRdistDual(left, node2), rd = _t.MinRdistDual(right, node2);
            if (ld < rd) { DualTreeTraversal(left, node2); DualTreeTraversal(right, node2); }
            else { DualTreeTraversal(right, node2); DualTreeTraversal(left, node2); }
        }
    }

    private void LeafPair(int node1, int node2)
    {
        if ((++_leafPairs & 0x3FFF) == 0) _cancel.ThrowIfCancellationRequested();
        var idx = _t.IdxArray;
        double upper = 0.0, lower = DblMax;
        int s1 = _t.IdxStart[node1], e1 = _t.IdxEnd[node1];
        int s2 = _t.IdxStart[node2], e2 = _t.IdxEnd[node2];
        for (int i = s1; i < e1; i++)
        {
            int p = idx[i];
            int c1 = _componentOfPoint[p];
            if (_core[p] > _candidateDistance[c1]) continue;
            for (int j = s2; j < e2; j++)
            {
                int q = idx[j];
                int c2 = _componentOfPoint[q];
                if (_core[q] > _candidateDistance[c1]) continue;
                if (c1 != c2)
                {
                    double d = _t.Rdist(p, q);
                    double mr = d;
                    if (_core[p] > mr) mr = _core[p];
                    if (_core[q] > mr) mr = _core[q];
                    if (mr < _candidateDistance[c1])
                    {
                        _candidateDistance[c1] = mr;
                        _candidateNeighbour[c1] = q;
                        _candidatePoint[c1] = p;
                    }
                }
            }
            upper = Math.Max(upper, _candidateDistance[c1]);
            lower = Math.Min(lower, _candidateDistance[c1]);
        }

        // hdbscan adds the radius (a distance) to a squared distance here; kept as is.
        double bound = Math.Min(upper, lower + 2 * _t.Radius[node1]);
        if (bound < _bounds[node1])
        {
            _bounds[node1] = bound;
            int node = node1;
            while (node > 0)
            {
                int parent = (node - 1) / 2;
                double b = Math.Max(_bounds[2 * parent + 1], _bounds[2 * parent + 2]);
                if (b < _bounds[parent]) { _bounds[parent] = b; node = parent; }
                else break;
            }
        }
    }

    /// <summary>
    /// hdbscan's first round, read off the k-NN lists (k = min_samples + 1, the point itself first):
    /// for each row the first of its other neighbours, by increasing distance, whose core distance
    /// (squared, as hdbscan compares them) is not larger than its own; −1 when there is none.
    /// <paramref name="core"/> is indexed by row. The k nearest points are found as those within the
    /// core distance (any exact search gives the same squared distances). Neighbours at exactly equal
    /// distances are taken by increasing row (scikit-learn's order among them depends on its heap).
    /// </summary>
    public static int[] FirstRound(KdTree tree, double[] core, int k, int threads, CancellationToken cancel)
    {
        var first = new int[tree.Count];
        HdbscanMst.ForChunks(tree.Count, threads, cancel, null, () => new Neighbours(), (from, to, s) =>
        {
            for (int pos = from; pos < to; pos++)
            {
                int p = tree.Index[pos];
                double own = core[p] * core[p];
                // The core distance is the root of the k-th squared distance and squaring it back can
                // land an ulp below, hence the margin; the list is cut at k below.
                int count = s.Within(tree, pos, own * (1 + 1e-12));
                first[p] = Pick(s.D2, s.Row, count, k, core, own);
            }
        });
        return first;
    }

    // Position in the (squared distance, row) order of the k-NN list, without sorting: hdbscan skips
    // the list's first entry (normally the point itself), then takes the first qualifying neighbour.
    private static int Pick(double[] d2, int[] row, int count, int k, double[] core, double own)
    {
        static bool Before(double da, int ra, double db, int rb) => da < db || (da == db && ra < rb);
        int head = 0;
        for (int i = 1; i < count; i++) if (Before(d2[i], row[i], d2[head], row[head])) head = i;
        int best = -1;
        for (int i = 0; i < count; i++)
        {
            if (i == head || core[row[i]] * core[row[i]] > own) continue;
            if (best < 0 || Before(d2[i], row[i], d2[best], row[best])) best = i;
        }
        if (best < 0) return -1;
        int rank = 0;
        for (int i = 0; i < count; i++) if (Before(d2[i], row[i], d2[best], row[best])) rank++;
        return rank < k ? row[best] : -1;
    }

    // Every point within a squared radius of a tree position, with its squared distance and row.
    private sealed class Neighbours
    {
        public double[] D2 = new double[128];
        public int[] Row = new int[128];
        private readonly KdTree.KnnScratch _scratch = new();

        public int Within(KdTree t, int pos, double r2)
        {
            var q = t.PointAt(pos);
            var dist = _scratch.Leaf(t.LeafSize);
            var stack = _scratch.Stack;
            var stackD = _scratch.StackDistance;
            int count = 0, top = 0;
            stack[top] = 0; stackD[top] = 0; top++;
            while (top > 0)
            {
                top--;
                int node = stack[top];
                if (stackD[top] > r2) continue;
                if (!t.IsLeaf(node))
                {
                    t.PushChildren(node, q, stack, stackD, ref top);
                    continue;
                }
                int s = t.Start[node], e = t.End[node];
                t.SquaredDistances(s, e, q, dist);
                for (int i = 0; i < e - s; i++)
                {
                    if (dist[i] > r2) continue;
                    if (count == D2.Length)
                    {
                        Array.Resize(ref D2, 2 * count);
                        Array.Resize(ref Row, 2 * count);
                    }
                    D2[count] = dist[i];
                    Row[count] = t.Index[s + i];
                    count++;
                }
            }
            return count;
        }
    }
}
