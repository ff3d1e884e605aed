using SoapLens.Data;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>The stages behind Invoke-Tica, Measure-VampScore, Invoke-EigenfunctionCv, Invoke-AutoencoderCv and Invoke-LangevinSimulation.</summary>
public sealed class CvStageTests
{
    private static Dataset Small() => Dataset.FromMatrix(CvReference.Trajectory("doublewell").AsSpan(0, 6000).ToArray(), 3000, 2, "dw");

    private static void Run(NetworkCvStage stage, params Dataset[] inputs)
    {
        foreach (var d in inputs) stage.Process(d);
        stage.End();
    }

    [Fact]
    public void Several_inputs_are_pooled_trajectories_with_one_result_each()
    {
        // Two halves of the reference trajectory piped separately = one per-atom dataset with two atoms.
        var xy = CvReference.Trajectory("doublewell");
        var a = Dataset.FromMatrix(xy.AsSpan(0, 20000).ToArray(), 10000, 2, "first");
        var b = Dataset.FromMatrix(xy.AsSpan(20000).ToArray(), 10000, 2, "second");
        var host = new RecordingHost();
        var stage = new TicaStage(host, new TicaStageOptions { Lags = [10, 20] });
        stage.Process(a);
        stage.Process(b);
        stage.End();
        var r = host.Output.Cast<TicaResult>().ToList();
        Assert.Equal(4, r.Count);
        Assert.Equal(["first", "second", "first", "second"], r.Select(x => x.Source));
        Assert.Same(r[0].Model, r[1].Model);
        Assert.Equal(2 * (10000 - 10), r[0].Model.PairCount);
        Assert.All(r, x => Assert.Equal(10000, x.RowCount));
        Assert.Equal(a.AtomIds, r[0].AtomIds);

        var frames = Enumerable.Range(0, 10000).ToArray();
        var grid = new double[40000];
        for (int f = 0; f < 10000; f++)
        {
            grid[4 * f] = xy[2 * f]; grid[4 * f + 1] = xy[2 * f + 1];
            grid[4 * f + 2] = xy[20000 + 2 * f]; grid[4 * f + 3] = xy[20000 + 2 * f + 1];
        }
        var perAtom = Tica.Fit(Dataset.FromGrid(grid, frames, [0, 1], 2), new TicaOptions { Lag = 10 });
        Assert.True(CvReference.AbsoluteError(perAtom.Eigenvalues, r[0].Eigenvalues) < 1e-12);
        Assert.True(CvReference.AbsoluteError(perAtom.Projection.AsSpan(2, 2), r[1].Projection.AsSpan(0, 2)) < 1e-12);

        var wrong = new RecordingHost();
        var bad = new TicaStage(wrong, new TicaStageOptions());
        bad.Process(a);
        bad.Process(CvReference.Features("doublewell", "poly"));
        bad.End();
        Assert.Empty(wrong.Output);
        Assert.Contains("same features", Assert.Single(wrong.Errors).Message);

        var nets = new RecordingHost();
        Run(new NetworkCvStage(nets, new AutoencoderCvOptions { ComponentCount = 1, Hidden = [4], Epochs = 1 }), a, b);
        var ae = nets.Output.Cast<AutoencoderCvResult>().ToList();
        Assert.Equal(2, ae.Count);
        Assert.Same(ae[0].Network, ae[1].Network);
        Assert.Equal(ae[1].Transform(b), ae[1].Projection);
    }

    [Fact]
    public void Tica_stage_emits_one_result_per_lag_and_reports_a_bad_lag_without_stopping()
    {
        var host = new RecordingHost();
        var stage = new TicaStage(host, new TicaStageOptions { Lags = [5, 5000, 10], ComponentCount = 1 });
        stage.Process(Small());
        Assert.Empty(host.Output); // whole-dataset stage: fits in End
        stage.End();
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
        var stage = new TicaStage(host, new TicaStageOptions { Lags = [10] });
        stage.Process(CvReference.Features("doublewell", "poly"));
        stage.End();
        var r = Assert.IsType<TicaResult>(Assert.Single(host.Output));
        Assert.True(CvReference.AbsoluteError(r.Eigenvalues, CvReference.Array("tica_doublewell_poly_eigenvalues")) < 1e-10);
        Assert.Equal(5, r.ComponentCount);
    }

