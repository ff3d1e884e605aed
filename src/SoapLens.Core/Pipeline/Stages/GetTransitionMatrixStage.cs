using SoapLens.Dynamics;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Get-TransitionMatrix.</summary>
public sealed record TransitionMatrixOptions
{
    public int Lag { get; init; } = 1;
    public int Stride { get; init; } = 1;
}

/// <summary>Counts the transitions of each labelled result piped in (one matrix per input).</summary>
public sealed class GetTransitionMatrixStage : Stage
{
    private readonly TransitionMatrixOptions _options;

    public GetTransitionMatrixStage(IPipelineHost host, TransitionMatrixOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        if (_options.Lag < 1) throw SoapLensException.Argument($"-Lag must be at least 1 (got {_options.Lag}).", _options.Lag);
        if (_options.Stride < 1) throw SoapLensException.Argument($"-Stride must be at least 1 (got {_options.Stride}).", _options.Stride);
    }

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            var labels = ClusterLabelsInput.Get(input);
            var tm = TransitionMatrix.FromLabels(labels, _options.Lag, _options.Stride, Cancellation);
            if (tm.NoisePairs > 0)
                Host.WriteWarning($"{tm.NoisePairs} of {tm.NoisePairs + tm.TotalTransitions} atom-frame pairs have noise (−1) at one end and are not counted; use soft labels to count every pair.");
            if (tm.MissingPairs > 0)
                Host.WriteVerbose($"{tm.MissingPairs} pairs skipped because the atom has no label in one of the two frames.");
            Host.WriteVerbose($"Counted {tm}.");
            Host.Emit(tm);
        }, input);
    }
}
