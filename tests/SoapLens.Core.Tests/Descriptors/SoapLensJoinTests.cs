using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Descriptors;

/// <summary>
/// Join-SoapLens: row alignment (last frame, trims, strides, leading zeros), the SOAP part equal to
/// soap.ToLayout(Full).Normalize(), the LENS part, weights, SOAP-only rows, refusals, and the stage.
/// Small SOAP parameters on the bundled 20-frame demo keep it fast; the numbers of SOAP and LENS
/// themselves are checked against the references elsewhere.
/// </summary>
public class SoapLensJoinTests
{
    private static readonly AtomSelection Top = new(Enumerable.Range(697, 24), "24 atoms");

    private static Trajectory Demo(FrameSelection? frames = null) =>
        Trajectory.Open(Path.Combine(RepoPaths.Root, "examples", "data", "cu211-demo.extxyz"), selection: frames);

    private static T One<T>(RecordingHost host)
    {
        Assert.Empty(host.Errors);
        return Assert.IsType<T>(Assert.Single(host.Output));
    }

    internal static SoapSpectrum Soap(Trajectory t, AtomSelection? centres = null, SoapLayout layout = SoapLayout.Dscribe,
        bool normalize = false, bool single = false, FrameSelection? frames = null)
    {
        var host = new RecordingHost();
        var stage = new GetSoapSpectrumStage(host, new SoapSpectrumOptions
        {
            RCut = 4, NMax = 3, LMax = 2, Centers = centres ?? Top, Layout = layout, Normalize = normalize, SinglePrecision = single, Frames = frames,
        });
        stage.Begin();
        stage.Process(t);
        return One<SoapSpectrum>(host);
    }

    internal static LensSignal Lens(Trajectory t, AtomSelection? centres = null, int delay = 1, bool leadingZero = false)
    {
        var host = new RecordingHost();
        var stage = new GetLensSignalStage(host, new GetLensSignalOptions { RCut = 4, Delay = delay, Centres = centres ?? Top, LeadingZero = leadingZero });
        stage.Begin();
        stage.Process(t);
        return One<LensSignal>(host);
    }

    private static readonly Lazy<(SoapSpectrum Soap, LensSignal Lens)> s_demo = new(() =>
    {
        var t = Demo();
        return (Soap(t), Lens(t));
    });

    private static SoapSpectrum DemoSoap => s_demo.Value.Soap;
    private static LensSignal DemoLens => s_demo.Value.Lens;

    [Fact]
    public void Rows_are_frames_0_to_F_minus_2_times_centres_with_the_normalised_full_soap_and_lens_of_t_to_t_plus_1()
    {
        var soap = DemoSoap;
        var lens = DemoLens;
        var x = SoapLensJoin.Join(soap, lens);
        int n = soap.Map.FullCount;
        Assert.Equal(3 * 3 * 3, n); // (l_max + 1) · n_max² for one species
        Assert.Equal(19 * 24, x.RowCount);
        Assert.Equal(n + 1, x.ColumnCount);
        Assert.Equal("lens", x.ColumnNames[^1]);
        Assert.Equal(soap.Map.FeatureNames(SoapLayout.Full), x.ColumnNames[..n]);
        Assert.True(x.IsGrid(out var frames, out var ids));
        Assert.Equal(Enumerable.Range(0, 19), frames);
        Assert.Equal(Top.Ids, ids);

        // The SOAP part is bit for bit soap.ToLayout(Full).Normalize().
        var full = soap.ToLayout(SoapLayout.Full).Normalize();
        for (int f = 0; f < 19; f++)
            for (int c = 0; c < 24; c++)
            {
                int r = f * 24 + c;
                Assert.True(full.GetVector(f, c).SequenceEqual(x.Row(r)[..n]), $"row {r}");
                Assert.Equal(lens[lens.IndexOfCentre(ids[c]), f], x[r, n]);
                Assert.Equal(1.0, Math.Sqrt(x.Row(r)[..n].ToArray().Sum(v => v * v)), 12);
            }
        Assert.Equal(SoapLensJoin.Source, x.Source);
        Assert.Equal(0L, x.Parameters["first_frame"]);
        Assert.Equal(18L, x.Parameters["last_frame"]);
        Assert.Equal(1.0, x.Parameters["lens_weight"]);
        Assert.Equal(4.0, x.Parameters["lens_r_cut"]);
        Assert.Equal("Full", x.Parameters["layout"]);
    }

