using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Savitzky–Golay smoothing (scipy.signal.savgol_filter) of LENS signals and other time-series results.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "SavitzkyGolay")]
[OutputType(typeof(LensSignal), typeof(Dataset))]
public sealed class InvokeSavitzkyGolayCommand : SoapLensCmdlet
{
    private InvokeSavitzkyGolayStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("window_length", "Window")]
    [ValidateRange(1, int.MaxValue)]
    public int WindowLength { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    [Alias("Order")]
    [ValidateRange(0, int.MaxValue)]
    public int PolyOrder { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Deriv { get; set; }

    [Parameter]
    public double Delta { get; set; } = 1.0;

    [Parameter]
    public SavitzkyGolayMode Mode { get; set; } = SavitzkyGolayMode.Interp;

    [Parameter]
    public double Cval { get; set; }

    [Parameter]
    public SwitchParameter Clip { get; set; }

    [Parameter]
    public SwitchParameter Trim { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TrimLength { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new InvokeSavitzkyGolayStage(EngineHost, new SavitzkyGolayOptions
        {
            WindowLength = WindowLength,
            PolyOrder = PolyOrder,
            Deriv = Deriv,
            Delta = Delta,
            Mode = Mode,
            Cval = Cval,
            Clip = Clip.IsPresent,
            Trim = Trim.IsPresent || TrimLength is not null,
            TrimLength = TrimLength,
        }, ThrottleLimit);
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));
}
