using System.Collections;
using System.Globalization;
using System.Management.Automation;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Merges clusters into macro-clusters: average linkage of the transition rows cut at a threshold, or a map.</summary>
[Cmdlet(VerbsData.Merge, "Cluster", DefaultParameterSetName = ThresholdSet)]
[OutputType(typeof(ClusterMerge))]
public sealed class MergeClusterCommand : SoapLensCmdlet
{
    private const string ThresholdSet = "Threshold";
    private const string MapSet = "Map";
    private MergeClusterStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("TransitionMatrix")]
    public object? InputObject { get; set; }

    [Parameter(ParameterSetName = ThresholdSet)]
    [ValidateRange(0.0, double.MaxValue)]
    [Alias("Cut", "t")]
    public double Threshold { get; set; } = 1.0;

    [Parameter(Mandatory = true, ParameterSetName = MapSet)]
    [ValidateNotNull]
    public Hashtable? Map { get; set; }

    [Parameter]
    [ValidateNotNull]
    public object? Labels { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        Dictionary<string, string>? map = null;
        if (Map is not null)
        {
            map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in Map) map[Text(e.Key)] = Text(e.Value);
        }
        var labels = Labels is null ? null : ClusterLabelsInput.Get(PSObjects.Unwrap(Labels), "-Labels value");
        _stage = new MergeClusterStage(EngineHost, new MergeClusterOptions { Threshold = Threshold, Map = map, Labels = labels });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));

    private static string Text(object? v) => Convert.ToString(PSObjects.Unwrap(v), CultureInfo.InvariantCulture) ?? "";
}
