using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Invoke-GaussianMixture: fit settings, or a fitted model to label the rows with.</summary>
public sealed record GaussianMixtureStageOptions
{
    public GaussianMixtureOptions Fit { get; init; } = new();
    public GaussianMixtureModel? Model { get; init; }
}

/// <summary>Fits a Gaussian mixture on all piped rows (or uses a given one) and emits their labels.</summary>
public sealed class GaussianMixtureStage : WholeDatasetStage
{
    private readonly GaussianMixtureStageOptions _options;

    public GaussianMixtureStage(IPipelineHost host, GaussianMixtureStageOptions options) : base(host) => _options = options;

    protected override string Activity => "Invoke-GaussianMixture";

    protected override object Compute(Dataset data, ProgressReporter progress)
    {
        var o = _options.Fit;
        if (_options.Model is { } model) return model.Label(data, o.Threads, Cancellation);
        var labels = GaussianMixture.FitPredict(data, o, (init, iteration) =>
            Report(progress, 0, 100, (init + (double)iteration / o.MaxIterations) / o.InitCount, $"start {init + 1} of {o.InitCount}, EM iteration {iteration}"),
            Cancellation);
        var fitted = (GaussianMixtureModel)labels.Model!;
        if (!fitted.Converged)
            Host.WriteWarning($"The Gaussian mixture did not converge in {o.MaxIterations} iterations; raise -MaxIterations or -Tolerance.");
        Host.WriteVerbose(fitted.ToString());
        return labels;
    }
}
