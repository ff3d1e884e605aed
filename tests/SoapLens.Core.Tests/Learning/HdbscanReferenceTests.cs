using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

/// <summary>
/// HDBSCAN* against hdbscan 0.8.43 on ../shared/data/reference/hdbscan-5d (README: tolerances).
/// hdbscan's own exact algorithms disagree with each other on these data because mutual
/// reachability ties massively and its default boruvka_kdtree builds an approximate spanning tree;
/// the yardstick is their spread: same cluster count (toy_leaf: 21 or 22), agreement after optimal
/// matching ≥ 99 % and ARI ≥ 0.98 for mcs80 and toy_eom, ≥ 96.5 % and ARI ≥ 0.91 (mcs30) / 0.94
/// (toy_leaf). Probabilities of agreeing points within 1e-6 (measured: exactly equal).
/// </summary>
public class HdbscanReferenceTests
{
    public sealed record Case(string Name, string Input, int MinClusterSize, int? MinSamples, ClusterSelectionMethod Method,
        int[] ClusterCounts, double Agreement, double Ari, double SoftAgreement);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["mcs80"] = new("mcs80", "input.npy", 80, null, ClusterSelectionMethod.Eom, [8], 0.99, 0.98, 0.99),
        ["mcs30"] = new("mcs30", "input.npy", 30, null, ClusterSelectionMethod.Eom, [12], 0.965, 0.91, 0.99),
        ["toy_eom"] = new("toy_eom", "toy_input.npy", 15, 5, ClusterSelectionMethod.Eom, [4], 0.99, 0.98, 0.99),
        // 22 clusters against hdbscan's 21 (its generic and prims_kdtree algorithms also find 22):
        // points of the extra cluster count as disagreeing, for soft labels too.
        ["toy_leaf"] = new("toy_leaf", "toy_input.npy", 15, 5, ClusterSelectionMethod.Leaf, [21, 22], 0.965, 0.94, 0.94),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    private static readonly Dictionary<string, HdbscanModel> s_fits = new();

    internal static HdbscanModel Fit(Case c)
    {
        lock (s_fits)
        {
            if (s_fits.TryGetValue(c.Name, out var m)) return m;
            var x = Npy.Load(SharedData.Reference("hdbscan-5d", c.Input));
            m = Hdbscan.Fit(x.ToDoubleArray(), x.Shape[0], x.Shape[1],
                new HdbscanOptions { MinClusterSize = c.MinClusterSize, MinSamples = c.MinSamples, ClusterSelectionMethod = c.Method });
            s_fits[c.Name] = m;
            return m;
        }
    }

    /// <summary>A file of ../shared/data/reference/hdbscan-5d as ints (labels) or doubles.</summary>
    internal static int[] RefInts(string file) =>
        Npy.Load(SharedData.Reference("hdbscan-5d", file)).ToInt64Array().Select(l => checked((int)l)).ToArray();

