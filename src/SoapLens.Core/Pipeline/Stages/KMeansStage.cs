using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Invoke-KMeans: fit settings, or a fitted model to label the rows with.</summary>
public sealed record KMeansStageOptions
{
    public KMeansOptions Fit { get; init; } = new();
    public KMeansModel? Model { get; init; }
}

/// <summary>Runs k-means on all piped rows (or uses given centres) and emits their labels.</summary>
public sealed class KMeansStage : WholeDatasetStage
{
    private readonly KMeansStageOptions _options;

    public KMeansStage(IPipelineHost host, KMeansStageOptions options) : base(host) => _options = options;

    protected override string Activity => "Invoke-KMeans";

    protected override object Compute(Dataset data, ProgressReporter progress)
    {
        var o = _options.Fit;
        if (_options.Model is { } model) return model.ToLabels(data, model.Predict(data, o.Threads, Cancellation));
        var labels = KMeans.FitPredict(data, o, (start, starts) =>
            Report(progress, 0, 100, (double)start / starts, $"k-means++ start {Math.Min(start + 1, starts)} of {starts}"), Cancellation);
        Host.WriteVerbose(labels.Model!.ToString()!);
        return labels;
    }
}
