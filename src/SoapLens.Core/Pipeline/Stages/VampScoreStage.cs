using SoapLens.Data;
using SoapLens.Learning.Cv;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Measure-VampScore.</summary>
public sealed record VampScoreStageOptions
{
    public int[] Lags { get; init; } = [1];
    public int? ComponentCount { get; init; }
    public VampScoreKind Score { get; init; } = VampScoreKind.Vamp2;
    public bool Reversible { get; init; }
    public double Regularization { get; init; } = 1e-10;
    public int Threads { get; init; }
}

/// <summary>
/// Measure-VampScore: collects every piped dataset (independent trajectories of the same features)
/// and emits one <see cref="VampScore"/> per lag from their pooled time-lagged pairs.
/// </summary>
public sealed class VampScoreStage : Stage
{
    private readonly VampScoreStageOptions _options;
    private readonly List<Dataset> _inputs = new();

    public VampScoreStage(IPipelineHost host, VampScoreStageOptions options) : base(host) => _options = options;

    public void Process(IDatasetSource input) => _inputs.Add(input.ToDataset());

    public override void End()
    {
        if (_inputs.Count == 0) return;
        TrajectoryParts? parts = null;
        if (!TryRun(() => parts = TrajectoryParts.Combine(_inputs), null)) return;
        foreach (var lag in _options.Lags)
        {
            Cancellation.ThrowIfCancellationRequested();
            TryRun(() =>
            {
                using var progress = new ProgressReporter(Host, $"VAMP score at lag {lag}");
                var s = Vamp.Score(parts!.Combined, new VampOptions
                {
                    Lag = lag, ComponentCount = _options.ComponentCount, Score = _options.Score, Reversible = _options.Reversible,
                    Regularization = _options.Regularization, Threads = _options.Threads,
                }, Cancellation, (done, total) => progress.Report(done, total, $"covariances: {done} of {total} pairs"));
                Host.WriteVerbose(s.ToString());
                Host.Emit(s);
            }, lag);
        }
    }
}
