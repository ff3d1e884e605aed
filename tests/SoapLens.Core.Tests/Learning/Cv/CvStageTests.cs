using SoapLens.Data;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>The stages behind Invoke-Tica, Measure-VampScore, Invoke-EigenfunctionCv, Invoke-AutoencoderCv and Invoke-LangevinSimulation.</summary>
public sealed class CvStageTests
{
    private static Dataset Small() => Dataset.FromMatrix(CvReference.Trajectory("doublewell").AsSpan(0, 6000).ToArray(), 3000, 2, "dw");

    [Fact]
    public void Tica_stage_emits_one_result_per_lag_and_reports_a_bad_lag_without_stopping()
    {
        var host = new RecordingHost();
        var stage = new TicaStage(host, new TicaStageOptions { Lags = [5, 5000, 10], ComponentCount = 1 });
        stage.Process(Small());
        var results = host.Output.Cast<TicaResult>().ToList();
        Assert.Equal([5, 10], results.Select(r => r.Lag));
        Assert.All(results, r => Assert.Equal(1, r.ComponentCount));
        var e = Assert.Single(host.Errors);
        Assert.Equal("InvalidArgument", e.ErrorId);
        Assert.Contains("5000", e.Message);
        Assert.True(host.AllProgressCompleted);
        Assert.NotEmpty(host.Verbose);
    }

    [Fact]
    public void Tica_stage_on_the_reference_matches_the_reference_eigenvalues()
    {
        var host = new RecordingHost();
        new TicaStage(host, new TicaStageOptions { Lags = [10] }).Process(CvReference.Features("doublewell", "poly"));
        var r = Assert.IsType<TicaResult>(Assert.Single(host.Output));
        Assert.True(CvReference.AbsoluteError(r.Eigenvalues, CvReference.Array("tica_doublewell_poly_eigenvalues")) < 1e-10);
        Assert.Equal(5, r.ComponentCount);
    }

    [Fact]
    public void Vamp_stage_scans_lags()
    {
        var host = new RecordingHost();
        new VampScoreStage(host, new VampScoreStageOptions { Lags = [1, 2, 5], Score = VampScoreKind.Vamp1, ComponentCount = 1 }).Process(Small());
        var s = host.Output.Cast<VampScore>().ToList();
        Assert.Equal([1, 2, 5], s.Select(x => x.Lag));
        Assert.All(s, x => Assert.Equal(1 + Math.Abs(x.SingularValues[0]), x.Score, 14));
        Assert.True(s[0].Score > s[2].Score); // correlations decay with the lag
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void Network_stage_reports_every_epoch_and_emits_the_result()
    {
        var host = new RecordingHost();
        new NetworkCvStage(host, new EigenfunctionCvOptions { Lag = 5, ComponentCount = 1, Hidden = [4], Epochs = 4, BatchSize = 500, ValidationFraction = 0 }).Process(Small());
        var r = Assert.IsType<EigenfunctionCvResult>(Assert.Single(host.Output));
        Assert.Equal(4, r.EpochsRun);
        Assert.Equal(4, host.Progress.Count(p => !p.Completed));
        Assert.Equal(4, host.Verbose.Count(v => v.StartsWith("epoch ")));
        Assert.True(host.AllProgressCompleted);
        Assert.All(r.History.ValidationLoss, v => Assert.True(double.IsNaN(v)));

        host = new RecordingHost();
        new NetworkCvStage(host, new AutoencoderCvOptions { ComponentCount = 1, Hidden = [4], Epochs = 2 }).Process(Small());
        Assert.IsType<AutoencoderCvResult>(Assert.Single(host.Output));
    }

    [Fact]
    public void Network_training_stops_on_cancellation_and_completes_its_progress()
    {
        var host = new RecordingHost { CancelAfterCalls = 2 };
        var stage = new NetworkCvStage(host, new AutoencoderCvOptions { Hidden = [4], Epochs = 50 });
        Assert.ThrowsAny<OperationCanceledException>(() => stage.Process(Small()));
        Assert.Empty(host.Output);
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void Bad_training_settings_are_reported_as_errors()
    {
        var host = new RecordingHost();
        new NetworkCvStage(host, new EigenfunctionCvOptions { LearningRate = -1 }).Process(Small());
        Assert.Equal("InvalidArgument", Assert.Single(host.Errors).ErrorId);
        Assert.Empty(host.Output);
    }

    [Fact]
    public void Langevin_stage_runs_each_named_potential()
    {
        var host = new RecordingHost();
        var stage = new LangevinStage(host, new LangevinOptions { Steps = 3000, SaveEvery = 10, Seed = 3 });
        stage.Process("DoubleWell");
        stage.Process("triplewell");
        stage.Process("QuadrupleWell");
        var runs = host.Output.Cast<LangevinTrajectory>().ToList();
        Assert.Equal(["DoubleWell", "TripleWell"], runs.Select(r => r.PotentialName));
        Assert.Equal(2.0, runs[0].Beta);
        Assert.Equal(1.67, runs[1].Beta);
        Assert.Contains("DoubleWell, TripleWell", Assert.Single(host.Errors).Message);
        Assert.True(host.AllProgressCompleted);

        var cancelled = new RecordingHost();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new LangevinStage(cancelled, new LangevinOptions()).Process("DoubleWell"));
    }
}
