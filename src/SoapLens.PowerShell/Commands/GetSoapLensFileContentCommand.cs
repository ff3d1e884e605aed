using System.Management.Automation;
using SoapLens.IO;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Lists the groups and datasets of HDF5/H5MD files (SoapLens results, SOAPify databases) or describes .npy/.csv results.</summary>
[Cmdlet(VerbsCommon.Get, "SoapLensFileContent", DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileContentEntry))]
public sealed class GetSoapLensFileContentCommand : SoapLensCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";
    private GetFileContentStage? _stage;

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

    protected override void BeginProcessing() =>
        _stage = new GetFileContentStage(EngineHost, new GetFileContentOptions { Format = Format });

    protected override void ProcessRecord() => Run(() =>
    {
        bool literal = ParameterSetName == LiteralSet;
        foreach (var p in literal ? LiteralPath : Path) _stage!.Process(p, literal);
    });
}
