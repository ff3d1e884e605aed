using System.Management.Automation;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Counts transitions between clusters over every atom and frame pair (lag, stride) of cluster labels.</summary>
[Cmdlet(VerbsCommon.Get, "TransitionMatrix")]
[OutputType(typeof(TransitionMatrix))]
public sealed class GetTransitionMatrixCommand : SoapLensCmdlet
{
    private GetTransitionMatrixStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("Labels")]
    public object? InputObject { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [Alias("Tau", "lagtime")]
    public int Lag { get; set; } = 1;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Stride { get; set; } = 1;

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new GetTransitionMatrixStage(EngineHost, new TransitionMatrixOptions { Lag = Lag, Stride = Stride });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));
}
