using System.Management.Automation;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Clusters a dataset with HDBSCAN* (hdbscan package semantics), with soft clustering.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "Hdbscan")]
[OutputType(typeof(ClusterLabels))]
public sealed class InvokeHdbscanCommand : SoapLensCmdlet
{
    private InvokeHdbscanStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter]
    [Alias("min_cluster_size")]
    [ValidateRange(2, int.MaxValue)]
    public int MinClusterSize { get; set; } = 5;

    [Parameter]
    [Alias("min_samples")]
    [ValidateRange(1, int.MaxValue)]
    public int? MinSamples { get; set; }

    [Parameter]
    [Alias("cluster_selection_method")]
    public ClusterSelectionMethod ClusterSelectionMethod { get; set; } = ClusterSelectionMethod.Eom;

    [Parameter]
    [Alias("cluster_selection_epsilon")]
    [ValidateRange(0.0, double.MaxValue)]
    public double ClusterSelectionEpsilon { get; set; }

    [Parameter]
    [Alias("allow_single_cluster")]
    public SwitchParameter AllowSingleCluster { get; set; }

    [Parameter]
    public SwitchParameter Soft { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new InvokeHdbscanStage(EngineHost, new InvokeHdbscanOptions
        {
            Hdbscan = new HdbscanOptions
            {
                MinClusterSize = MinClusterSize,
                MinSamples = MinSamples,
                ClusterSelectionMethod = ClusterSelectionMethod,
                ClusterSelectionEpsilon = ClusterSelectionEpsilon,
                AllowSingleCluster = AllowSingleCluster,
                Threads = ThrottleLimit,
            },
            Soft = Soft,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(InputObject is PSObject pso ? pso.BaseObject : InputObject));

    protected override void EndProcessing() => Run(() => _stage!.End());
}
