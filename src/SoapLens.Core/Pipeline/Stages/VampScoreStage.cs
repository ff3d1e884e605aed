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

/// <summary>Measure-VampScore: one <see cref="VampScore"/> per lag from the pooled pairs of every piped dataset.</summary>
public sealed class VampScoreStage : LagScanStage
{
    private readonly VampScoreStageOptions _options;

    public VampScoreStage(IPipelineHost host, VampScoreStageOptions options) : base(host) => _options = options;

    protected override IReadOnlyList<int> Lags => _options.Lags;

    protected override string Activity(int lag) => $"VAMP score at lag {lag}";

    protected override void FitAndEmit(TrajectoryParts parts, int lag, Action<long, long> progress)
    {
        var s = Vamp.Score(parts.Combined, new VampOptions
        {
            Lag = lag, ComponentCount = _options.ComponentCount, Score = _options.Score, Reversible = _options.Reversible,
            Regularization = _options.Regularization, Threads = _options.Threads,
        }, Cancellation, progress);
        Host.WriteVerbose(s.ToString());
        Host.Emit(s);
    }
}
