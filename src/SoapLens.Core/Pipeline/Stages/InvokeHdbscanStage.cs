using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Invoke-Hdbscan.</summary>
public sealed record InvokeHdbscanOptions
{
    public HdbscanOptions Hdbscan { get; init; } = new();

    /// <summary>Label every point, noise included, by its most probable cluster (argmax of its membership vector).</summary>
    public bool Soft { get; init; }
}

/// <summary>
/// Collects datasets from the pipeline, clusters all their rows at the end with HDBSCAN*, and emits
/// one <see cref="ClusterLabels"/> (probabilities, membership vectors, outlier scores; the
/// <see cref="HdbscanModel"/> in its Model property).
/// </summary>
public sealed class InvokeHdbscanStage : WholeDatasetStage
{
    // Share of the progress bar per phase (core distances, spanning tree, trees, membership).
    private static readonly double[] PhaseStart = [0.0, 0.45, 0.75, 0.8, 1.0];
    private static readonly string[] PhaseName = ["Core distances", "Minimum spanning tree", "Condensed tree", "Membership vectors"];

    private readonly InvokeHdbscanOptions _options;

    public InvokeHdbscanStage(IPipelineHost host, InvokeHdbscanOptions options) : base(host) => _options = options;

    protected override string Activity => "Invoke-Hdbscan";

    public override void Begin() => _options.Hdbscan.Validate();

    protected override object Compute(Dataset data, ProgressReporter progress)
    {
        var hdbscan = _options.Hdbscan with { ComputeMembership = true };
        int shown = -1;
        var model = Learning.Hdbscan.Fit(data, hdbscan, Cancellation, (phase, done, total) =>
        {
            int i = (int)phase;
            double fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 0;
            // Every phase shows up at least once, however fast it is.
            Report(progress, 100 * PhaseStart[i], 100 * PhaseStart[i + 1], fraction, $"{PhaseName[i]} ({data.RowCount} points)", force: i != shown);
            shown = i;
        });
        Host.WriteVerbose(model.ToString());
        if (model.ClusterCount == 0)
            Host.WriteWarning($"HDBSCAN* found no cluster in {data.RowCount} points (min_cluster_size {model.MinClusterSize}); every point is noise.");
        var labels = _options.Soft && model.ClusterCount > 0 ? model.SoftLabels() : model.Labels;
        var parameters = new Dictionary<string, object>
        {
            ["min_cluster_size"] = (long)model.MinClusterSize,
            ["min_samples"] = (long)model.MinSamples,
            ["cluster_selection_method"] = model.ClusterSelectionMethod.ToString().ToLowerInvariant(),
            ["cluster_selection_epsilon"] = model.ClusterSelectionEpsilon,
            ["allow_single_cluster"] = model.AllowSingleCluster,
            ["soft"] = _options.Soft,
            ["source"] = data.Source,
        };
        return new ClusterLabels(labels, data.Frames, data.AtomIds, model.ClusterCount, _options.Soft ? "hdbscan-soft" : "hdbscan",
            model.Probabilities, model.Membership, parameters)
        {
            OutlierScores = model.OutlierScores,
            Model = model,
        };
    }
}
