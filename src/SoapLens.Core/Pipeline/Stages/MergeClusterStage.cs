using SoapLens.Dynamics;
using SoapLens.Learning;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Merge-Cluster: an automatic cut, or a user map when <see cref="Map"/> is set.</summary>
public sealed record MergeClusterOptions
{
    public double Threshold { get; init; } = 1.0;
    public IReadOnlyDictionary<string, string>? Map { get; init; }

    /// <summary>Labels to relabel (else the input's own labels when it is labelled).</summary>
    public ClusterLabels? Labels { get; init; }
}

/// <summary>
/// Merges the clusters of each transition matrix piped in. Labels piped in instead are counted at
/// lag 1 first and relabelled.
/// </summary>
public sealed class MergeClusterStage : Stage
{
    private readonly MergeClusterOptions _options;

    public MergeClusterStage(IPipelineHost host, MergeClusterOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        if (_options.Map is null && (!double.IsFinite(_options.Threshold) || _options.Threshold < 0))
            throw SoapLensException.Argument($"-Threshold must be a finite non-negative distance (got {_options.Threshold}).", _options.Threshold);
    }

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            TransitionMatrix tm;
            var labels = _options.Labels;
            if (input is TransitionMatrix m) tm = m;
            else
            {
                var own = ClusterLabelsInput.TryGet(input) ?? throw new SoapLensException("InputNotMergeable", ErrorKind.InvalidArgument,
                    $"Merge-Cluster takes a TransitionMatrix (Get-TransitionMatrix) or ClusterLabels, not a {input.GetType().Name}.", input);
                labels ??= own;
                tm = TransitionMatrix.FromLabels(own, cancel: Cancellation);
            }
            var merge = _options.Map is null ? ClusterMerge.Compute(tm, _options.Threshold, labels) : ClusterMerge.FromMap(tm, _options.Map, labels);
            Host.WriteVerbose($"Merged {merge}.");
            Host.Emit(merge);
        }, input);
    }
}
