using System.Management.Automation;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;
using SoapLens.PowerShell.Transforms;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>Computes the LENS signal (neighbour-identity reshuffling) of each piped trajectory.</summary>
[Cmdlet(VerbsCommon.Get, "LensSignal")]
[OutputType(typeof(LensSignal))]
public sealed class GetLensSignalCommand : SoapLensCmdlet
{
    private GetLensSignalStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public Trajectory? Trajectory { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("r_cut")]
    [ValidateRange(1e-6, double.MaxValue)]
    public double RCut { get; set; }

    [Parameter]
    [Alias("Tau")]
    [ValidateRange(1, int.MaxValue)]
    public int Delay { get; set; } = 1;

    [Parameter]
    [Alias("Centre", "Centers", "Centres")]
    [AtomSelectionTransformation]
    public AtomSelection? Center { get; set; }

    [Parameter]
    [AtomSelectionTransformation]
    public AtomSelection? Environment { get; set; }

    [Parameter]
    public SwitchParameter LeadingZero { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new GetLensSignalStage(EngineHost, new GetLensSignalOptions
        {
            RCut = RCut,
            Delay = Delay,
            Centres = Center,
            Environment = Environment,
            LeadingZero = LeadingZero.IsPresent,
            ThrottleLimit = ThrottleLimit,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(Trajectory!));
}
