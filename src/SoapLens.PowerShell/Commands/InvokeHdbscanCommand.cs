using System.Management.Automation;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;
using SoapLens.PowerShell.Transforms;

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

    // No 'algorithm' alias: parameter names are case-insensitive, so -algorithm already binds here.
    [Parameter]
    [HdbscanAlgorithmTransformation]
    public HdbscanAlgorithm Algorithm { get; set; } = HdbscanAlgorithm.Exact;

    // A bool rather than a switch: hdbscan's default is on (approx_min_span_tree=True).
    [Parameter]
    [Alias("approx_min_span_tree")]
    public bool ApproxMinSpanTree { get; set; } = true;

    [Parameter]
    [Alias("leaf_size")]
    [ValidateRange(1, int.MaxValue)]
    public int LeafSize { get; set; } = 40;

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
                Algorithm = Algorithm,
                ApproxMinSpanTree = ApproxMinSpanTree,
                LeafSize = LeafSize,
                Threads = ThrottleLimit,
            },
            Soft = Soft,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));

    protected override void EndProcessing() => Run(() => _stage!.End());
}
