using System.Management.Automation;
using SoapLens.Descriptors;
using SoapLens.Pipeline.Stages;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>SOAP power spectra (dscribe 2.1.x, GTO basis) of every frame of the piped trajectories.</summary>
[Cmdlet(VerbsCommon.Get, "SoapSpectrum")]
[OutputType(typeof(SoapSpectrum))]
public sealed class GetSoapSpectrumCommand : SoapCmdlet
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
    public SoapLayout Layout { get; set; } = SoapLayout.Dscribe;

    [Parameter]
    public SwitchParameter Normalize { get; set; }

    [Parameter]
    public SwitchParameter SinglePrecision { get; set; }

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

    protected override void BeginProcessing() => Run(() =>
    {
        bool frames = MyInvocation.BoundParameters.ContainsKey(nameof(Start)) || MyInvocation.BoundParameters.ContainsKey(nameof(Stop))
            || MyInvocation.BoundParameters.ContainsKey(nameof(Step));
        _stage = new GetSoapSpectrumStage(EngineHost, SoapOptions(RCut) with
        {
            Layout = Layout, Normalize = Normalize, SinglePrecision = SinglePrecision,
            Frames = frames ? new FrameSelection(Start, Stop >= 0 ? Stop : null, Step) : null,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(Trajectory));
}
