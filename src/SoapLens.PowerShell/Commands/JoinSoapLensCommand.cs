using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>The paper's SOAP&amp;LENS vectors: normalised full-layout SOAP at t followed by LENS δ(t, t+1), one row per (frame, centre).</summary>
[Cmdlet(VerbsCommon.Join, "SoapLens")]
[OutputType(typeof(Dataset))]
public sealed class JoinSoapLensCommand : SoapLensCmdlet
{
    private JoinSoapLensStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("SoapSpectrum", "InputObject")]
    [ValidateNotNull]
    public SoapSpectrum? Soap { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [Alias("LensSignal")]
    [ValidateNotNull]
    public LensSignal? Lens { get; set; }

    [Parameter]
    [Alias("lens_weight")]
    [ValidateRange(0.0, double.MaxValue)]
    public double LensWeight { get; set; } = 1.0;

    [Parameter]
    public SwitchParameter SoapOnly { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new JoinSoapLensStage(EngineHost, new JoinSoapLensOptions
        {
            Lens = Lens!, LensWeight = LensWeight, SoapOnly = SoapOnly.IsPresent, ThrottleLimit = ThrottleLimit,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(Soap));
}
