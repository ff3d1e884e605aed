using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

/// <summary>
/// Properties of the HDBSCAN* engine on small random sets against O(N²) oracles, thread-count
/// invariance, cluster selection on a hand-built condensed tree, and the soft clustering against a
/// literal transcription of hdbscan's prediction code.
/// </summary>
public class HdbscanPropertyTests
{
    /// <summary>Seeded random sets: Gaussian blobs, integer grids (massive distance ties) and duplicated points.</summary>
    private static double[] RandomSet(int seed, out int n, out int dim)
    {
        var rng = new Random(seed);
        n = rng.Next(2, 260);
        dim = rng.Next(1, 6);
        var x = new double[n * dim];
        int kind = seed % 3;
        int blobs = rng.Next(1, 5);
        var centres = Enumerable.Range(0, blobs * dim).Select(_ => rng.NextDouble() * 10).ToArray();
        for (int i = 0; i < n; i++)
        {
            int b = rng.Next(blobs);
            for (int k = 0; k < dim; k++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[i * dim + k] = kind switch
                {
                    0 => centres[b * dim + k] + g,
                    1 => Math.Round(centres[b * dim + k] + 2 * g),
                    _ => centres[b * dim + k] + 0.5 * g,
                };
            }
            if (kind == 2 && i > 0 && rng.NextDouble() < 0.3)
                Array.Copy(x, rng.Next(i) * dim, x, i * dim, dim);
        }
        return x;
    }

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 36));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Core_distances_and_spanning_tree_equal_brute_force(int seed)
    {
        var x = RandomSet(seed, out int n, out int dim);
        int minSamples = 1 + seed % 9;
        var m = Hdbscan.Fit(x, n, dim, new HdbscanOptions { MinClusterSize = 2 + seed % 7, MinSamples = minSamples, Threads = 2 });
        var core = BruteForce.CoreDistances(x, n, dim, m.MinSamples);
        Assert.Equal(core, m.CoreDistances);
        var (total, edges) = BruteForce.PrimTree(x, n, dim, core);
        Assert.Equal(n - 1, m.SpanningTree.EdgeCount);
        Assert.Equal(total, m.SpanningTree.TotalWeight(), 9);
        var ours = Enumerable.Range(0, n - 1).Select(e => (m.SpanningTree.From[e], m.SpanningTree.To[e])).ToHashSet();
        Assert.True(edges.SetEquals(ours), $"seed {seed}: the MST differs from Prim's under the same edge order");
        for (int e = 1; e < n - 1; e++) Assert.True(m.SpanningTree.Weight[e - 1] <= m.SpanningTree.Weight[e]);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Results_do_not_depend_on_the_thread_count(int seed)
    {
        var x = RandomSet(seed, out int n, out int dim);
        var options = new HdbscanOptions { MinClusterSize = 2 + seed % 5, MinSamples = 1 + seed % 4 };
        var one = Hdbscan.Fit(x, n, dim, options with { Threads = 1 });
        var two = Hdbscan.Fit(x, n, dim, options with { Threads = 2 });
        AssertSameModel(one, two);
    }

    [Fact]
    public void Reference_fit_is_identical_for_one_and_two_threads()
    {
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy"));
        var options = new HdbscanOptions { MinClusterSize = 30 };
        var one = Hdbscan.Fit(x.ToDoubleArray(), x.Shape[0], 5, options with { Threads = 1 });
        var two = Hdbscan.Fit(x.ToDoubleArray(), x.Shape[0], 5, options with { Threads = 2 });
        AssertSameModel(one, two);
    }

    private static void AssertSameModel(HdbscanModel a, HdbscanModel b)
    {
        Assert.Equal(a.SpanningTree.From, b.SpanningTree.From);
        Assert.Equal(a.SpanningTree.To, b.SpanningTree.To);
        Assert.Equal(a.SpanningTree.Weight, b.SpanningTree.Weight);
        Assert.Equal(a.CondensedTree.Child, b.CondensedTree.Child);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Probabilities, b.Probabilities);
        Assert.Equal(a.OutlierScores, b.OutlierScores);
        Assert.Equal(a.Membership, b.Membership);
    }

    [Fact]
    public void A_pile_of_identical_points_is_one_cluster_with_finite_scores()
    {
        // Distances of zero make λ infinite; hdbscan's formulas give NaN there, ours their limits.
        var rng = new Random(11);
        int n = 600;
        var x = new double[n * 2];
        for (int i = 0; i < n; i++)
        {
            bool pile = i % 2 == 0;
            x[2 * i] = pile ? 1.0 : rng.NextDouble() * 10;
            x[2 * i + 1] = pile ? 2.0 : rng.NextDouble() * 10;
        }
        var m = Hdbscan.Fit(x, n, 2, new HdbscanOptions { MinClusterSize = 20, MinSamples = 5 });
        var (total, edges) = BruteForce.PrimTree(x, n, 2, m.CoreDistances);
        Assert.Equal(total, m.SpanningTree.TotalWeight(), 9);
        Assert.True(edges.SetEquals(Enumerable.Range(0, n - 1).Select(e => (m.SpanningTree.From[e], m.SpanningTree.To[e]))));
        int pileLabel = m.Labels[0];
        Assert.True(pileLabel >= 0);
        Assert.All(Enumerable.Range(0, n / 2), i => Assert.Equal(pileLabel, m.Labels[2 * i]));
        Assert.All(m.Membership!, v => Assert.True(double.IsFinite(v)));
        Assert.All(m.OutlierScores, v => Assert.InRange(v, 0, 1));
        Assert.All(m.Probabilities, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Labels_and_probabilities_are_consistent_with_the_condensed_tree()
    {
        var x = RandomSet(7, out int n, out int dim);
        var m = Hdbscan.Fit(x, n, dim, new HdbscanOptions { MinClusterSize = 5 });
        var t = m.CondensedTree;
        Assert.Equal(n, t.Child.Count(c => c < n));
        for (int p = 0; p < n; p++)
        {
            Assert.InRange(m.Probabilities[p], 0, 1);
            Assert.InRange(m.OutlierScores[p], 0, 1);
            Assert.Equal(m.Labels[p] < 0, m.Probabilities[p] == 0);
        }
    }

    // A hand-built condensed tree (12 points, root 12):
    //   points 0, 1 leave the root at λ 1; the root splits at λ 2 into 13 (points 2–6) and 14;
    //   13: points 2, 3 leave at λ 3, points 4–6 at λ 5;
    //   14 splits at λ 4 into 15 (points 7, 8 leave at λ 6) and 16 (points 9–11 leave at λ 5).
    // Stabilities: root 22, 13: 11, 14: 10, 15: 4, 16: 3.
    private static CondensedTree HandTree() => new(12,
        parent: [12, 12, 12, 12, 13, 13, 13, 13, 13, 14, 14, 15, 15, 16, 16, 16],
        child: [0, 1, 13, 14, 2, 3, 4, 5, 6, 15, 16, 7, 8, 9, 10, 11],
        lambda: [1, 1, 2, 2, 3, 3, 5, 5, 5, 4, 4, 6, 6, 5, 5, 5],
        childSize: [1, 1, 5, 5, 1, 1, 1, 1, 1, 2, 3, 1, 1, 1, 1, 1]);

    private static FlatClustering Select(HdbscanOptions options) => HdbscanSelection.Select(HandTree(), options);

    [Fact]
    public void Stability_is_the_excess_of_mass_of_each_cluster()
    {
        Assert.Equal([22.0, 11, 10, 4, 3], HandTree().Stability());
    }

    [Fact]
    public void Excess_of_mass_keeps_a_parent_more_stable_than_its_children()
    {
        var f = Select(new HdbscanOptions());
        Assert.Equal([1, 2], f.Selected);
        Assert.Equal([-1, -1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1], f.Labels);
        Assert.Equal([0, 0, 0.6, 0.6, 1, 1, 1, 1, 1, 1, 1, 1], f.Probabilities);
        // GLOSH: (largest λ below the point's cluster − λ) / that λ.
        Assert.Equal([5 / 6.0, 5 / 6.0, 0.4, 0.4, 0, 0, 0, 0, 0, 0, 0, 0], f.OutlierScores, new ToleranceComparer(1e-15));
        // Persistence: stability / (size × largest λ of the tree).
        Assert.Equal([11 / 30.0, 10 / 30.0], f.Persistence, new ToleranceComparer(1e-15));
    }

    [Fact]
    public void Leaf_selection_takes_the_leaves()
    {
        var f = Select(new HdbscanOptions { ClusterSelectionMethod = ClusterSelectionMethod.Leaf });
        Assert.Equal([1, 3, 4], f.Selected);
        Assert.Equal([-1, -1, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2], f.Labels);
    }

    [Fact]
    public void Allow_single_cluster_selects_the_root_and_labels_points_alive_at_its_death()
    {
        var f = Select(new HdbscanOptions { AllowSingleCluster = true });
        Assert.Equal([0], f.Selected);
        Assert.Equal([-1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], f.Labels);
        Assert.All(f.Probabilities.Skip(2), p => Assert.Equal(1.0, p));
    }

    [Fact]
    public void Epsilon_replaces_clusters_born_below_it_by_their_ancestor()
    {
        // Leaves 15 and 16 are born at distance 1/4 < 0.3: their parent 14 (born at 1/2) replaces them.
        var leaf = Select(new HdbscanOptions { ClusterSelectionMethod = ClusterSelectionMethod.Leaf, ClusterSelectionEpsilon = 0.3 });
        Assert.Equal([1, 2], leaf.Selected);
        // Children of the root are kept unless allow_single_cluster lets the root take over.
        var eom = Select(new HdbscanOptions { ClusterSelectionEpsilon = 0.6 });
        Assert.Equal([1, 2], eom.Selected);
        var single = Select(new HdbscanOptions { ClusterSelectionEpsilon = 0.6, AllowSingleCluster = true });
        Assert.Equal([0], single.Selected);
        // With epsilon the root labels the points with λ ≥ 1/ε.
        Assert.Equal([-1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], single.Labels);
    }

    [Fact]
    public void Epsilon_on_real_data_merges_the_toy_blobs()
    {
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", "toy_input.npy"));
        var options = new HdbscanOptions { MinClusterSize = 15, MinSamples = 5 };
        var plain = Hdbscan.Fit(x.ToDoubleArray(), 2000, 2, options with { ClusterSelectionMethod = ClusterSelectionMethod.Leaf });
        var merged = Hdbscan.Fit(x.ToDoubleArray(), 2000, 2, options with { ClusterSelectionMethod = ClusterSelectionMethod.Leaf, ClusterSelectionEpsilon = 1.0 });
        Assert.True(merged.ClusterCount < plain.ClusterCount);
        Assert.True(merged.NoiseCount < plain.NoiseCount);
        Assert.Equal(merged.ClusterCount, merged.Membership!.Length / 2000);
    }

    /// <summary>
    /// The engine's membership vectors equal a literal transcription of hdbscan's
    /// all_points_membership_vectors (prediction.py, _prediction_utils.pyx) run on the same
    /// condensed tree, to 1e-12.
    /// </summary>
    [Theory]
    [InlineData("toy_eom")]
    [InlineData("toy_leaf")]
    [InlineData("mcs80")]
    public void Membership_vectors_equal_a_transcription_of_hdbscan(string name)
    {
        var c = HdbscanReferenceTests.Cases[name];
        var m = HdbscanReferenceTests.Fit(c);
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", c.Input));
        var expected = Transcription.AllPointsMembershipVectors(m.CondensedTree, m.SelectedNodeIds, x.ToDoubleArray(), x.Shape[1]);
        Assert.Equal(expected.Length, m.Membership!.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - m.Membership[i]));
        Assert.True(worst <= 1e-12, $"{name}: worst difference {worst:E3}");
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }

    /// <summary>hdbscan 0.8.x prediction code, transcribed line by line on the raw tree arrays.</summary>
    private static class Transcription
    {
        public static double[] AllPointsMembershipVectors(CondensedTree tree, int[] clusters, double[] data, int dim)
        {
            int rows = tree.RowCount;
            int numPoints = tree.Parent.Min();
            var clusterRows = Enumerable.Range(0, rows).Where(r => tree.ChildSize[r] > 1).ToArray();
            // leaf_max_lambdas: for every cluster, the largest λ among rows with that parent.
            var maxLambda = new Dictionary<int, double>();
            foreach (var c in clusterRows.Select(r => tree.Parent[r]).Concat(clusterRows.Select(r => tree.Child[r])).Distinct())
                maxLambda[c] = Enumerable.Range(0, rows).Where(r => tree.Parent[r] == c).Max(r => tree.Lambda[r]);
            // exemplars: points of each leaf below the cluster at the leaf's largest λ.
            var exemplars = clusters.Select(cluster =>
                RecurseLeafDfs(tree, clusterRows, cluster).SelectMany(leaf =>
                    Enumerable.Range(0, rows).Where(r => tree.Parent[r] == leaf && tree.Lambda[r] == maxLambda[leaf]).Select(r => tree.Child[r]))
                .ToArray()).ToArray();

            int k = clusters.Length;
            var distanceVecs = new double[numPoints * k];
            for (int p = 0; p < numPoints; p++)
            {
                double sum = 0;
                for (int c = 0; c < k; c++)
                {
                    double min = double.MaxValue;
                    foreach (var e in exemplars[c]) min = Math.Min(min, Math.Sqrt(BruteForce.Distance2(data, dim, p, e)));
                    distanceVecs[p * k + c] = min != 0 ? 1.0 / min : double.MaxValue / k;
                    sum += distanceVecs[p * k + c];
                }
                for (int c = 0; c < k; c++) distanceVecs[p * k + c] /= sum;
            }

            var perCluster = new double[numPoints * k];
            var inCluster = new double[numPoints];
            for (int r = 0; r < rows; r++)
            {
                if (tree.ChildSize[r] != 1) continue;
                int point = tree.Child[r], pointCluster = tree.Parent[r];
                double pointLambda = tree.Lambda[r];
                var heights = MergeHeight(tree, clusterRows, pointCluster, pointLambda, clusters);
                double ml = maxLambda[pointCluster] + 1e-8;
                for (int c = 0; c < k; c++) perCluster[point * k + c] = Math.Exp(-(ml / heights[c]));
                int arg = Array.IndexOf(heights, heights.Max());
                inCluster[point] = heights.Max() / Math.Max(maxLambda[clusters[arg]], pointLambda);
            }
            double globalMax = perCluster.Max();
            var result = new double[numPoints * k];
            for (int p = 0; p < numPoints; p++)
            {
                var outlier = Enumerable.Range(0, k).Select(c => Math.Exp(perCluster[p * k + c] - globalMax)).ToArray();
                double os = outlier.Sum();
                var product = Enumerable.Range(0, k).Select(c => distanceVecs[p * k + c] * (outlier[c] / os)).ToArray();
                double ps = product.Sum();
                for (int c = 0; c < k; c++) result[p * k + c] = product[c] / ps * inCluster[p];
            }
            return result;
        }

        private static List<int> RecurseLeafDfs(CondensedTree tree, int[] clusterRows, int node)
        {
            var children = clusterRows.Where(r => tree.Parent[r] == node).Select(r => tree.Child[r]).ToList();
            return children.Count == 0 ? [node] : children.SelectMany(ch => RecurseLeafDfs(tree, clusterRows, ch)).ToList();
        }

        private static double[] MergeHeight(CondensedTree tree, int[] clusterRows, int pointCluster, double pointLambda, int[] clusters)
        {
            var result = new double[clusters.Length];
            for (int i = 0; i < clusters.Length; i++)
            {
                bool tookRight = false, tookLeft = false;
                int right = clusters[i], left = pointCluster, last = -1;
                while (left != right)
                {
                    if (left > right)
                    {
                        tookLeft = true; last = left;
                        left = tree.Parent[clusterRows.First(r => tree.Child[r] == left)];
                    }
                    else
                    {
                        tookRight = true; last = right;
                        right = tree.Parent[clusterRows.First(r => tree.Child[r] == right)];
                    }
                }
                result[i] = tookLeft && tookRight ? tree.Lambda[clusterRows.First(r => tree.Child[r] == last)] : pointLambda;
            }
            return result;
        }
    }
}
