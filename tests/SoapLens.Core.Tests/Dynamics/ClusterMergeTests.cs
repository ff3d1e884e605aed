using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

public class ClusterMergeTests
{
    private static TransitionMatrix Reference() => TransitionMatrix.FromLabels(TransitionReferenceTests.ReferenceLabels());

    [Fact]
    public void User_map_by_number_or_name_merges_and_keeps_the_rest()
    {
        var tm = Reference();
        var merge = ClusterMerge.FromMap(tm, new Dictionary<string, string> { ["0"] = "edge", ["1"] = "edge", ["7"] = "bulk" });
        Assert.Equal("map", merge.Method);
        Assert.True(double.IsNaN(merge.Threshold));
        Assert.Equal(["edge", "2", "3", "4", "5", "6", "bulk"], merge.MacroNames);
        Assert.Equal([0, 0, 1, 2, 3, 4, 5, 6], merge.Map);
        Assert.Equal(tm.Counts[0, 0] + tm.Counts[0, 1] + tm.Counts[1, 0] + tm.Counts[1, 1], merge.Macro.Counts[0, 0]);
        Assert.NotNull(merge.Linkage);
    }

    [Fact]
    public void User_map_naming_an_unknown_cluster_is_refused()
    {
        var ex = Assert.Throws<SoapLensException>(() => ClusterMerge.FromMap(Reference(), new Dictionary<string, string> { ["9"] = "x" }));
        Assert.Contains("'9'", ex.Message);
    }

    [Fact]
    public void Relabelling_keeps_keys_and_noise_and_sums_membership()
    {
        var labels = new ClusterLabels([0, 2, -1, 1, 2, 0], [0, 0, 0, 1, 1, 1], [1, 2, 3, 1, 2, 3], 3, "gmm",
            probabilities: [1, 1, 1, 1, 1, 1], membership: [0.5, 0.2, 0.3, 0.1, 0.1, 0.8, 0.3, 0.3, 0.4, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.6, 0.2, 0.2]);
        var tm = TransitionMatrix.FromLabels(labels);
        var merge = ClusterMerge.FromMap(tm, new Dictionary<string, string> { ["1"] = "A", ["2"] = "A" }, labels);
        var m = merge.Labels!;
        Assert.Equal([0, 1, -1, 1, 1, 0], m.Labels);
        Assert.Equal(labels.Frames, m.Frames);
        Assert.Equal(labels.AtomIds, m.AtomIds);
        Assert.Equal(["0", "A"], m.ClusterNames);
        Assert.Null(m.Probabilities);
        Assert.Equal(0.5, m.Membership![0], 15);
        Assert.Equal(0.5, m.Membership[1], 15);
        Assert.Equal(0.9, m.Membership[3], 15);
        Assert.Equal("gmm+merge", m.Method);
        Assert.Same(m, merge.ToClusterLabels());
    }

    [Fact]
    public void A_merge_without_labels_says_so_when_labels_are_asked_for()
    {
        var ex = Assert.Throws<SoapLensException>(() => ClusterMerge.Compute(Reference()).ToClusterLabels());
        Assert.Equal("MergeHasNoLabels", ex.ErrorId);
    }

    [Fact]
    public void Threshold_zero_keeps_every_cluster_and_a_large_one_merges_all()
    {
        var tm = Reference();
        Assert.Equal(8, ClusterMerge.Compute(tm, 0).MacroCount);
        var all = ClusterMerge.Compute(tm, 10);
        Assert.Equal(1, all.MacroCount);
        Assert.Equal(tm.TotalTransitions, all.Macro.Counts[0, 0]);
    }

    [Theory]
    [InlineData("m.npy")]
    [InlineData("m.csv")]
    public void Round_trips_through_files(string file)
    {
        var merge = ClusterMerge.Compute(Reference(), 1.0);
        // A lone .npy holds the linkage matrix, as SciPy's.
        var back = FileRoundTrip.Through<ClusterMerge>(merge, file,
            inspect: path => { if (file.EndsWith(".npy")) Assert.Equal([7, 4], Npy.Load(path).Shape); });
        Assert.Equal(merge.Map, back.Map);
        Assert.Equal(merge.MacroNames, back.MacroNames);
        Assert.Equal(merge.Linkage, back.Linkage);
        Assert.Equal(merge.Micro.Counts, back.Micro.Counts);
        Assert.Equal(merge.Macro.Counts, back.Macro.Counts);
        Assert.Equal(1.0, back.Threshold);
    }
}
