using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Invoke-Pca: a count, a variance fraction, a fitted model to reuse, or none (all components).</summary>
public sealed record PcaStageOptions
{
    public int? ComponentCount { get; init; }
    public double? Variance { get; init; }
    public PcaModel? Model { get; init; }
    public int Threads { get; init; }
}

/// <summary>Fits a PCA on all piped rows and projects them, or projects them with a given model.</summary>
public sealed class PcaStage : WholeDatasetStage
{
    private readonly PcaStageOptions _options;

    public PcaStage(IPipelineHost host, PcaStageOptions options) : base(host) => _options = options;

    protected override string Activity => "Invoke-Pca";

    public override void Begin()
    {
        int given = (_options.ComponentCount is null ? 0 : 1) + (_options.Variance is null ? 0 : 1) + (_options.Model is null ? 0 : 1);
        if (given > 1) throw SoapLensException.Argument("Give at most one of -ComponentCount, -Variance and -Model.");
    }

    protected override object Compute(Dataset data, ProgressReporter progress)
    {
        if (_options.Model is { } model)
        {
            Report(progress, 0, 0, 0, "projecting");
            return new PcaResult(model, model.Transform(data, _options.Threads, Cancellation));
        }
        var options = new PcaOptions { ComponentCount = _options.ComponentCount, VarianceFraction = _options.Variance, Threads = _options.Threads };
        var result = Pca.FitTransform(data, options, (phase, fraction) =>
        {
            switch (phase)
            {
                case "covariance": Report(progress, 0, 85, fraction, $"covariance of {data.RowCount} x {data.ColumnCount}"); break;
                case "eigen-decomposition": Report(progress, 85, 95, fraction, "eigen-decomposition"); break;
                default: Report(progress, 95, 100, fraction, "projection"); break;
            }
        }, Cancellation);
        Host.WriteVerbose(result.Model.ToString());
        return result;
    }
}
