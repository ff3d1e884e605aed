using System.Management.Automation;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>VAMP-1/VAMP-2 score of a feature set at one or more lags (model and lag selection).</summary>
[Cmdlet(VerbsDiagnostic.Measure, "VampScore")]
[OutputType(typeof(VampScore))]
public sealed class MeasureVampScoreCommand : LagScanCmdlet
{
    [Parameter]
    [Alias("scoring_method")]
    public VampScoreKind Score { get; set; } = VampScoreKind.Vamp2;

    [Parameter]
    public SwitchParameter Reversible { get; set; }

    protected override IDatasetStage CreateStage() => new VampScoreStage(EngineHost, new VampScoreStageOptions
    {
        Lags = Lag,
        ComponentCount = ComponentCountIfBound,
        Score = Score,
        Reversible = Reversible,
        Regularization = Regularization,
        Threads = ThrottleLimit,
    });
}
