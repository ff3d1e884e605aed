using SoapLens.Data;
using SoapLens.Learning.Cv;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Invoke-Tica: one fit per lag (a lag scan when several are given).</summary>
public sealed record TicaStageOptions
{
    public int[] Lags { get; init; } = [1];
    public int? ComponentCount { get; init; }
    public bool KineticMap { get; init; }
    public double Regularization { get; init; } = 1e-10;
    public int Threads { get; init; }
}

/// <summary>
/// Invoke-Tica: collects every piped dataset (independent trajectories of the same features), fits
/// one model per lag on their pooled time-lagged pairs in <see cref="End"/>, and emits one
/// <see cref="TicaResult"/> per (lag, input) with that input's projection.
/// </summary>
public sealed class TicaStage : Stage
{
    private readonly TicaStageOptions _options;
    private readonly List<Dataset> _inputs = new();

    public TicaStage(IPipelineHost host, TicaStageOptions options) : base(host) => _options = options;

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
                using var progress = new ProgressReporter(Host, $"TICA at lag {lag}");
                var results = Tica.Fit(parts!, new TicaOptions
                {
                    Lag = lag, ComponentCount = _options.ComponentCount, KineticMap = _options.KineticMap,
                    Regularization = _options.Regularization, Threads = _options.Threads,
                }, Cancellation, (done, total) => progress.Report(done, total, $"covariances: {done} of {total} pairs"));
                var r = results[0];
                Host.WriteVerbose($"{r} (λ = {string.Join(", ", r.Eigenvalues.Take(5).Select(l => l.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}{(r.Dimension > 5 ? ", ..." : "")}).");
                foreach (var x in results) Host.Emit(x);
            }, lag);
        }
    }
}
