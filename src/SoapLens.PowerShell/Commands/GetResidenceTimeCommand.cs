using System.Management.Automation;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Finds how long atoms stay in each cluster (runs of consecutive frames, edge stays flagged as censored).</summary>
[Cmdlet(VerbsCommon.Get, "ResidenceTime")]
[OutputType(typeof(ResidenceTimes))]
public sealed class GetResidenceTimeCommand : SoapLensCmdlet
{
    private GetResidenceTimeStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Labels")]
    public object? InputObject { get; set; }

    [Parameter]
    [Alias("dt")]
    public double TimeStep { get; set; } = 1.0;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeUnit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new GetResidenceTimeStage(EngineHost, new ResidenceTimeOptions { TimeStep = TimeStep, TimeUnit = TimeUnit });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));
}
