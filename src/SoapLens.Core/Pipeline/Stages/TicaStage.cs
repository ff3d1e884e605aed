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

/// <summary>Fits TICA on each input dataset at each lag and emits a <see cref="TicaResult"/> per (input, lag).</summary>
public sealed class TicaStage : Stage
{
    private readonly TicaStageOptions _options;

    public TicaStage(IPipelineHost host, TicaStageOptions options) : base(host) => _options = options;

    public void Process(IDatasetSource input)
    {
        var data = input.ToDataset();
        foreach (var lag in _options.Lags)
        {
            Cancellation.ThrowIfCancellationRequested();
            TryRun(() =>
            {
                using var progress = new ProgressReporter(Host, $"TICA at lag {lag}");
                var r = Tica.Fit(data, new TicaOptions
                {
                    Lag = lag, ComponentCount = _options.ComponentCount, KineticMap = _options.KineticMap,
                    Regularization = _options.Regularization, Threads = _options.Threads,
                }, Cancellation, (done, total) => progress.Report(done, total, $"covariances: {done} of {total} pairs"));
                Host.WriteVerbose($"{r} (λ = {string.Join(", ", r.Eigenvalues.Take(5).Select(l => l.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}{(r.Dimension > 5 ? ", ..." : "")}).");
                Host.Emit(r);
            }, input);
        }
    }
}
