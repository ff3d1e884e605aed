using System.Management.Automation;
using SoapLens.Descriptors;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>time-SOAP: the SOAP distance of every centre between frames t and t − w.</summary>
[Cmdlet(VerbsCommon.Get, "TimeSoap")]
[OutputType(typeof(TimeSoap))]
public sealed class GetTimeSoapCommand : SoapCmdlet
{
    private GetTimeSoapStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    [Parameter(Position = 0)]
    [Alias("Delay", "w")]
    public int Window { get; set; } = 1;

    [Parameter]
    [Alias("r_cut")]
    public double RCut { get; set; } = double.NaN;

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new GetTimeSoapStage(EngineHost, new TimeSoapOptions
        {
            Window = Window,
            Soap = SoapOptions(RCut),
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));
}
