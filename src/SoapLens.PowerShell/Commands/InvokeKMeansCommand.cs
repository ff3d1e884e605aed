using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>k-means clustering of all piped rows (scikit-learn's KMeans), or labelling with fitted centres.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "KMeans", DefaultParameterSetName = FitSet)]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeKMeansCommand : SoapLensCmdlet
{
    private const string FitSet = "Fit";
    private const string ModelSet = "Model";
    private KMeansStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_clusters")]
    public int ClusterCount { get; set; }

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_init")]
    public int InitCount { get; set; } = 10;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("max_iter")]
    public int MaxIterations { get; set; } = 300;

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(0.0, double.MaxValue)]
    [Alias("tol")]
    public double Tolerance { get; set; } = 1e-4;

    [Parameter(ParameterSetName = FitSet)]
    [Alias("random_state")]
    public uint Seed { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ModelSet)]
    [ValidateNotNull]
    public KMeansModel? Model { get; set; }

    [Parameter]
    [ValidateRange(0, 1024)]
    [Alias("n_jobs")]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new KMeansStage(EngineHost, new KMeansStageOptions
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
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
