using System.Management.Automation;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>k-means clustering of all piped rows (scikit-learn's KMeans), or labelling with fitted centres.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KMeans", DefaultParameterSetName = FitSet)]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeKMeansCommand : ClusterFitCmdlet
{
    // scikit-learn's KMeans defaults: n_init=10, max_iter=300, tol=1e-4.
    public InvokeKMeansCommand() : base(initCount: 10, maxIterations: 300, tolerance: 1e-4) { }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_clusters")]
    public int ClusterCount { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
    [ValidateNotNull]
    public KMeansModel? Model { get; set; }

    protected override IDatasetStage CreateStage() => new KMeansStage(EngineHost, new KMeansStageOptions
    {
        Fit = new KMeansOptions
        {
            ClusterCount = ClusterCount,
            InitCount = InitCount,
            MaxIterations = MaxIterations,
            Tolerance = Tolerance,
            Seed = Seed,
            Threads = ThrottleLimit,
        },
        Model = ParameterSetName == ModelSet ? Model : null,
    });
}
