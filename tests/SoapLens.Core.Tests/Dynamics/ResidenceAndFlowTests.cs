using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

public class ResidenceAndFlowTests
{
    [Fact]
    public void Runs_are_found_with_censoring_at_the_edges_and_gaps()
    {
        // atom 10: 0 0 1 1 1 0   → runs 0(2, start), 1(3), 0(1, end)
        // atom 20: 2 -1 2 2 2 2  → runs 2(1, start), 2(4, end); noise ends a run uncensored
        // atom 30: 1 1 _ 1 0 0   → runs 1(2, start+end: the atom is unlabelled in frame 2), 1(1, start), 0(2, end)
        var labels = new List<int>(); var frames = new List<int>(); var atoms = new List<int>();
        int[][] cols = [[0, 0, 1, 1, 1, 0], [2, -1, 2, 2, 2, 2], [1, 1, -9, 1, 0, 0]];
        for (int t = 0; t < 6; t++)
            for (int a = 0; a < 3; a++)
            {
                if (cols[a][t] == -9) continue;
                labels.Add(cols[a][t]); frames.Add(100 + 10 * t); atoms.Add(10 * (a + 1));
            }
        var r = ResidenceTimes.FromLabels(new ClusterLabels(labels.ToArray(), frames.ToArray(), atoms.ToArray(), 3, "t"), timeStep: 0.3, timeUnit: "ns");
        Assert.Equal([10, 10, 10, 20, 20, 30, 30, 30], r.AtomIds);
        Assert.Equal([0, 1, 0, 2, 2, 1, 1, 0], r.Clusters);
        Assert.Equal([2, 3, 1, 1, 4, 2, 1, 2], r.Lengths);
        Assert.Equal([100, 120, 150, 100, 120, 100, 130, 140], r.StartFrames);
        Assert.Equal([Censoring.Start, Censoring.None, Censoring.End, Censoring.Start, Censoring.End,
            Censoring.Start | Censoring.End, Censoring.Start, Censoring.End], r.Censoring);
        var s = r.Summary();
        Assert.Equal(3, s[0].Stays);
        Assert.Equal(0, s[0].CompleteStays);
        Assert.True(double.IsNaN(s[0].MeanComplete));
        Assert.Equal(1, s[1].CompleteStays);
        Assert.Equal(0.9, s[1].MeanComplete, 12);
        Assert.Equal(1.2, s[2].Longest, 12);
        Assert.Equal(0.3 * 3, r.Durations()[1], 12);
    }

    [Fact]
    public void Stays_cover_every_labelled_frame_of_the_reference_labels()
    {
        var labels = TransitionReferenceTests.ReferenceLabels();
        var r = ResidenceTimes.FromLabels(labels);
        Assert.Equal(20L * 720, r.Lengths.Sum(x => (long)x));
        // Every stay ends with a change of cluster unless censored, so complete stays + 720 atoms = runs ... and
        // the number of runs equals the off-diagonal transitions + one per atom.
        var tm = TransitionMatrix.FromLabels(labels);
        long offDiagonal = tm.TotalTransitions - Enumerable.Range(0, 8).Sum(a => tm.Counts[a, a]);
        Assert.Equal(offDiagonal + 720, r.RunCount);
    }

    [Theory]
    [InlineData("r.npy", CsvLayout.Tidy)]
    [InlineData("r.csv", CsvLayout.Tidy)]
    [InlineData("r.csv", CsvLayout.Wide)]
    public void Residence_times_round_trip(string file, CsvLayout layout)
    {
        var r = ResidenceTimes.FromLabels(TransitionReferenceTests.ReferenceLabels(), 0.3, "ns");
        var back = FileRoundTrip.Through<ResidenceTimes>(r, file, new ExportOptions { CsvLayout = layout });
        Assert.Equal(r.Lengths, back.Lengths);
        Assert.Equal(r.AtomIds, back.AtomIds);
        Assert.Equal(r.Clusters, back.Clusters);
        Assert.Equal(r.StartFrames, back.StartFrames);
        Assert.Equal(r.Censoring, back.Censoring);
        Assert.Equal(r.ClusterNames, back.ClusterNames);
        Assert.Equal(0.3, back.TimeStep);
        Assert.Equal("ns", back.TimeUnit);
    }

    [Fact]
    public void Population_flow_counts_populations_and_moves_between_chosen_frames()
    {
        var labels = TransitionMatrixTests.Small([[0, 1, 2], [0, 1, -1], [1, 1, 2], [1, 0, 2], [2, 0, 2]]);
        var f = PopulationFlow.FromLabels(labels, [0, 2, 4]);
        Assert.Equal(["0", "1", "2"], f.Categories); // no noise at the chosen frames
        Assert.Equal([1L, 1, 1], f.Populations[0]);
        Assert.Equal([0L, 2, 1], f.Populations[1]);
        Assert.Equal(1, f.Flows[0][0, 1]);
        Assert.Equal(1, f.Flows[1][1, 2]);
        Assert.Equal(1, f.Flows[1][1, 0]);
        var withNoise = PopulationFlow.FromLabels(labels, [0, 1]);
        Assert.True(withNoise.HasNoise);
        Assert.Equal(1, withNoise.Flows[0][2, 3]);
        var ex = Assert.Throws<SoapLensException>(() => PopulationFlow.FromLabels(labels, [0, 7]));
        Assert.Equal("FrameNotLabelled", ex.ErrorId);
        Assert.Equal([0, 1, 2, 3, 4], PopulationFlow.DefaultFrames(labels));
    }
}
