using System.Management.Automation;
using SoapLens.Descriptors;
using SoapLens.Pipeline.Stages;
using SoapLens.PowerShell.Transforms;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>time-SOAP: the SOAP distance of every centre between frames t and t − w.</summary>
[Cmdlet(VerbsCommon.Get, "TimeSoap")]
[OutputType(typeof(TimeSoap))]
public sealed class GetTimeSoapCommand : SoapLensCmdlet
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

    [Parameter]
    [Alias("n_max")]
    public int NMax { get; set; } = 8;

    [Parameter]
    [Alias("l_max")]
    public int LMax { get; set; } = 8;

    [Parameter]
    public double Sigma { get; set; } = 1.0;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Species { get; set; }

    [Parameter]
    [Alias("Centre", "Centers", "Centres")]
    [AtomSelectionTransformation]
    public AtomSelection? Center { get; set; }

    [Parameter]
    public SwitchParameter NonPeriodic { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new GetTimeSoapStage(EngineHost, new TimeSoapOptions
        {
            Window = Window,
            Soap = new SoapSpectrumOptions
            {
                RCut = RCut, NMax = NMax, LMax = LMax, Sigma = Sigma, Species = Species, Centers = Center,
                NonPeriodic = NonPeriodic, ThrottleLimit = ThrottleLimit,
            },
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(InputObject is PSObject p ? p.BaseObject : InputObject));
}
