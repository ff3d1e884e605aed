using System.Management.Automation;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Time-lagged independent component analysis (TICA) of any dataset, one result per lag.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Tica")]
[OutputType(typeof(TicaResult))]
public sealed class InvokeTicaCommand : LagScanCmdlet
{
    [Parameter]
    [Alias("kinetic_map")]
    public SwitchParameter KineticMap { get; set; }

    protected override IDatasetStage CreateStage() => new TicaStage(EngineHost, new TicaStageOptions
    {
        Lags = Lag,
        ComponentCount = ComponentCountIfBound,
        KineticMap = KineticMap,
        Regularization = Regularization,
        Threads = ThrottleLimit,
    });
}
