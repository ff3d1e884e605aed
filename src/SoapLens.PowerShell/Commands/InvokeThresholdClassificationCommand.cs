using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Classes of a one-value-per-row result (LENS, tSOAP) by fixed thresholds.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "ThresholdClassification")]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeThresholdClassificationCommand : SoapLensCmdlet
{
    private ThresholdClassificationStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("Thresholds")]
    public double[] Threshold { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Column { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new ThresholdClassificationStage(EngineHost, new ThresholdClassificationOptions { Thresholds = Threshold, Column = Column });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