    [Fact]
    public void A_trimmed_lens_picks_its_own_start_frames_from_the_soap_whatever_the_window()
    {
        var soap = DemoSoap;
        var raw = DemoLens;
        foreach (var (window, trimLength, expectTrim) in new[] { (5, (int?)null, 2), (5, 3, 3), (9, 1, 1), (3, 6, 6) })
        {
            var opts = new SavitzkyGolayOptions { WindowLength = window, PolyOrder = 2, Clip = true, Trim = true, TrimLength = trimLength };
            var lens = raw.Smooth(opts);
            Assert.Equal(expectTrim, lens.TrimStart);
            var x = SoapLensJoin.Join(soap, lens);
            int kept = 19 - 2 * expectTrim;
            Assert.Equal(kept * 24, x.RowCount);
            Assert.True(x.IsGrid(out var frames, out _));
            Assert.Equal(Enumerable.Range(expectTrim, kept), frames);
            var full = soap.ToLayout(SoapLayout.Full).Normalize();
            int n = soap.Map.FullCount;
            for (int k = 0; k < kept; k += 3)
            {
                int r = k * 24 + 5;
                Assert.True(full.GetVector(expectTrim + k, 5).SequenceEqual(x.Row(r)[..n]));
                Assert.Equal(lens[5, k], x[r, n]);
            }
            Assert.Equal((long)expectTrim, x.Parameters["trim_start"]);
            Assert.Equal((long)window, x.Parameters["savgol_window_length"]);
            Assert.Equal((long)expectTrim, x.Parameters["trim_length"]);
        }
    }