    internal static double[] RefDoubles(string file) => Npy.Load(SharedData.Reference("hdbscan-5d", file)).ToDoubleArray();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Cluster_count_and_labels_agree_with_hdbscan_as_well_as_its_own_algorithms_agree(string name)
    {
        var c = Cases[name];
        var m = Fit(c);
        var reference = RefInts($"{name}_labels.npy");
        Assert.Contains(m.ClusterCount, c.ClusterCounts);
        var (agreement, _) = ClusterComparison.Match(m.Labels, reference);
        Assert.True(agreement >= c.Agreement, $"{name}: {agreement:P2} of points agree after matching, need {c.Agreement:P1}");
        double ari = ClusterComparison.AdjustedRandIndex(m.Labels, reference);
        Assert.True(ari >= c.Ari, $"{name}: ARI {ari:F4}, need {c.Ari}");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Probabilities_of_agreeing_points_match_hdbscan(string name)
    {
        var c = Cases[name];
        var m = Fit(c);
        var reference = RefInts($"{name}_labels.npy");
        var probabilities = RefDoubles($"{name}_probabilities.npy");
        var (_, map) = ClusterComparison.Match(m.Labels, reference);
        int agreeing = 0;
        double worst = 0;
        for (int p = 0; p < m.PointCount; p++)
        {
            if (!map.TryGetValue(m.Labels[p], out var r) || r != reference[p]) continue;
            agreeing++;
            worst = Math.Max(worst, Math.Abs(m.Probabilities[p] - probabilities[p]));
        }
        Assert.True(agreeing > 0.96 * m.PointCount);
        Assert.True(worst <= 1e-6, $"{name}: worst probability difference {worst:E3}");
    }

    /// <summary>
    /// GLOSH scores use the largest λ below a point's cluster, i.e. the tie-dependent structure
    /// deep inside clusters: ≥ 97 % of agreeing points within 1e-6 (measured 98.3–99.95 %).
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Outlier_scores_of_agreeing_points_match_hdbscan(string name)
    {
        var c = Cases[name];
        var m = Fit(c);
        var reference = RefInts($"{name}_labels.npy");
        var scores = RefDoubles($"{name}_outlier_scores.npy");
        var (_, map) = ClusterComparison.Match(m.Labels, reference);
        int agreeing = 0, close = 0;
        for (int p = 0; p < m.PointCount; p++)
        {
            if (!map.TryGetValue(m.Labels[p], out var r) || r != reference[p]) continue;
            agreeing++;
            if (Math.Abs(m.OutlierScores[p] - scores[p]) <= 1e-6) close++;
        }
        Assert.True(close >= 0.97 * agreeing, $"{name}: {close} of {agreeing} agreeing points have outlier scores within 1e-6");
    }

    /// <summary>
    /// Soft labels (argmax of the membership vector, noise included) after the hard-label matching.
    /// Membership vectors themselves depend on merge heights across the whole cluster tree, which
    /// hdbscan's approximate spanning tree moves (see docs/Invoke-Hdbscan.md), so they are checked
    /// exactly against a literal transcription of hdbscan's code in HdbscanPropertyTests and here
    /// only where the trees coincide: toy_eom, ≥ 90 % of rows within 1e-6 (measured 93 %). The
    /// hdbscan-compatible algorithm reproduces all of them (HdbscanBoruvkaKdTreeTests).
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Soft_labels_agree_with_hdbscan(string name)
    {
        var c = Cases[name];
        var m = Fit(c);
        var reference = RefInts($"{name}_labels.npy");
        var soft = RefInts($"{name}_soft_labels.npy");
        var (_, map) = ClusterComparison.Match(m.Labels, reference);
        var ours = m.SoftLabels();
        Assert.DoesNotContain(-1, ours);
        int agree = ours.Where((l, p) => map.TryGetValue(l, out var r) && r == soft[p]).Count();
        Assert.True(agree >= c.SoftAgreement * m.PointCount, $"{name}: {(double)agree / m.PointCount:P2} of soft labels agree");
    }

    [Fact]
    public void Membership_vectors_match_hdbscan_where_the_trees_coincide()
    {
        var c = Cases["toy_eom"];
        var m = Fit(c);
        var reference = RefInts("toy_eom_labels.npy");
        var membership = RefDoubles("toy_eom_membership.npy");
        var (_, map) = ClusterComparison.Match(m.Labels, reference);
        int k = m.ClusterCount, rows = 0;
        for (int p = 0; p < m.PointCount; p++)
        {
            double worst = 0;
            for (int a = 0; a < k; a++) worst = Math.Max(worst, Math.Abs(m.Membership![p * k + a] - membership[p * k + map[a]]));
            if (worst <= 1e-6) rows++;
        }
        Assert.True(rows >= 0.9 * m.PointCount, $"{rows} of {m.PointCount} membership rows within 1e-6");
    }

    [Fact]
    public void The_spanning_tree_of_the_reference_input_is_minimal()
    {
        // hdbscan's default (approximate) Borůvka is heavier here; ours equals brute-force Prim.
        var m = Fit(Cases["mcs80"]);
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy")).ToDoubleArray();
        var (prim, _) = BruteForce.PrimTree(x, m.PointCount, 5, m.CoreDistances);
        Assert.Equal(prim, m.SpanningTree.TotalWeight(), 9);
    }

    [Fact]
    public void Labels_follow_hdbscans_numbering_rule()
    {
        // Label k is the k-th selected cluster by condensed-tree id, as in hdbscan.
        var m = Fit(Cases["mcs80"]);
        var ids = m.SelectedNodeIds;
        Assert.Equal(ids.OrderBy(i => i), ids);
        var t = m.CondensedTree;
        for (int p = 0; p < m.PointCount; p++)
        {
            if (m.Labels[p] < 0) continue;
            int node = t.Parent[Array.IndexOf(t.Child, p)];
            while (node != ids[m.Labels[p]]) node = t.Parent[Array.IndexOf(t.Child, node)];
        }
    }
}
