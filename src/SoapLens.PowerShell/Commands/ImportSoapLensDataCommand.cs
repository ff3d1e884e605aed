using System.Management.Automation;
using SoapLens.IO;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Reads results written by Export-SoapLensData, or plain .npy/.csv arrays as datasets.</summary>
[Cmdlet(VerbsData.Import, "SoapLensData", DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class ImportSoapLensDataCommand : SoapLensCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";
    private ImportDataStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public SwitchParameter AsBundle { get; set; }

    protected override void BeginProcessing() =>
        _stage = new ImportDataStage(EngineHost, new ImportDataOptions
        {
            Format = Format,
            AsBundle = AsBundle,
            FormatOptions = new ImportOptions { Name = Name },
        });

    protected override void ProcessRecord() => Run(() =>
    {
        bool literal = ParameterSetName == LiteralSet;
        foreach (var p in literal ? LiteralPath : Path) _stage!.Process(p, literal);
    });
}