    [Fact]
    public void Soap_only_has_the_same_rows_and_the_soap_columns_and_the_weight_scales_the_lens()
    {
        var lens = DemoLens.Smooth(new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Clip = true, Trim = true });
        var x = SoapLensJoin.Join(DemoSoap, lens);
        var s = SoapLensJoin.Join(DemoSoap, lens, new SoapLensJoinOptions { SoapOnly = true });
        var w = SoapLensJoin.Join(DemoSoap, lens, new SoapLensJoinOptions { LensWeight = 2.5 });
        int n = DemoSoap.Map.FullCount;
        Assert.Equal(n, s.ColumnCount);
        Assert.Equal(x.Frames, s.Frames);
        Assert.Equal(x.AtomIds, s.AtomIds);
        Assert.Equal(SoapLensJoin.SoapOnlySource, s.Source);
        Assert.Equal(true, s.Parameters["soap_only"]);
        for (int r = 0; r < x.RowCount; r++)
        {
            Assert.True(x.Row(r)[..n].SequenceEqual(s.Row(r)));
            Assert.True(x.Row(r)[..n].SequenceEqual(w.Row(r)[..n]));
            Assert.Equal(2.5 * x[r, n], w[r, n]);
        }
        Assert.Throws<SoapLensException>(() => SoapLensJoin.Join(DemoSoap, lens, new SoapLensJoinOptions { LensWeight = -1 }));
        Assert.Throws<SoapLensException>(() => SoapLensJoin.Join(DemoSoap, lens, new SoapLensJoinOptions { LensWeight = double.NaN }));
    }

    [Fact]
    public void Full_normalised_and_float32_spectra_give_the_same_rows()
    {
        var t = Demo();
        var x = SoapLensJoin.Join(DemoSoap, DemoLens);
        var fromFull = SoapLensJoin.Join(Soap(t, layout: SoapLayout.Full, normalize: true), DemoLens);
        var fromFullRaw = SoapLensJoin.Join(Soap(t, layout: SoapLayout.Full), DemoLens);
        var fromNormDscribe = SoapLensJoin.Join(Soap(t, normalize: true), DemoLens);
        var fromSingle = SoapLensJoin.Join(Soap(t, single: true), DemoLens);
        for (long i = 0; i < x.Values.LongLength; i++)
        {
            Assert.Equal(x.Values[i], fromFull.Values[i], 1e-14);
            Assert.Equal(x.Values[i], fromFullRaw.Values[i], 1e-14);
            Assert.Equal(x.Values[i], fromNormDscribe.Values[i], 1e-14);
            Assert.Equal(x.Values[i], fromSingle.Values[i], 1e-6);
        }
    }

    [Fact]
    public void The_result_does_not_depend_on_the_thread_count()
    {
        var one = SoapLensJoin.Join(DemoSoap, DemoLens, new SoapLensJoinOptions { Threads = 1 });
        var two = SoapLensJoin.Join(DemoSoap, DemoLens, new SoapLensJoinOptions { Threads = 2 });
        var many = SoapLensJoin.Join(DemoSoap, DemoLens, new SoapLensJoinOptions { Threads = 7 });
        Assert.Equal(one.Values, two.Values);
        Assert.Equal(one.Values, many.Values);
    }

    [Fact]
    public void A_spectrum_of_just_the_needed_frames_gives_the_same_rows_and_extra_frames_are_ignored()
    {
        var lens = DemoLens.Smooth(new SavitzkyGolayOptions { WindowLength = 7, PolyOrder = 2, Clip = true, Trim = true, TrimLength = 4 });
        var needed = Soap(Demo(), frames: new FrameSelection(4, 15)); // frames 4..14 = the LENS start frames
        var a = SoapLensAlignment.Create(needed, lens);
        Assert.Equal(0, a.UnusedSoapFrames);
        Assert.Equal(9, SoapLensAlignment.Create(DemoSoap, lens).UnusedSoapFrames); // 0..3, 15..19
        Assert.Equal(SoapLensJoin.Join(DemoSoap, lens).Values, SoapLensJoin.Join(needed, lens).Values);
    }

    [Fact]
    public void Strided_frames_pair_each_frame_with_the_next_selected_one()
    {
        var t = Demo(new FrameSelection(0, null, 3)); // frames 0, 3, ..., 18
        var soap = Soap(t);
        var lens = Lens(t);
        var x = SoapLensJoin.Join(soap, lens);
        Assert.True(x.IsGrid(out var frames, out _));
        Assert.Equal([0, 3, 6, 9, 12, 15], frames);
        Assert.Equal(lens[0, 2], x[2 * 24, x.ColumnCount - 1]); // δ(6, 9)
    }

    [Fact]
    public void A_leading_zero_lens_still_pairs_t_with_t_to_t_plus_1()
    {
        var padded = Lens(Demo(), leadingZero: true);
        Assert.Equal(20, padded.TransitionCount);
        var x = SoapLensJoin.Join(DemoSoap, padded);
        var plain = SoapLensJoin.Join(DemoSoap, DemoLens);
        Assert.Equal(plain.Frames, x.Frames);
        Assert.Equal(plain.Values, x.Values);
    }

    [Fact]
    public void Mismatches_are_refused_naming_what_differs()
    {
        var t = Demo();
        var delay = Assert.Throws<SoapLensException>(() => SoapLensJoin.Join(DemoSoap, Lens(t, delay: 2)));
        Assert.Equal("LensDelayNotOne", delay.ErrorId);
        Assert.Contains("delay of 2", delay.Message);

        var other = new AtomSelection(Enumerable.Range(690, 24), "other");
        var centres = Assert.Throws<SoapLensException>(() => SoapLensJoin.Join(DemoSoap, Lens(t, other)));
        Assert.Equal("CentresDiffer", centres.ErrorId);
        Assert.Contains("7 ids only in the spectrum (714, 715, 716, 717, 718, 719, 720)", centres.Message);
        Assert.Contains("7 ids only in the LENS signal (690, 691, 692, 693, 694, 695, 696)", centres.Message);

        var part = Soap(t, frames: new FrameSelection(0, 10));
        var frames = Assert.Throws<SoapLensException>(() => SoapLensJoin.Join(part, DemoLens));
        Assert.Equal("SoapFramesMissing", frames.ErrorId);
        Assert.Contains("9 source frames the SOAP spectrum does not have (10, 11, 12, 13, 14, 15, 16, 17, ...)", frames.Message);
        Assert.Contains("0..9", frames.Message);
    }

    [Fact]
    public void The_joined_dataset_round_trips_through_a_bundle_with_its_parameters()
    {
        var lens = DemoLens.Smooth(new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Clip = true, Trim = true, TrimLength = 3 });
        var x = SoapLensJoin.Join(DemoSoap, lens);
        var back = Dataset.FromBundle(x.ToBundle());
        Assert.Equal(x.Values, back.Values);
        Assert.Equal(x.Frames, back.Frames);
        Assert.Equal(x.AtomIds, back.AtomIds);
        Assert.Equal(x.ColumnNames, back.ColumnNames);
        Assert.Equal("SoapLens", back.Source);
        Assert.Equal(3L, back.Parameters["trim_length"]);

        // The smoothing (with its custom trim) survives a LENS round trip too.
        var lensBack = LensSignal.FromBundle(lens.ToBundle());
        Assert.Equal(lens.Smoothing, lensBack.Smoothing);
        Assert.Equal(3, lensBack.Smoothing!.TrimEach);
        Assert.Equal("savgol w=5 p=2 interp clip trim 3", lensBack.SmoothingText);
        var paper = DemoLens.Smooth(new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Trim = true });
        Assert.Null(LensSignal.FromBundle(paper.ToBundle()).Smoothing!.TrimLength);
    }

    [Fact]
    public void Stage_joins_each_piped_spectrum_reports_progress_and_unused_frames()
    {
        var lens = DemoLens.Smooth(new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Clip = true, Trim = true });
        var host = new RecordingHost();
        var stage = new JoinSoapLensStage(host, new JoinSoapLensOptions { Lens = lens });
        stage.Begin();
        stage.Process(DemoSoap);
        stage.Process("not a spectrum");
        stage.Process(Soap(Demo(), frames: new FrameSelection(0, 5))); // too few frames: an error, the next input still runs
        stage.Process(null);
        stage.Process(DemoSoap);
        stage.End();
        Assert.Equal(["InputNotSoapSpectrum", "SoapFramesMissing"], host.Errors.Select(e => e.ErrorId));
        Assert.Equal(2, host.Output.Count);
        var x = Assert.IsType<Dataset>(host.Output[0]);
        Assert.Equal(SoapLensJoin.Join(DemoSoap, lens).Values, x.Values);
        Assert.True(host.AllProgressCompleted);
        Assert.Contains(host.Progress, p => p.Activity == "Join-SoapLens");
        Assert.Contains(host.Verbose, v => v.Contains("15 frames (2..16) × 24 centres") && v.Contains("5 of the spectrum's 20 frames are not used"));
        Assert.Empty(host.Warnings);
    }

    [Fact]
    public void Stage_options_soap_only_weight_warnings_and_refusals()
    {
        var unclipped = DemoLens.Smooth(new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2 });
        var host = new RecordingHost();
        var stage = new JoinSoapLensStage(host, new JoinSoapLensOptions { Lens = unclipped, SoapOnly = true, ThrottleLimit = 1 });
        stage.Begin();
        stage.Process(DemoSoap);
        var s = One<Dataset>(host);
        Assert.Equal(DemoSoap.Map.FullCount, s.ColumnCount);
        Assert.Contains(host.Warnings, w => w.Contains("without -Clip"));

        Assert.Throws<SoapLensException>(() => new JoinSoapLensStage(new RecordingHost(), new JoinSoapLensOptions { Lens = DemoLens, LensWeight = -2 }).Begin());
        Assert.Throws<SoapLensException>(() => new JoinSoapLensStage(new RecordingHost(), new JoinSoapLensOptions { Lens = null! }).Begin());

        var cancelled = new RecordingHost();
        cancelled.Cancel();
        var c = new JoinSoapLensStage(cancelled, new JoinSoapLensOptions { Lens = DemoLens });
        c.Begin();
        Assert.ThrowsAny<OperationCanceledException>(() => c.Process(DemoSoap));
    }
}
