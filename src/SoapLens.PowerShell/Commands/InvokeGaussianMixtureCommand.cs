using System.Management.Automation;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Gaussian-mixture clustering of all piped rows (scikit-learn's GaussianMixture), or labelling with a fitted mixture.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "GaussianMixture", DefaultParameterSetName = FitSet)]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeGaussianMixtureCommand : ClusterFitCmdlet
{
    // scikit-learn's GaussianMixture defaults: n_init=1, max_iter=100, tol=1e-3.
    public InvokeGaussianMixtureCommand() : base(initCount: 1, maxIterations: 100, tolerance: 1e-3) { }

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

    [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
    [ValidateNotNull]
    public GaussianMixtureModel? Model { get; set; }

    protected override IDatasetStage CreateStage() => new GaussianMixtureStage(EngineHost, new GaussianMixtureStageOptions
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
}
