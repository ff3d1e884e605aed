using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

/// <summary>
/// The hdbscan-compatible algorithm (HdbscanAlgorithm.HdbscanBoruvkaKdTree): hdbscan 0.8.43's own
/// numbers on ../shared/data/reference/hdbscan-5d with no label matching at all (same clusters, same
/// numbering), its building blocks against the real libstdc++ (scikit-learn's k-d tree build) and
/// against brute force on random sets.
/// </summary>
public class HdbscanBoruvkaKdTreeTests
{
    private static readonly Dictionary<string, HdbscanModel> s_fits = new();

    private static HdbscanModel Fit(string name, bool approx = true)
    {
        lock (s_fits)
        {
            string key = name + (approx ? "" : "/exact-bounds");
            if (s_fits.TryGetValue(key, out var m)) return m;
            var c = HdbscanReferenceTests.Cases[name];
            var x = Npy.Load(SharedData.Reference("hdbscan-5d", c.Input));
            m = Hdbscan.Fit(x.ToDoubleArray(), x.Shape[0], x.Shape[1], new HdbscanOptions
            {
                MinClusterSize = c.MinClusterSize,
                MinSamples = c.MinSamples,
                ClusterSelectionMethod = c.Method,
                Algorithm = HdbscanAlgorithm.HdbscanBoruvkaKdTree,
                ApproxMinSpanTree = approx,
            });
            s_fits[key] = m;
            return m;
        }
    }

