using System.Management.Automation;
using SoapLens.Pipeline.Stages;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>Selects atoms of a trajectory by species, id, index, a geometric condition or height, as an AtomSelection.</summary>
[Cmdlet(VerbsCommon.Select, "Atom")]
[OutputType(typeof(AtomSelection))]
public sealed class SelectAtomCommand : SoapLensCmdlet
{
    private SelectAtomStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Trajectory? InputObject { get; set; }

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("Element")]
    public string[]? Species { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Ids")]
    public int[]? Id { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Indices")]
    public int[]? Index { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Where { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Frame { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Top { get; set; }

    [Parameter]
    public Axis Axis { get; set; } = Axis.Z;

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new SelectAtomStage(EngineHost, new SelectAtomOptions
        {
            Species = Species, Ids = Id, Indices = Index, Where = Where, Frame = Frame, Top = Top, Axis = Axis,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(InputObject));
}