    [Fact]
    public void Vamp_stage_scans_lags()
    {
        var host = new RecordingHost();
        var stage = new VampScoreStage(host, new VampScoreStageOptions { Lags = [1, 2, 5], Score = VampScoreKind.Vamp1, ComponentCount = 1 });
        stage.Process(Small());
        stage.End();
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
        Run(new NetworkCvStage(host, new EigenfunctionCvOptions { Lag = 5, ComponentCount = 1, Hidden = [4], Epochs = 4, BatchSize = 500, ValidationFraction = 0 }), Small());
        var r = Assert.IsType<EigenfunctionCvResult>(Assert.Single(host.Output));
        Assert.Equal(4, r.EpochsRun);
        Assert.Equal(4, host.Progress.Count(p => !p.Completed));
        Assert.Equal(4, host.Verbose.Count(v => v.StartsWith("epoch ")));
        Assert.True(host.AllProgressCompleted);
        Assert.All(r.History.ValidationLoss, v => Assert.True(double.IsNaN(v)));

        host = new RecordingHost();
        Run(new NetworkCvStage(host, new AutoencoderCvOptions { ComponentCount = 1, Hidden = [4], Epochs = 2 }), Small());
        Assert.IsType<AutoencoderCvResult>(Assert.Single(host.Output));
    }

    [Fact]
    public void Network_training_stops_on_cancellation_and_completes_its_progress()
    {
        var host = new RecordingHost { CancelAfterCalls = 2 };
        var stage = new NetworkCvStage(host, new AutoencoderCvOptions { Hidden = [4], Epochs = 50 });
        stage.Process(Small());
        Assert.ThrowsAny<OperationCanceledException>(() => stage.End());
        Assert.Empty(host.Output);
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void Bad_training_settings_are_reported_as_errors()
    {
        var host = new RecordingHost();
        Run(new NetworkCvStage(host, new EigenfunctionCvOptions { LearningRate = -1 }), Small());
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

    [Fact]
    public void Per_atom_soap_lens_scores_give_tica_and_autoencoder_cvs_per_atom()
    {
        // hdbscan-5d input: PCA (5) of the SOAP&LENS vectors of cu211-small frames 0..19, rows frame-major (720 atoms, ids 1..720).
        var x = SoapLens.IO.Npy.Load(Support.SharedData.Reference("hdbscan-5d", "input.npy")).ToDoubleArray();
        var data = Dataset.FromGrid(x, Enumerable.Range(0, 20).ToArray(), Enumerable.Range(1, 720).ToArray(), 5, null, "cu211 SOAP&LENS PCA");
        var host = new RecordingHost();
        var stage = new TicaStage(host, new TicaStageOptions { Lags = [1], ComponentCount = 2 });
        stage.Process(data);
        stage.End();
        var t = Assert.IsType<TicaResult>(Assert.Single(host.Output));
        Assert.Equal(19 * 720, t.Model.PairCount);
        Assert.False(t.SingleSeries);
        Assert.True(t.Eigenvalues.Zip(t.Eigenvalues.Skip(1)).All(p => p.First >= p.Second));
        Assert.InRange(t.Eigenvalues[0], 0.5, 1.0); // local environments persist from one ps to the next
        var ds = t.ToDataset();
        Assert.True(ds.IsGrid(out var frames, out var atoms));
        Assert.Equal(20, frames.Length);
        Assert.Equal(720, atoms.Length);

        var nets = new RecordingHost();
        Run(new NetworkCvStage(nets, new AutoencoderCvOptions { ComponentCount = 2, Hidden = [8], Epochs = 3 }), data);
        var ae = Assert.IsType<AutoencoderCvResult>(Assert.Single(nets.Output));
        Assert.Equal(14400, ae.RowCount);
        Assert.InRange(ae.ReconstructionError, 0, 1);
        var dest = new double[2];
        Assert.True(ae.TryGetFrame(7, [100], dest));
        Assert.Equal(ae.Projection[(7 * 720 + 99) * 2], dest[0]);
    }
}
