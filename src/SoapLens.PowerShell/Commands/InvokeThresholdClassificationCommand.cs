using System.Management.Automation;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Classes of a one-value-per-row result (LENS, tSOAP) by fixed thresholds.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ThresholdClassification")]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeThresholdClassificationCommand : WholeDatasetCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("Thresholds")]
    public double[] Threshold { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Column { get; set; }

    protected override IDatasetStage CreateStage() =>
        new ThresholdClassificationStage(EngineHost, new ThresholdClassificationOptions { Thresholds = Threshold, Column = Column });
}
