using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>VAMP-1/VAMP-2 score of a feature set at one or more lags (model and lag selection).</summary>
[Cmdlet(VerbsDiagnostic.Measure, "VampScore")]
[OutputType(typeof(VampScore))]
public sealed class MeasureVampScoreCommand : SoapLensCmdlet
{
    private VampScoreStage? _stage;

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
    [Alias("scoring_method")]
    public VampScoreKind Score { get; set; } = VampScoreKind.Vamp2;

    [Parameter]
    public SwitchParameter Reversible { get; set; }

    [Parameter]
    [Alias("epsilon")]
    [ValidateRange(0.0, double.MaxValue)]
    public double Regularization { get; set; } = 1e-10;

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() =>
        _stage = new VampScoreStage(EngineHost, new VampScoreStageOptions
        {
            Lags = Lag,
            ComponentCount = MyInvocation.BoundParameters.ContainsKey(nameof(ComponentCount)) ? ComponentCount : null,
            Score = Score,
            Reversible = Reversible,
            Regularization = Regularization,
            Threads = ThrottleLimit,
        });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
