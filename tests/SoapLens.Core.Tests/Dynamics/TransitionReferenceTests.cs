using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

/// <summary>The transitions reference case (SciPy 1.10 / NumPy 1.24 on the hdbscan-5d mcs80 soft labels).</summary>
public class TransitionReferenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    internal static ClusterLabels ReferenceLabels()
    {
        var a = Npy.Load(SharedData.Reference("transitions", "soft_labels.npy"));
        Assert.Equal([20, 720], a.Shape);
        var labels = a.ToInt64Array().Select(l => (int)l).ToArray();
        var frames = new int[labels.Length];
        var atoms = new int[labels.Length];
        for (int t = 0, r = 0; t < 20; t++)
            for (int i = 0; i < 720; i++, r++) { frames[r] = t; atoms[r] = i + 1; }
        return new ClusterLabels(labels, frames, atoms, labels.Max() + 1, "hdbscan-soft");
    }

    private static double[,] Matrix(string file)
    {
        var a = Npy.Load(SharedData.Reference("transitions", file));
        var m = new double[a.Shape[0], a.Shape[1]];
        for (int i = 0; i < a.Shape[0]; i++)
            for (int j = 0; j < a.Shape[1]; j++) m[i, j] = a.GetDouble((long)i * a.Shape[1] + j);
        return m;
    }

    [Fact]
    public void Counts_are_identical_and_probabilities_within_1e15()
    {
        var tm = TransitionMatrix.FromLabels(ReferenceLabels());
        var counts = Matrix("counts.npy");
        var probs = Matrix("probabilities.npy");
        Assert.Equal(8, tm.ClusterCount);
        Assert.Equal(19L * 720, tm.TotalTransitions);
        double worst = 0;
        for (int a = 0; a < 8; a++)
            for (int b = 0; b < 8; b++)
            {
                Assert.Equal((long)counts[a, b], tm.Counts[a, b]);
                worst = Math.Max(worst, Math.Abs(probs[a, b] - tm.Probabilities[a, b]));
            }
        output.WriteLine($"worst probability error {worst:E2}");
        Assert.True(worst <= 1e-15, $"worst probability error {worst:E2}");
        Assert.Equal(0, tm.NoisePairs);
        Assert.Equal(0, tm.MissingPairs);
    }

    [Fact]
    public void Linkage_matches_scipy_within_1e12_with_the_same_merge_order()
    {
        var tm = TransitionMatrix.FromLabels(ReferenceLabels());
        var z = Linkage.Average(Linkage.CorrelationDistances(tm.Probabilities), 8);
        var reference = Matrix("linkage.npy");
        double worst = 0;
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(reference[i, 0], z[i, 0]);
            Assert.Equal(reference[i, 1], z[i, 1]);
            Assert.Equal(reference[i, 3], z[i, 3]);
            worst = Math.Max(worst, Math.Abs(reference[i, 2] - z[i, 2]));
        }
        output.WriteLine($"worst linkage distance error {worst:E2}");
        Assert.True(worst <= 1e-12, $"worst linkage distance error {worst:E2}");
    }

    [Fact]
    public void Cut_at_1_gives_scipys_fcluster_grouping_and_numbers()
    {
        var tm = TransitionMatrix.FromLabels(ReferenceLabels());
        var merge = ClusterMerge.Compute(tm, 1.0);
        var expected = Npy.Load(SharedData.Reference("transitions", "fcluster.npy")).ToInt64Array().Select(x => (int)x).ToArray();
        Assert.Equal(expected, merge.FClusterNumbers());
        Assert.Equal(6, merge.MacroCount);
        // Same partition, whatever the numbers.
        for (int a = 0; a < 8; a++)
            for (int b = 0; b < 8; b++)
                Assert.Equal(expected[a] == expected[b], merge.Map[a] == merge.Map[b]);
    }

    [Fact]
    public void Macro_matrix_equals_the_transitions_of_the_relabelled_labels()
    {
        var labels = ReferenceLabels();
        var merge = ClusterMerge.Compute(TransitionMatrix.FromLabels(labels), 1.0, labels);
        Assert.NotNull(merge.Labels);
        Assert.Equal(labels.Frames, merge.Labels!.Frames);
        Assert.Equal(labels.AtomIds, merge.Labels.AtomIds);
        var recount = TransitionMatrix.FromLabels(merge.Labels);
        Assert.Equal(merge.Macro.Counts, recount.Counts);
        Assert.Equal(merge.Macro.Populations, recount.Populations);
        Assert.Equal(merge.MacroNames, recount.ClusterNames);
    }
}
