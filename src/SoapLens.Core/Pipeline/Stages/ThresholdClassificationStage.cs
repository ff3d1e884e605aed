using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Invoke-ThresholdClassification.</summary>
public sealed record ThresholdClassificationOptions
{
    public required IReadOnlyList<double> Thresholds { get; init; }
    /// <summary>Column name to classify; null = the only column.</summary>
    public string? Column { get; init; }
}

/// <summary>Classifies every piped row by fixed thresholds on one column and emits its labels.</summary>
public sealed class ThresholdClassificationStage : WholeDatasetStage
{
    private readonly ThresholdClassificationOptions _options;

    public ThresholdClassificationStage(IPipelineHost host, ThresholdClassificationOptions options) : base(host) => _options = options;

    protected override string Activity => "Invoke-ThresholdClassification";

    protected override object Compute(Dataset data, ProgressReporter progress)
    {
        int? column = null;
        if (_options.Column is { } name)
        {
            int c = Array.FindIndex(data.ColumnNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            if (c < 0)
                throw SoapLensException.Argument($"The dataset has no column '{name}'; its columns are {string.Join(", ", data.ColumnNames.Take(8))}{(data.ColumnCount > 8 ? ", …" : "")}.");
            column = c;
        }
        var labels = ThresholdClassifier.Classify(data, _options.Thresholds, column);
        Host.WriteVerbose(labels.ToString());
        return labels;
    }
}
