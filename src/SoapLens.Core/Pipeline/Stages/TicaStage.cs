using System.Globalization;
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
/// Invoke-Tica: one model per lag on the pooled pairs of every piped dataset, and one
/// <see cref="TicaResult"/> per (lag, input) with that input's projection.
/// </summary>
public sealed class TicaStage : LagScanStage
{
    private readonly TicaStageOptions _options;

    public TicaStage(IPipelineHost host, TicaStageOptions options) : base(host) => _options = options;

    protected override IReadOnlyList<int> Lags => _options.Lags;

    protected override string Activity(int lag) => $"TICA at lag {lag}";

    protected override void FitAndEmit(TrajectoryParts parts, int lag, Action<long, long> progress)
    {
        var results = Tica.Fit(parts, new TicaOptions
        {
            Lag = lag, ComponentCount = _options.ComponentCount, KineticMap = _options.KineticMap,
            Regularization = _options.Regularization, Threads = _options.Threads,
        }, Cancellation, progress);
        var r = results[0];
        Host.WriteVerbose($"{r} (λ = {string.Join(", ", r.Eigenvalues.Take(5).Select(l => l.ToString("G6", CultureInfo.InvariantCulture)))}{(r.Dimension > 5 ? ", ..." : "")}).");
        foreach (var x in results) Host.Emit(x);
    }
}
