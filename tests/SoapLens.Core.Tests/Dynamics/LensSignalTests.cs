using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Dynamics;

public class LensSignalTests
{
    private static readonly Lazy<LensSignal> s_small = new(() =>
    {
        var frames = LensFixtures.Cu211.Take(8).ToList();
        return LensCalculator.Compute(frames, frames[0].Topology, LensFixtures.All(720), null, new LensOptions { RCut = 6, Delay = 2 }, "cu211-small");
    });

    private static LensSignal Small => s_small.Value;

    private static Trajectory Cu211(int stop) =>
        Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(0, stop, 1));

    [Fact]
    public void Exports_to_npy_as_centres_by_values_and_counts_as_frames_by_centres()
    {
        using var tmp = new TempDir();
        var host = new RecordingHost(tmp.Path);
        var lens = new ExportDataStage(host, new ExportDataOptions { Path = "lens.npy" });
        lens.Begin();
        lens.Process(Small);
        var counts = new ExportDataStage(host, new ExportDataOptions { Path = "counts.npy", FormatOptions = new ExportOptions { ArrayName = "counts" } });
        counts.Begin();
        counts.Process(Small);
        Assert.Empty(host.Errors);
        var a = Npy.Load(tmp.File("lens.npy"));
        Assert.Equal(NdType.Float64, a.DType);
        Assert.Equal([720, 6], a.Shape);
        var v = a.ToDoubleArray();
        Assert.Equal(Small.Series(3).ToArray(), v[(3 * 6)..(4 * 6)]);
        var c = Npy.Load(tmp.File("counts.npy"));
        Assert.Equal(NdType.Int64, c.DType);
        Assert.Equal([8, 720], c.Shape);
        Assert.Equal(Small.NeighbourCount(5, 100), c.GetInt64(5 * 720 + 100));
    }

    [Theory]
    [InlineData("l.npy", CsvLayout.Tidy)]
    [InlineData("l.csv", CsvLayout.Tidy)]
    [InlineData("l.csv", CsvLayout.Wide)]
    public void Round_trips_through_files(string file, CsvLayout layout)
    {
        var smoothed = Small.Smooth(new SavitzkyGolayOptions { WindowLength = 3, PolyOrder = 1, Mode = SavitzkyGolayMode.Nearest, Trim = true, Clip = true });
        using var tmp = new TempDir();
        var path = tmp.File(file);
        var format = DataFormats.Resolve(path, null);
        format.Write(smoothed.ToBundle(), path, new ExportOptions { CsvLayout = layout }, CancellationToken.None);
        var back = Assert.IsType<LensSignal>(ResultRegistry.FromBundle(format.Read(path, new ImportOptions(), CancellationToken.None)));
        Assert.Equal(smoothed.Values, back.Values);
        Assert.Equal(smoothed.CentreIds, back.CentreIds);
        Assert.Equal(smoothed.StartFrames, back.StartFrames);
        Assert.Equal(smoothed.EndFrames, back.EndFrames);
        Assert.Equal(smoothed.FrameIndices, back.FrameIndices);
        Assert.Equal(2, back.Delay);
        Assert.Equal(6.0, back.RCut);
        Assert.Equal(smoothed.Smoothing, back.Smoothing);
        Assert.Equal(1, back.TrimStart);
        Assert.Equal(1, back.TrimEnd);
        Assert.Null(back.NeighbourCounts); // a single-array file keeps the values only
        var bundle = smoothed.ToBundle();
        var again = LensSignal.FromBundle(bundle);
        Assert.Equal(smoothed.NeighbourCounts, again.NeighbourCounts);
    }

    [Fact]
    public void Dataset_rows_are_start_frame_major_with_one_lens_column()
    {
        var d = Small.ToDataset();
        Assert.Equal(6 * 720, d.RowCount);
        Assert.Equal(["lens"], d.ColumnNames);
        Assert.True(d.IsGrid(out var frames, out var atoms));
        Assert.Equal(Small.StartFrames, frames);
        Assert.Equal(Small.CentreIds, atoms);
        Assert.Equal(Small[17, 4], d[4 * 720 + 17, 0]);
    }

    [Fact]
    public void Per_atom_columns_give_the_value_starting_at_a_frame()
    {
        IPerAtomColumns cols = Small;
        Assert.Equal(["lens"], cols.ColumnNames);
        var dest = new double[3];
        Assert.True(cols.TryGetFrame(3, [1, 720, 9999], dest));
        Assert.Equal(Small[0, 3], dest[0]);
        Assert.Equal(Small[719, 3], dest[1]);
        Assert.True(double.IsNaN(dest[2]));
        Assert.False(cols.TryGetFrame(6, [1], dest)); // frames 6 and 7 start no interval of 2 frames
    }

    [Fact]
    public void Stage_emits_one_signal_per_trajectory_with_completed_progress()
    {
        var host = new RecordingHost();
        var stage = new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 6, Delay = 1, BatchFrames = 3, ThrottleLimit = 2 });
        stage.Begin();
        stage.Process(Cu211(10));
        stage.Process(Cu211(5));
        Assert.Empty(host.Errors);
        Assert.Equal(2, host.Output.Count);
        var s = Assert.IsType<LensSignal>(host.Output[0]);
        Assert.Equal(9, s.TransitionCount);
        var reference = Npy.Load(SharedData.Reference("lens-cu211", "lens_rc6_delay1.npy")).ToDoubleArray();
        for (int k = 0; k < 9; k++)
            for (int i = 0; i < 720; i += 13) Assert.Equal(reference[k * 720 + i], s[i, k]);
        Assert.Equal("cu211-small.extxyz", s.Source);
        Assert.True(host.AllProgressCompleted);
        Assert.Contains(host.Progress, p => !p.Completed);
    }

    [Fact]
    public void Stage_takes_centre_and_environment_selections_by_id()
    {
        var host = new RecordingHost();
        var centres = new AtomSelection([5, 1, 700], "three atoms");
        var env = new AtomSelection(Enumerable.Range(1, 360), "first half");
        var stage = new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 6, Centres = centres, Environment = env });
        stage.Begin();
        stage.Process(Cu211(6));
        var s = Assert.IsType<LensSignal>(Assert.Single(host.Output));
        Assert.Equal([1, 5, 700], s.CentreIds);
        Assert.Equal("first half", s.EnvironmentDescription);
        var frames = Cu211(6).LoadFrames();
        var expected = BruteForceLens.Compute(frames, [0, 4, 699], Enumerable.Range(0, 360).ToArray(), 6, 1, out var counts);
        Assert.Equal(expected, s.Values);
        Assert.Equal(counts, s.NeighbourCounts);
    }

    [Fact]
    public void Stage_reports_bad_inputs_and_goes_on()
    {
        var host = new RecordingHost();
        var stage = new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 6, Delay = 3, Centres = new AtomSelection([1, 99999], "bad") });
        stage.Begin();
        stage.Process(Cu211(10));
        Assert.Equal("AtomIdNotFound", Assert.Single(host.Errors).ErrorId);
        var ok = new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 6, Delay = 3 });
        ok.Begin();
        ok.Process(Cu211(3));
        Assert.Equal("TooFewFrames", host.Errors[1].ErrorId);
        ok.Process(Cu211(4));
        Assert.Single(host.Output);
        Assert.True(host.AllProgressCompleted);
        Assert.Throws<SoapLensException>(() => new GetLensSignalStage(host, new GetLensSignalOptions { RCut = -1 }).Begin());
        Assert.Throws<SoapLensException>(() => new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 6, Delay = 0 }).Begin());
    }

    [Fact]
    public void Stage_stops_on_cancellation_and_completes_progress()
    {
        // Ctrl+C arrives with the first progress record, i.e. after the stage has started reading.
        var host = new RecordingHost { CancelAfterCalls = 0 };
        var stage = new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 6, BatchFrames = 2, ThrottleLimit = 2 });
        stage.Begin();
        Assert.ThrowsAny<OperationCanceledException>(() => stage.Process(Cu211(100)));
        Assert.Empty(host.Output);
        Assert.Empty(host.Errors);
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void Calculator_stops_reading_within_a_batch_or_two_of_cancellation()
    {
        using var cts = new CancellationTokenSource();
        int read = 0;
        IEnumerable<Frame> Frames()
        {
            foreach (var f in LensFixtures.Cu211)
            {
                if (++read == 10) cts.Cancel();
                yield return f;
            }
        }
        var calc = new LensCalculator(LensFixtures.Cu211[0].Topology, LensFixtures.All(720), null, new LensOptions { RCut = 6, BatchFrames = 4, Threads = 2 });
        Assert.ThrowsAny<OperationCanceledException>(() => calc.Run(Frames(), null, cts.Token));
        Assert.InRange(read, 10, 10 + 2 * calc.BatchFrames);
        Assert.True(calc.FrameCount < 10);
    }

    [Fact]
    public void Savitzky_golay_stage_smooths_lens_and_datasets_and_refuses_the_rest()
    {
        var host = new RecordingHost();
        var opts = new SavitzkyGolayOptions { WindowLength = 3, PolyOrder = 1 };
        var stage = new InvokeSavitzkyGolayStage(host, opts);
        stage.Begin();
        stage.Process(Small);
        stage.Process(Small.ToDataset());
        stage.Process("not a series");
        stage.Process(new SavitzkyGolayOptions { WindowLength = 1, PolyOrder = 0 });
        Assert.Equal(2, host.Errors.Count);
        Assert.All(host.Errors, e => Assert.Equal("InputNotTimeSeries", e.ErrorId));
        var lens = Assert.IsType<LensSignal>(host.Output[0]);
        var data = Assert.IsType<Dataset>(host.Output[1]);
        Assert.Equal(opts, lens.Smoothing);
        // The same filter along time per atom: the dataset route gives the same numbers.
        Assert.Equal(lens.ToDataset().Values, data.Values);
        Assert.Throws<SoapLensException>(() => new InvokeSavitzkyGolayStage(host, opts with { PolyOrder = 3 }).Begin());
        // A series shorter than an interp window is an error for that input only.
        var wide = new InvokeSavitzkyGolayStage(host, new SavitzkyGolayOptions { WindowLength = 7, PolyOrder = 2 });
        wide.Process(Small);
        Assert.Equal(3, host.Errors.Count);
        Assert.Equal("InvalidArgument", host.Errors[2].ErrorId);
    }

    [Fact]
    public void Isolated_centres_get_zero_not_nan()
    {
        // A cutoff shorter than any distance: every set is empty, and 0/0 is 0 by definition.
        var frames = LensFixtures.Cu211.Take(3).ToList();
        var s = LensCalculator.Compute(frames, frames[0].Topology, [0, 1, 2], [], new LensOptions { RCut = 0.5 });
        Assert.All(s.Values, v => Assert.Equal(0.0, v));
        Assert.All(s.NeighbourCounts!, n => Assert.Equal(0, n));
    }

    [Fact]
    public void Text_summaries_are_short()
    {
        Assert.Equal("LENS 720 centres x 6 values (r_cut 6 Å, delay 2, raw)", Small.ToString());
        var s = Small.Smooth(new SavitzkyGolayOptions { WindowLength = 3, PolyOrder = 1, Clip = true });
        Assert.Contains("savgol w=3 p=1 interp clip", s.ToString());
    }
}
