using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Descriptors;

public class SoapStageTests
{
    private static Trajectory Cu(int frames = 4) =>
        Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(0, frames));

    private static Trajectory Water() => Trajectory.Open(SharedData.Reference("soap-water", "water_cluster.extxyz"));

    // Small parameters keep these tests fast; the numbers themselves are checked in SoapReferenceTests.
    private static SoapSpectrumOptions Small => new() { RCut = 3.5, NMax = 3, LMax = 2, Centers = new AtomSelection([1, 2, 3, 500], "four atoms") };

    private static (RecordingHost Host, GetSoapSpectrumStage Stage) Start(SoapSpectrumOptions options)
    {
        var host = new RecordingHost();
        var stage = new GetSoapSpectrumStage(host, options);
        stage.Begin();
        return (host, stage);
    }

    [Fact]
    public void Emits_one_spectrum_per_trajectory_and_completes_its_progress()
    {
        var (host, stage) = Start(Small with { BatchSize = 2, ThrottleLimit = 2 });
        stage.Process(Cu(5));
        stage.Process(Cu(2));
        Assert.Empty(host.Errors);
        Assert.Equal(2, host.Output.Count);
        var first = Assert.IsType<SoapSpectrum>(host.Output[0]);
        Assert.Equal([0, 1, 2, 3, 4], first.FrameIndices);
        Assert.Equal([1, 2, 3, 500], first.CentreIds);
        Assert.Equal(2, ((SoapSpectrum)host.Output[1]).FrameCount);
        Assert.True(host.AllProgressCompleted);
        Assert.Contains(host.Progress, p => !p.Completed && p.Activity == "Get-SoapSpectrum");
        Assert.Contains(host.Verbose, v => v.Contains("4 centres"));
    }

    [Fact]
    public void Batches_and_threads_do_not_change_the_numbers()
    {
        var (h1, s1) = Start(Small with { BatchSize = 1, ThrottleLimit = 1 });
        s1.Process(Cu(5));
        var (h2, s2) = Start(Small with { BatchSize = 3, ThrottleLimit = 2 });
        s2.Process(Cu(5));
        Assert.Equal(((SoapSpectrum)h1.Output[0]).ToArray(), ((SoapSpectrum)h2.Output[0]).ToArray());
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_still_completes_the_progress()
    {
        var (host, stage) = Start(Small with { BatchSize = 1 });
        host.CancelAfterCalls = 2;
        Assert.ThrowsAny<OperationCanceledException>(() => stage.Process(Cu(20)));
        Assert.Empty(host.Output);
        Assert.True(host.AllProgressCompleted);
        Assert.True(host.Progress.Count < 10, "the run went on after the cancellation");
    }

    [Fact]
    public void Frame_selection_normalisation_layout_and_precision_are_applied()
    {
        var (host, stage) = Start(Small with { Frames = new FrameSelection(1, 6, 2), Layout = SoapLayout.Full, Normalize = true, SinglePrecision = true });
        stage.Process(Cu(10));
        var s = Assert.IsType<SoapSpectrum>(Assert.Single(host.Output));
        Assert.Equal([1, 3, 5], s.FrameIndices);
        Assert.Equal((SoapLayout.Full, true, true), (s.Layout, s.Normalized, s.SinglePrecision));
        Assert.Equal(3 * 3 * 3, s.FeatureCount);
        var v = s.Vector(1, 2);
        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => x * x)), 1e-6);
        Assert.Equal(new Pbc(true, true, false), s.Pbc);
    }

    [Fact]
    public void NonPeriodic_ignores_the_cell()
    {
        var (host, stage) = Start(Small with { NonPeriodic = true });
        stage.Process(Cu(1));
        var (host2, stage2) = Start(Small);
        stage2.Process(Cu(1));
        var open = (SoapSpectrum)host.Output[0];
        Assert.Equal(Pbc.None, open.Pbc);
        // Atom 1 sits at the cell edge: without images its environment differs.
        Assert.NotEqual(open.Vector(0, 0), ((SoapSpectrum)host2.Output[0]).Vector(0, 0));
    }

    [Fact]
    public void An_unlisted_species_fails_that_trajectory_only()
    {
        var (host, stage) = Start(Small with { Species = ["Cu"], Centers = null });
        stage.Process(Water());
        stage.Process(Cu(1));
        var error = Assert.Single(host.Errors);
        Assert.Equal("SoapSpeciesMissing", error.ErrorId);
        Assert.Contains("Add O to -Species", error.Message);
        Assert.IsType<SoapSpectrum>(Assert.Single(host.Output));
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void A_listed_species_absent_from_the_trajectory_is_a_warning()
    {
        var (host, stage) = Start(Small with { Species = ["Cu", "O"] });
        stage.Process(Cu(1));
        Assert.Contains(host.Warnings, w => w.Contains("Species O"));
        var s = Assert.IsType<SoapSpectrum>(Assert.Single(host.Output));
        Assert.Equal(["O", "Cu"], s.Species);
    }

    [Fact]
    public void A_centre_id_the_trajectory_lacks_is_a_clear_error()
    {
        var (host, stage) = Start(Small with { Centers = new AtomSelection([1, 9999], "bad ids") });
        stage.Process(Cu(1));
        var error = Assert.Single(host.Errors);
        Assert.Equal("AtomIdNotFound", error.ErrorId);
        Assert.Contains("9999", error.Message);
        Assert.Empty(host.Output);
    }

    [Theory]
    [InlineData(double.NaN, 8, 8, 1.0, "RCut")]
    [InlineData(0.5, 8, 8, 1.0, "RCut")]
    [InlineData(6.0, 0, 8, 1.0, "NMax")]
    [InlineData(6.0, 8, 25, 1.0, "LMax")]
    [InlineData(6.0, 8, 8, 0.0, "Sigma")]
    public void Bad_parameters_stop_the_command_before_any_work(double rCut, int nMax, int lMax, double sigma, string name)
    {
        var host = new RecordingHost();
        var stage = new GetSoapSpectrumStage(host, new SoapSpectrumOptions { RCut = rCut, NMax = nMax, LMax = lMax, Sigma = sigma });
        var ex = Assert.Throws<SoapLensException>(stage.Begin);
        Assert.Contains(name, ex.Message);
        Assert.Empty(host.Progress);
    }

    [Fact]
    public void Unknown_species_names_stop_the_command()
    {
        var stage = new GetSoapSpectrumStage(new RecordingHost(), new SoapSpectrumOptions { RCut = 6, Species = ["Cu", "Qq"] });
        Assert.Equal("SoapSpeciesUnknown", Assert.Throws<SoapLensException>(stage.Begin).ErrorId);
    }

    [Fact]
    public void Time_soap_stage_takes_spectra_or_trajectories_and_refuses_other_input()
    {
        var (h, s) = Start(Small);
        s.Process(Cu(3));
        var spectrum = (SoapSpectrum)h.Output[0];
        var host = new RecordingHost();
        var stage = new GetTimeSoapStage(host, new TimeSoapOptions { Window = 1, Soap = Small });
        stage.Begin();
        stage.Process(spectrum);
        stage.Process(Cu(3));
        stage.Process("not a spectrum");
        Assert.Equal("InputNotSoapSource", Assert.Single(host.Errors).ErrorId);
        var a = Assert.IsType<TimeSoap>(host.Output[0]);
        var b = Assert.IsType<TimeSoap>(host.Output[1]);
        Assert.Equal([1, 2], a.FrameIndices);
        Assert.Equal(a.FrameIndices, b.FrameIndices);
        for (int i = 0; i < a.Values.Length; i++) Assert.Equal(a.Values[i], b.Values[i], 1e-12 * a.Values[i]);
        Assert.True(host.AllProgressCompleted);

        var tooLong = new GetTimeSoapStage(host, new TimeSoapOptions { Window = 5, Soap = Small });
        tooLong.Begin();
        tooLong.Process(spectrum);
        Assert.Equal("TimeSoapTooFewFrames", host.Errors[^1].ErrorId);
        Assert.Throws<SoapLensException>(new GetTimeSoapStage(host, new TimeSoapOptions { Window = 0 }).Begin);
        var noCut = new GetTimeSoapStage(host, new TimeSoapOptions { Window = 1 });
        noCut.Begin();
        noCut.Process(Cu(2));
        Assert.Contains("RCut", host.Errors[^1].Message);
    }

    [Fact]
    public void Distance_stage_measures_against_vectors_or_spectra()
    {
        var (h, s) = Start(Small);
        s.Process(Cu(2));
        var spectrum = (SoapSpectrum)h.Output[0];
        var host = new RecordingHost();
        var stage = new MeasureSoapDistanceStage(host, new SoapDistanceOptions { ReferenceVectors = [spectrum.Vector(0, 0)], ReferenceNames = ["atom 1"] });
        stage.Begin();
        stage.Process(spectrum);
        var d = Assert.IsType<SoapDistances>(Assert.Single(host.Output));
        Assert.Equal((2, 4, 1), (d.FrameCount, d.CentreCount, d.ReferenceCount));
        Assert.Equal(0.0, d[0, 0, 0]);
        Assert.True(d[1, 0, 0] > 0);

        var pairwise = new MeasureSoapDistanceStage(host, new SoapDistanceOptions { ReferenceSpectrum = spectrum.ToLayout(SoapLayout.Full), Elementwise = true, Kernel = true });
        pairwise.Begin();
        pairwise.Process(spectrum);
        var k = Assert.IsType<SoapDistances>(host.Output[^1]);
        Assert.All(k.Values, v => Assert.Equal(1.0, v, 1e-14));

        Assert.Throws<SoapLensException>(new MeasureSoapDistanceStage(host, new SoapDistanceOptions()).Begin);
        Assert.Throws<SoapLensException>(new MeasureSoapDistanceStage(host, new SoapDistanceOptions { ReferenceVectors = [new double[3]], Elementwise = true }).Begin);
        var wrong = new MeasureSoapDistanceStage(host, new SoapDistanceOptions { ReferenceVectors = [new double[3]] });
        wrong.Begin();
        wrong.Process(spectrum);
        Assert.Equal("SoapReferenceLength", host.Errors[^1].ErrorId);
    }
}
