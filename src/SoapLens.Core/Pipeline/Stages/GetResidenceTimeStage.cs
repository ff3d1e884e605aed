using SoapLens.Dynamics;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Get-ResidenceTime.</summary>
public sealed record ResidenceTimeOptions
{
    public double TimeStep { get; init; } = 1.0;
    public string? TimeUnit { get; init; }
}

/// <summary>Finds the stays of every atom in every cluster of each labelled result piped in.</summary>
public sealed class GetResidenceTimeStage : Stage
{
    private readonly ResidenceTimeOptions _options;

    public GetResidenceTimeStage(IPipelineHost host, ResidenceTimeOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        if (!(_options.TimeStep > 0) || !double.IsFinite(_options.TimeStep))
            throw SoapLensException.Argument($"-TimeStep must be a positive number (got {_options.TimeStep}).", _options.TimeStep);
    }

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            var r = ResidenceTimes.FromLabels(ClusterLabelsInput.Get(input), _options.TimeStep, _options.TimeUnit, Cancellation);
            Host.WriteVerbose($"Found {r}.");
            Host.Emit(r);
        }, input);
    }
}
