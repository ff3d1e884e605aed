using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Time-lagged independent component analysis (TICA) of any dataset, one result per lag.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Tica")]
[OutputType(typeof(TicaResult))]
public sealed class InvokeTicaCommand : SoapLensCmdlet
{
    private TicaStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter(Position = 1)]
    [Alias("lagtime", "tau")]
    [ValidateRange(1, int.MaxValue)]
    public int[] Lag { get; set; } = [1];

    [Parameter]
    [Alias("dim", "n_components")]
    [ValidateRange(1, int.MaxValue)]
    public int ComponentCount { get; set; }

    [Parameter]
    [Alias("kinetic_map")]
    public SwitchParameter KineticMap { get; set; }

    [Parameter]
    [Alias("epsilon")]
    [ValidateRange(0.0, double.MaxValue)]
    public double Regularization { get; set; } = 1e-10;

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() =>
        _stage = new TicaStage(EngineHost, new TicaStageOptions
        {
            Lags = Lag,
            ComponentCount = MyInvocation.BoundParameters.ContainsKey(nameof(ComponentCount)) ? ComponentCount : null,
            KineticMap = KineticMap,
            Regularization = Regularization,
            Threads = ThrottleLimit,
        });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
