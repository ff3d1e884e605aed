using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

public class TransitionMatrixTests
{
    // 3 atoms (ids 10, 20, 30) over 4 frames; rows given per frame.
    internal static ClusterLabels Small(int[][] perFrame, int k = 3, int[]? frameNumbers = null)
    {
        var labels = new List<int>(); var frames = new List<int>(); var atoms = new List<int>();
        for (int t = 0; t < perFrame.Length; t++)
            for (int i = 0; i < perFrame[t].Length; i++)
            {
                labels.Add(perFrame[t][i]); frames.Add(frameNumbers?[t] ?? t); atoms.Add(10 * (i + 1));
            }
        return new ClusterLabels(labels.ToArray(), frames.ToArray(), atoms.ToArray(), k, "test");
    }

    private static long[,] Brute(int[][] g, int k, int lag, int stride)
    {
        var c = new long[k, k];
        for (int t = 0; t + lag < g.Length; t += stride)
            for (int i = 0; i < g[t].Length; i++)
                if (g[t][i] >= 0 && g[t + lag][i] >= 0) c[g[t][i], g[t + lag][i]]++;
        return c;
    }

    private static readonly int[][] Grid =
    [
        [0, 1, 2],
        [0, 1, -1],
        [1, 1, 2],
        [1, 0, 2],
        [2, 0, 2],
    ];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    public void Counts_follow_the_definition_for_any_lag_and_stride(int lag, int stride)
    {
        var tm = TransitionMatrix.FromLabels(Small(Grid), lag, stride);
        Assert.Equal(Brute(Grid, 3, lag, stride), tm.Counts);
        Assert.Equal(lag, tm.Lag);
        Assert.Equal(stride, tm.Stride);
    }

    [Fact]
    public void Noise_is_excluded_and_reported()
    {
        var tm = TransitionMatrix.FromLabels(Small(Grid));
        // Atom 30: 2 → noise and noise → 2 are the two dropped pairs.
        Assert.Equal(2, tm.NoisePairs);
        Assert.Equal(4L * 3 - 2, tm.TotalTransitions);
        Assert.Equal([4L, 5, 5], tm.Populations);
    }

    [Fact]
    public void Probabilities_are_row_normalised_and_zero_rows_stay_zero()
    {
        var tm = TransitionMatrix.FromLabels(Small([[0, 0], [0, 1], [1, 1]], k: 3));
        // atom 10: 0→0, 0→1; atom 20: 0→1, 1→1
        Assert.Equal(1.0 / 3, tm.Probabilities[0, 0], 15);
        Assert.Equal(2.0 / 3, tm.Probabilities[0, 1], 15);
        Assert.Equal(1.0, tm.Probabilities[1, 1]);
        for (int b = 0; b < 3; b++) Assert.Equal(0.0, tm.Probabilities[2, b]);
        Assert.Equal(200.0 / 3, tm.Percent()[0, 1], 12);
        Assert.Equal(2, tm.NetFlux()[0, 1]);
        Assert.Equal(-2, tm.NetFlux()[1, 0]);
    }

    [Fact]
    public void Row_order_does_not_matter_and_frames_follow_their_numbers()
    {
        var ordered = Small(Grid, frameNumbers: [0, 5, 10, 15, 20]);
        var rng = new Random(3);
        var perm = Enumerable.Range(0, ordered.RowCount).OrderBy(_ => rng.Next()).ToArray();
        var shuffled = new ClusterLabels(perm.Select(r => ordered.Labels[r]).ToArray(), perm.Select(r => ordered.Frames[r]).ToArray(),
            perm.Select(r => ordered.AtomIds[r]).ToArray(), 3, "test");
        Assert.Equal(TransitionMatrix.FromLabels(ordered).Counts, TransitionMatrix.FromLabels(shuffled).Counts);
    }

    [Fact]
    public void Atoms_missing_from_a_frame_are_skipped()
    {
        // Atom 20 has no label in frame 1.
        var l = new ClusterLabels([0, 1, 0, 1, 1], [0, 0, 1, 2, 2], [10, 20, 10, 10, 20], 2, "test");
        var tm = TransitionMatrix.FromLabels(l);
        Assert.Equal(new long[,] { { 1, 1 }, { 0, 0 } }, tm.Counts);
        Assert.Equal(2, tm.MissingPairs);
    }

    [Fact]
    public void Bad_input_is_refused_clearly()
    {
        var dup = new ClusterLabels([0, 1], [0, 0], [7, 7], 2, "test");
        Assert.Equal("DuplicateLabelKey", Assert.Throws<SoapLensException>(() => TransitionMatrix.FromLabels(dup)).ErrorId);
        var one = Small([[0, 1]]);
        Assert.Equal("TooFewFrames", Assert.Throws<SoapLensException>(() => TransitionMatrix.FromLabels(one)).ErrorId);
        Assert.Throws<SoapLensException>(() => TransitionMatrix.FromLabels(Small(Grid), lag: 0));
        Assert.Throws<SoapLensException>(() => TransitionMatrix.FromLabels(Small(Grid), stride: 0));
    }

    [Theory]
    [InlineData("t.npy")]
    [InlineData("t.csv")]
    public void Round_trips_through_files_with_exact_counts(string file)
    {
        var tm = TransitionMatrix.FromLabels(TransitionReferenceTests.ReferenceLabels(), lag: 2, stride: 3);
        var back = FileRoundTrip.Through<TransitionMatrix>(tm, file);
        Assert.Equal(tm.Counts, back.Counts);
        Assert.Equal(tm.Probabilities, back.Probabilities);
        Assert.Equal(tm.Populations, back.Populations);
        Assert.Equal(tm.ClusterNames, back.ClusterNames);
        Assert.Equal(2, back.Lag);
        Assert.Equal(3, back.Stride);
    }

    [Fact]
    public void Npy_export_writes_probabilities_by_default_and_counts_on_request()
    {
        var tm = TransitionMatrix.FromLabels(TransitionReferenceTests.ReferenceLabels());
        using var tmp = new TempDir();
        var format = DataFormats.Resolve(tmp.File("p.npy"), null);
        format.Write(tm.ToBundle(), tmp.File("p.npy"), new ExportOptions(), CancellationToken.None);
        format.Write(tm.ToBundle(), tmp.File("c.npy"), new ExportOptions { ArrayName = "counts" }, CancellationToken.None);
        var p = Npy.Load(tmp.File("p.npy"));
        var c = Npy.Load(tmp.File("c.npy"));
        Assert.Equal(NdType.Float64, p.DType);
        Assert.Equal([8, 8], p.Shape);
        Assert.Equal(NdType.Int64, c.DType);
        Assert.Equal(TransitionMatrix.Flatten(tm.Counts), c.ToInt64Array());
    }
}
