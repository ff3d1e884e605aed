using System.Management.Automation;
using SoapLens.Descriptors;
using SoapLens.Pipeline.Stages;
using SoapLens.PowerShell.Transforms;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>SOAP power spectra (dscribe 2.1.x, GTO basis) of every frame of the piped trajectories.</summary>
[Cmdlet(VerbsCommon.Get, "SoapSpectrum")]
[OutputType(typeof(SoapSpectrum))]
public sealed class GetSoapSpectrumCommand : SoapLensCmdlet
{
    private GetSoapSpectrumStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public Trajectory? Trajectory { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("r_cut")]
    public double RCut { get; set; }

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
    public SoapLayout Layout { get; set; } = SoapLayout.Dscribe;

    [Parameter]
    public SwitchParameter Normalize { get; set; }

    [Parameter]
    public SwitchParameter SinglePrecision { get; set; }

    [Parameter]
    public SwitchParameter NonPeriodic { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Start { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Stop { get; set; } = -1;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [Alias("Stride")]
    public int Step { get; set; } = 1;

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        bool frames = MyInvocation.BoundParameters.ContainsKey(nameof(Start)) || MyInvocation.BoundParameters.ContainsKey(nameof(Stop))
            || MyInvocation.BoundParameters.ContainsKey(nameof(Step));
        _stage = new GetSoapSpectrumStage(EngineHost, new SoapSpectrumOptions
        {
            RCut = RCut, NMax = NMax, LMax = LMax, Sigma = Sigma, Species = Species, Centers = Center, Layout = Layout,
            Normalize = Normalize, SinglePrecision = SinglePrecision, NonPeriodic = NonPeriodic, ThrottleLimit = ThrottleLimit,
            Frames = frames ? new FrameSelection(Start, Stop >= 0 ? Stop : null, Step) : null,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(Trajectory));
}
