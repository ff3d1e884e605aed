using System.Management.Automation;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Principal component analysis of all piped rows (scikit-learn's PCA numbers), or projection with a fitted model.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Pca", DefaultParameterSetName = CountSet)]
[OutputType(typeof(PcaResult))]
public sealed class InvokePcaCommand : WholeDatasetCmdlet
{
    private const string CountSet = "Count";
    private const string VarianceSet = "Variance";
    private const string ModelSet = "Model";

    [Parameter(Position = 0, ParameterSetName = CountSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_components")]
    public int? ComponentCount { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = VarianceSet)]
    [ValidateRange(0.0, 1.0)]
    public double Variance { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
    [ValidateNotNull]
    public PcaModel? Model { get; set; }

    [Parameter]
    [ValidateRange(0, 1024)]
    [Alias("n_jobs")]
    public int ThrottleLimit { get; set; }

    protected override IDatasetStage CreateStage() => new PcaStage(EngineHost, new PcaStageOptions
    {
        ComponentCount = ParameterSetName == CountSet ? ComponentCount : null,
        Variance = ParameterSetName == VarianceSet ? Variance : null,
        Model = ParameterSetName == ModelSet ? Model : null,
        Threads = ThrottleLimit,
    });
}
