using SoapLens.Dynamics;

namespace SoapLens.Tests.Dynamics;

/// <summary>Average linkage (nearest-neighbour chain) against the textbook O(n³) UPGMA on random distances.</summary>
public class LinkagePropertyTests
{
    // Textbook UPGMA: merge the closest pair of clusters, where the distance of two clusters is the
    // mean of all distances between their members. Returns the merge heights and cophenetic distances.
    private static (double[] Heights, double[] Cophenetic) Naive(double[] condensed, int n)
    {
        var members = new List<List<int>>();
        for (int i = 0; i < n; i++) members.Add([i]);
        var coph = new double[condensed.Length];
        var heights = new List<double>();
        while (members.Count > 1)
        {
            double best = double.PositiveInfinity;
            int bi = -1, bj = -1;
            for (int i = 0; i < members.Count; i++)
                for (int j = i + 1; j < members.Count; j++)
                {
                    double s = 0;
                    foreach (var p in members[i])
                        foreach (var q in members[j]) s += condensed[Linkage.CondensedIndex(n, p, q)];
                    s /= members[i].Count * members[j].Count;
                    if (s < best) { best = s; bi = i; bj = j; }
                }
            foreach (var p in members[bi])
                foreach (var q in members[bj]) coph[Linkage.CondensedIndex(n, p, q)] = best;
            heights.Add(best);
            members[bi].AddRange(members[bj]);
            members.RemoveAt(bj);
        }
        heights.Sort();
        return (heights.ToArray(), coph);
    }

    private static double[] RandomCondensed(Random rng, int n) =>
        Enumerable.Range(0, n * (n - 1) / 2).Select(_ => rng.NextDouble() * 2).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Heights_and_cophenetic_distances_equal_the_naive_algorithm(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = 2 + rng.Next(14);
            var y = RandomCondensed(rng, n);
            var z = Linkage.Average(y, n);
            var (heights, coph) = Naive(y, n);
            for (int i = 0; i < n - 1; i++)
            {
                Assert.InRange(z[i, 2] - heights[i], -1e-12, 1e-12);
                if (i > 0) Assert.True(z[i, 2] >= z[i - 1, 2], "merges are sorted by height");
            }
            var c = Linkage.Cophenetic(z);
            for (int i = 0; i < c.Length; i++) Assert.InRange(c[i] - coph[i], -1e-12, 1e-12);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Linkage_matrix_is_well_formed(int seed)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 2 + rng.Next(20);
            var z = Linkage.Average(RandomCondensed(rng, n), n);
            var used = new HashSet<int>();
            var size = new int[2 * n - 1];
            for (int i = 0; i < n; i++) size[i] = 1;
            for (int m = 0; m < n - 1; m++)
            {
                int a = (int)z[m, 0], b = (int)z[m, 1];
                Assert.True(a < b, "SciPy puts the smaller id first");
                Assert.True(a < n + m && b < n + m, "children exist before their merge");
                Assert.True(used.Add(a) && used.Add(b), "each cluster merges once");
                size[n + m] = size[a] + size[b];
                Assert.Equal(size[n + m], (int)z[m, 3]);
            }
            Assert.Equal(n, (int)z[n - 2, 3]);
            Assert.Equal(n, Linkage.LeafOrder(z).Distinct().Count());
        }
    }

    [Theory]
    [InlineData(6, 0.5)]
    [InlineData(7, 1.0)]
    [InlineData(8, 1.4)]
    public void Fcluster_groups_exactly_the_leaves_within_the_cut(int seed, double t)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 50; trial++)
        {
            int n = 2 + rng.Next(16);
            var z = Linkage.Average(RandomCondensed(rng, n), n);
            var f = Linkage.FCluster(z, t);
            var coph = Linkage.Cophenetic(z);
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++)
                    Assert.Equal(coph[Linkage.CondensedIndex(n, i, j)] <= t, f[i] == f[j]);
            // Numbers run 1..M without holes.
            Assert.Equal(Enumerable.Range(1, f.Max()), f.Distinct().OrderBy(x => x));
        }
    }

    [Fact]
    public void Correlation_distance_is_one_minus_pearson()
    {
        var x = new double[,] { { 1, 2, 3, 4 }, { 2, 4, 6, 8.5 }, { 4, 3, 2, 1 } };
        var d = Linkage.CorrelationDistances(x);
        static double Pearson(double[] a, double[] b)
        {
            double ma = a.Average(), mb = b.Average();
            double sab = a.Zip(b, (p, q) => (p - ma) * (q - mb)).Sum();
            return sab / Math.Sqrt(a.Sum(p => (p - ma) * (p - ma)) * b.Sum(q => (q - mb) * (q - mb)));
        }
        double[][] rows = [[1, 2, 3, 4], [2, 4, 6, 8.5], [4, 3, 2, 1]];
        Assert.Equal(1 - Pearson(rows[0], rows[1]), d[0], 14);
        Assert.Equal(1 - Pearson(rows[0], rows[2]), d[1], 14);
        Assert.Equal(2.0, d[1], 14);
        Assert.Equal(1 - Pearson(rows[1], rows[2]), d[2], 14);
    }

    [Fact]
    public void A_constant_row_is_refused_with_the_cluster_named()
    {
        var x = new double[,] { { 0.9, 0.1, 0 }, { 0, 0, 0 }, { 0.2, 0.3, 0.5 } };
        var ex = Assert.Throws<SoapLens.Pipeline.SoapLensException>(() => Linkage.CorrelationDistances(x, ["a", "b", "c"]));
        Assert.Equal("ZeroVarianceRow", ex.ErrorId);
        Assert.Contains("b", ex.Message);
    }
}
