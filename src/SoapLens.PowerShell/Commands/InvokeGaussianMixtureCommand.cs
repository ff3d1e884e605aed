using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Gaussian-mixture clustering of all piped rows (scikit-learn's GaussianMixture), or labelling with a fitted mixture.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "GaussianMixture", DefaultParameterSetName = FitSet)]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeGaussianMixtureCommand : SoapLensCmdlet
{
    private const string FitSet = "Fit";
    private const string ModelSet = "Model";
    private GaussianMixtureStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_components")]
    public int ComponentCount { get; set; }

    [Parameter(ParameterSetName = FitSet)]
    [Alias("covariance_type")]
    public CovarianceType CovarianceType { get; set; } = CovarianceType.Full;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(0.0, double.MaxValue)]
    [Alias("reg_covar")]
    public double RegCovar { get; set; } = 1e-6;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(0.0, double.MaxValue)]
    [Alias("tol")]
    public double Tolerance { get; set; } = 1e-3;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("max_iter")]
    public int MaxIterations { get; set; } = 100;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_init")]
    public int InitCount { get; set; } = 1;

    [Parameter(ParameterSetName = FitSet)]
    [Alias("random_state")]
    public uint Seed { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
    [ValidateNotNull]
    public GaussianMixtureModel? Model { get; set; }

    [Parameter]
    [ValidateRange(0, 1024)]
    [Alias("n_jobs")]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new GaussianMixtureStage(EngineHost, new GaussianMixtureStageOptions
        {
            Fit = new GaussianMixtureOptions
            {
                ComponentCount = ComponentCount,
                CovarianceType = CovarianceType,
                RegCovar = RegCovar,
                Tolerance = Tolerance,
                MaxIterations = MaxIterations,
                InitCount = InitCount,
                Seed = Seed,
                Threads = ThrottleLimit,
            },
            Model = ParameterSetName == ModelSet ? Model : null,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
