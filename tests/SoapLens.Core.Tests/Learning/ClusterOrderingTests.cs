using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Tests.Learning;

public class ClusterOrderingTests
{
    // Six rows (frames 0..1 × atoms 1..3); cluster 0 has the highest mean, cluster 2 the lowest, one row is noise.
    private static readonly int[] Frames = [0, 0, 0, 1, 1, 1];
    private static readonly int[] Atoms = [1, 2, 3, 1, 2, 3];

    private static ClusterLabels Labels(string[]? names = null) => new(
        [0, 1, 2, 0, -1, 2], Frames, Atoms, 3, "test",
        probabilities: [1, 0.9, 0.8, 0.7, 0, 0.5],
        membership: [0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0, 0, 1, 0.5, 0.5, 0, 0.2, 0.2, 0.6, 0.1, 0.1, 0.8],
        clusterNames: names);

    private static Dataset Values(bool shuffled = false)
    {
        double[] lens = [0.9, 0.5, 0.1, 0.7, 0.3, 0.2];
        int[] order = shuffled ? [5, 3, 1, 0, 2, 4] : [0, 1, 2, 3, 4, 5];
        return new Dataset(order.SelectMany(r => new[] { r * 10.0, lens[r] }).ToArray(), 6, 2,
            order.Select(r => Frames[r]).ToArray(), order.Select(r => Atoms[r]).ToArray(), ["x", "lens"]);
    }

    [Fact]
    public void Clusters_are_renumbered_by_increasing_mean_with_keys_noise_and_memberships_kept()
    {
        var labels = Labels();
        Assert.Equal([0.8, 0.5, 0.15], ClusterOrdering.Means(labels, Values(), 1).Select(m => Math.Round(m, 12)));
        var ordered = ClusterOrdering.ByMean(labels, Values(), "lens");
        // old 2 (mean 0.15) -> 0, old 1 (0.5) -> 1, old 0 (0.8) -> 2
        Assert.Equal([2, 1, 0, 2, -1, 0], ordered.Labels);
        Assert.Equal(Frames, ordered.Frames);
        Assert.Equal(Atoms, ordered.AtomIds);
        Assert.Equal(labels.Probabilities, ordered.Probabilities);
        Assert.Equal([0.1, 0.2, 0.7], ordered.Membership![..3]);
        Assert.Equal(["0", "1", "2"], ordered.ClusterNames);
        Assert.Equal("lens", ordered.Parameters["ordered_by_mean"]);
        Assert.Equal([2L, 1L, 0L], (long[])ordered.Parameters["order"]);
        Assert.Null(ordered.Model);

        // Rows found by key when the values are in another order; custom names follow their clusters.
        var named = ClusterOrdering.ByMean(Labels(["edge", "bulk", "terrace"]), Values(shuffled: true), "lens");
        Assert.Equal(ordered.Labels, named.Labels);
        Assert.Equal(["terrace", "bulk", "edge"], named.ClusterNames);
    }

    [Fact]
    public void Empty_clusters_go_last_and_bad_input_is_refused()
    {
        var labels = new ClusterLabels([1, 1, 2, 1, 2, 2], Frames, Atoms, 3, "test");
        var ordered = ClusterOrdering.ByMean(labels, Values(), "lens");
        Assert.Equal([0.2, 0.7], ClusterOrdering.Means(ordered, Values(), 1)[..2].Select(m => Math.Round(m, 12)));
        Assert.True(double.IsNaN(ClusterOrdering.Means(ordered, Values(), 1)[2]));

        Assert.Equal("InvalidArgument", Assert.Throws<SoapLensException>(() => ClusterOrdering.ByMean(labels, Values(), "nope")).ErrorId);
        var partial = new Dataset([1, 2], 2, 1, [0, 0], [1, 2], ["lens"]);
        Assert.Equal("RowNotFound", Assert.Throws<SoapLensException>(() => ClusterOrdering.ByMean(labels, partial, "lens")).ErrorId);
    }
}