    private static double WorstDifference(double[] a, double[] b)
    {
        Assert.Equal(b.Length, a.Length);
        double worst = 0;
        for (int i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }

    /// <summary>
    /// Every point: the same label (hdbscan's numbering, no matching), probability, GLOSH score and
    /// membership vector, soft label. Measured: labels, probabilities and outlier scores identical,
    /// membership vectors within 3.4e-16 (rounding in the last bit of the soft-clustering sums).
    /// </summary>
    [Theory]
    [MemberData(nameof(HdbscanReferenceTests.CaseNames), MemberType = typeof(HdbscanReferenceTests))]
    public void Reproduces_hdbscan_for_every_point(string name)
    {
        var m = Fit(name);
        var labels = HdbscanReferenceTests.RefInts($"{name}_labels.npy");
        var membership = HdbscanReferenceTests.RefDoubles($"{name}_membership.npy");
        Assert.Equal(membership.Length / labels.Length, m.ClusterCount);
        Assert.Equal(labels, m.Labels);
        Assert.Equal(HdbscanReferenceTests.RefInts($"{name}_soft_labels.npy"), m.SoftLabels());
        double p = WorstDifference(m.Probabilities, HdbscanReferenceTests.RefDoubles($"{name}_probabilities.npy"));
        double o = WorstDifference(m.OutlierScores, HdbscanReferenceTests.RefDoubles($"{name}_outlier_scores.npy"));
        double v = WorstDifference(m.Membership!, membership);
        Assert.True(p <= 1e-12 && o <= 1e-12 && v <= 1e-12, $"{name}: worst probability {p:E2}, outlier score {o:E2}, membership {v:E2}");
    }

    [Fact]
    public void Stale_bounds_make_hdbscans_default_tree_heavier_than_the_minimum()
    {
        // approx_min_span_tree=True (hdbscan's default) keeps last round's bounds and misses edges;
        // with fresh bounds every round the same traversal finds a minimum spanning tree here.
        double approx = Fit("mcs80").SpanningTree.TotalWeight();
        double fresh = Fit("mcs80", approx: false).SpanningTree.TotalWeight();
        double exact = HdbscanReferenceTests.Fit(HdbscanReferenceTests.Cases["mcs80"]).SpanningTree.TotalWeight();
        Assert.Equal(exact, fresh, 1e-9);
        Assert.True(approx > exact + 1e-3, $"approximate tree {approx}, minimum {exact}");
        Assert.NotEqual(HdbscanReferenceTests.RefInts("mcs80_labels.npy"), Fit("mcs80", approx: false).Labels);
    }

    [Fact]
    public void The_tree_lists_hdbscans_edges_in_merge_order()
    {
        var m = Fit("toy_eom");
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", "toy_input.npy")).ToDoubleArray();
        var t = m.SpanningTree;
        Assert.Equal(BruteForce.CoreDistances(x, 2000, 2, 5), m.CoreDistances);
        AssertSpanningTree(x, 2, m.CoreDistances, t);
        // hdbscan keeps the edge's direction (the row whose component found it first), so some
        // edges run from the larger row to the smaller.
        Assert.Contains(Enumerable.Range(0, t.EdgeCount), e => t.From[e] > t.To[e]);
    }

    /// <summary>
    /// N − 1 edges in order of weight, each joining two parts not yet joined (so a spanning tree),
    /// each weighing what hdbscan computes: √max(d², core_a², core_b²), d² summed in feature order.
    /// </summary>
    private static void AssertSpanningTree(double[] x, int dim, double[] core, SpanningTree t)
    {
        int n = core.Length;
        Assert.Equal(n - 1, t.EdgeCount);
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        for (int e = 0; e < t.EdgeCount; e++)
        {
            if (e > 0) Assert.True(t.Weight[e - 1] <= t.Weight[e]);
            int p = t.From[e], q = t.To[e];
            double d2 = 0;
            for (int k = 0; k < dim; k++) { double v = x[p * dim + k] - x[q * dim + k]; d2 += v * v; }
            Assert.Equal(Math.Sqrt(Math.Max(d2, Math.Max(core[p] * core[p], core[q] * core[q]))), t.Weight[e]);
            int a = Find(p), b = Find(q);
            Assert.NotEqual(a, b);
            parent[a] = b;
        }
    }

    /// <summary>
    /// Random sets (blobs, integer grids with massive ties, duplicated points): a spanning tree of
    /// N − 1 edges with hdbscan's weights, never lighter than the minimum, core distances equal to
    /// brute force, results independent of the thread count; with fresh bounds, the minimum weight.
    /// </summary>
    [Theory]
    [MemberData(nameof(HdbscanPropertyTests.Seeds), MemberType = typeof(HdbscanPropertyTests))]
    public void Random_sets_give_a_spanning_tree_no_lighter_than_the_minimum(int seed)
    {
        var x = HdbscanPropertyTests.RandomSet(seed, out int n, out int dim);
        var options = new HdbscanOptions
        {
            MinClusterSize = 2 + seed % 7, MinSamples = 1 + seed % 9, Algorithm = HdbscanAlgorithm.HdbscanBoruvkaKdTree,
            LeafSize = 3 + seed % 40, Threads = 1,
        };
        var m = Hdbscan.Fit(x, n, dim, options);
        var core = BruteForce.CoreDistances(x, n, dim, m.MinSamples);
        Assert.Equal(core, m.CoreDistances);
        var t = m.SpanningTree;
        AssertSpanningTree(x, dim, core, t);
        var (minimum, _) = BruteForce.PrimTree(x, n, dim, core);
        Assert.True(t.TotalWeight() >= minimum - 1e-9 * Math.Max(1, minimum), $"seed {seed}: {t.TotalWeight()} < minimum {minimum}");

        var parallel = Hdbscan.Fit(x, n, dim, options with { Threads = 3 });
        Assert.Equal(t.From, parallel.SpanningTree.From);
        Assert.Equal(t.To, parallel.SpanningTree.To);
        Assert.Equal(m.Labels, parallel.Labels);
        Assert.Equal(m.Membership, parallel.Membership);

        var fresh = Hdbscan.Fit(x, n, dim, options with { ApproxMinSpanTree = false });
        Assert.Equal(minimum, fresh.SpanningTree.TotalWeight(), 9);
    }

    [Fact]
    public void Sklearn_kd_tree_build_matches_libstdcxx()
    {
        // Expected hashes from Fixtures/hdbscan/libstdcxx_reference.cpp (g++ 12, libstdc++ nth_element).
        static ulong Hash(string file, int leaf)
        {
            var x = Npy.Load(SharedData.Reference("hdbscan-5d", file));
            var tree = new SklearnKdTree(x.ToDoubleArray(), x.Shape[0], x.Shape[1], leaf);
            ulong h = 14695981039346656037UL;
            foreach (int i in tree.IdxArray)
                for (int b = 0; b < 4; b++) { h ^= (uint)(i >> (8 * b)) & 0xff; h *= 1099511628211UL; }
            return h;
        }
        Assert.Equal(0xf17fba217bd20a15UL, Hash("input.npy", 13));
        Assert.Equal(0xd6981fbf5a5699f9UL, Hash("input.npy", 40));
        Assert.Equal(0x645841f043aa0459UL, Hash("toy_input.npy", 13));
    }

    [Fact]
    public void Nth_element_follows_libstdcxx_down_to_its_heap_select_fallback()
    {
        // Inputs built by McIlroy's quicksort adversary so that introselect exhausts its depth
        // limit; expected orders from libstdc++ (Fixtures/hdbscan/libstdcxx_reference.cpp).
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hdbscan", "nth_element_killers.txt"));
        Assert.Equal(8, lines.Length);
        for (int c = 0; c < lines.Length; c += 2)
        {
            var head = lines[c].Split(' ').Select(int.Parse).ToArray();
            int n = head[0], nth = head[1];
            var values = head[2..].Select(v => (double)v).ToArray();
            var expected = lines[c + 1].Split(' ').Select(int.Parse).ToArray();
            var v = Enumerable.Range(0, n).ToArray();
            SklearnKdTree.NthElement(v, 0, nth, n, new SklearnKdTree.Comparer(values, 1, 0));
            Assert.Equal(expected, v);
        }
    }

    [Theory]
    [InlineData(1000, 3)]
    [InlineData(1000, 13)]
    [InlineData(2, 13)]
    [InlineData(37, 1)]
    public void Sklearn_kd_tree_has_scikit_learns_shape(int n, int leafSize)
    {
        var rng = new Random(n + leafSize);
        const int dim = 3;
        // Integer coordinates: piles of equal values along every split.
        var x = Enumerable.Range(0, n * dim).Select(_ => (double)rng.Next(6)).ToArray();
        var t = new SklearnKdTree(x, n, dim, leafSize);
        int levels = (int)(Math.Log2(Math.Max(1.0, (n - 1) / (double)leafSize)) + 1);
        Assert.Equal((1 << levels) - 1, t.NodeCount);
        Assert.Equal(Enumerable.Range(0, n), t.IdxArray.Order());
        for (int node = 0; node < t.NodeCount; node++)
        {
            int s = t.IdxStart[node], e = t.IdxEnd[node];
            Assert.Equal(node >= t.NodeCount / 2 || e - s < 2, t.IsLeaf[node]);
            double r2 = 0;
            for (int k = 0; k < dim; k++)
            {
                var values = Enumerable.Range(s, e - s).Select(i => x[t.IdxArray[i] * dim + k]).ToArray();
                Assert.Equal(values.Min(), t.Lower[node * dim + k]);
                Assert.Equal(values.Max(), t.Upper[node * dim + k]);
                r2 += Math.Pow(0.5 * (values.Max() - values.Min()), 2);
            }
            Assert.Equal(Math.Sqrt(r2), t.Radius[node], 14);
            if (t.IsLeaf[node]) continue;
            // Left child: the smaller half, every entry not after any right entry in (value, row)
            // along the first dimension of largest spread.
            int l = 2 * node + 1, r = 2 * node + 2;
            Assert.Equal((s, s + (e - s) / 2, e), (t.IdxStart[l], t.IdxEnd[l], t.IdxEnd[r]));
            int split = Enumerable.Range(0, dim).Select(k => t.Upper[node * dim + k] - t.Lower[node * dim + k])
                .Select((w, k) => (w, k)).Aggregate((a, b) => b.w > a.w ? b : a).k;
            var cmp = new SklearnKdTree.Comparer(x, dim, split);
            for (int i = s; i < t.IdxEnd[l]; i++)
                for (int j = t.IdxStart[r]; j < e; j++)
                    Assert.True(cmp.Less(t.IdxArray[i], t.IdxArray[j]));
        }
    }

    [Fact]
    public void Numpy_argsort_sorts_with_piles_of_ties_and_its_heapsort_sorts_too()
    {
        var rng = new Random(5);
        foreach (int n in new[] { 0, 1, 2, 15, 16, 17, 100, 5000 })
        {
            var v = Enumerable.Range(0, n).Select(_ => (double)rng.Next(Math.Max(1, n / 10))).ToArray();
            var order = NumpyArgsort.Argsort(v);
            Assert.Equal(Enumerable.Range(0, n), order.Order());
            for (int i = 1; i < n; i++) Assert.True(v[order[i - 1]] <= v[order[i]]);

            var h = Enumerable.Range(0, n).Reverse().ToArray();
            NumpyArgsort.HeapSort(v, h, 0, n);
            Assert.Equal(Enumerable.Range(0, n), h.Order());
            for (int i = 1; i < n; i++) Assert.True(v[h[i - 1]] <= v[h[i]]);
        }
        // Small arrays are insertion-sorted, which keeps equal keys in input order.
        Assert.Equal([1, 3, 0, 2], NumpyArgsort.Argsort([2.0, 1.0, 2.0, 1.0]));
    }

    [Fact]
    public void Tiny_and_degenerate_inputs_work()
    {
        var opts = new HdbscanOptions { MinClusterSize = 2, Algorithm = HdbscanAlgorithm.HdbscanBoruvkaKdTree };
        var two = Hdbscan.Fit([0.0, 0.0, 1.0, 1.0], 2, 2, opts);
        Assert.Equal(1, two.SpanningTree.EdgeCount);
        Assert.Equal(Math.Sqrt(2), two.SpanningTree.Weight[0]);

        var pile = Hdbscan.Fit(new double[60], 30, 2, opts with { MinClusterSize = 5 });
        Assert.Equal(29, pile.SpanningTree.EdgeCount);
        Assert.All(pile.SpanningTree.Weight, w => Assert.Equal(0.0, w));
        Assert.All(pile.OutlierScores, s => Assert.True(double.IsFinite(s)));
    }

    [Fact]
    public void Leaf_size_below_one_is_refused()
    {
        var ex = Assert.Throws<SoapLensException>(() => new HdbscanOptions { LeafSize = 0 }.Validate());
        Assert.Contains("LeafSize", ex.Message);
    }

    [Fact]
    public void The_stage_records_the_algorithm_and_the_model_round_trips_it()
    {
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", "toy_input.npy"));
        var data = Dataset.FromGrid(x.ToDoubleArray(), Enumerable.Range(0, 20).ToArray(), Enumerable.Range(1, 100).ToArray(), 2, ["x", "y"], "toy");
        var host = new RecordingHost();
        var stage = new InvokeHdbscanStage(host, new InvokeHdbscanOptions
        {
            Hdbscan = new HdbscanOptions { MinClusterSize = 15, MinSamples = 5, Algorithm = HdbscanAlgorithm.HdbscanBoruvkaKdTree },
        });
        stage.Begin();
        stage.Process(data);
        stage.End();
        var labels = Assert.IsType<ClusterLabels>(Assert.Single(host.Output));
        Assert.Equal("boruvka_kdtree", labels.Parameters["algorithm"]);
        Assert.Equal(true, labels.Parameters["approx_min_span_tree"]);
        Assert.Equal(40L, labels.Parameters["leaf_size"]);
        Assert.Equal(HdbscanReferenceTests.RefInts("toy_eom_labels.npy"), labels.Labels);

        var model = Assert.IsType<HdbscanModel>(labels.Model);
        Assert.Contains("boruvka_kdtree", model.ToString());
        var back = Assert.IsType<HdbscanModel>(ResultRegistry.FromBundle(model.ToBundle()));
        Assert.Equal(HdbscanAlgorithm.HdbscanBoruvkaKdTree, back.Options.Algorithm);
        Assert.True(back.Options.ApproxMinSpanTree);
        Assert.Equal(model.SpanningTree.From, back.SpanningTree.From);
        Assert.Equal(model.SpanningTree.To, back.SpanningTree.To);
        var linkage = model.SingleLinkageTree();
        var backLinkage = back.SingleLinkageTree();
        Assert.Equal(linkage.Left, backLinkage.Left);
        Assert.Equal(linkage.Right, backLinkage.Right);

        var exact = HdbscanReferenceTests.Fit(HdbscanReferenceTests.Cases["toy_eom"]);
        Assert.Equal("exact", exact.ToBundle().Attributes["algorithm"]);
        Assert.Equal(HdbscanAlgorithm.Exact, Assert.IsType<HdbscanModel>(ResultRegistry.FromBundle(exact.ToBundle())).Options.Algorithm);
    }
}
