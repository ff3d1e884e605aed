using System.Management.Automation;
using SoapLens.IO;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Writes SoapLens results to .npy (+ metadata), CSV (tidy or wide) or HDF5.</summary>
[Cmdlet(VerbsData.Export, "SoapLensData", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class ExportSoapLensDataCommand : SoapLensCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralSet = "LiteralPath";
    private ExportDataStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Variable")]
    public string? Array { get; set; }

    [Parameter]
    public SwitchParameter Counts { get; set; }

    [Parameter]
    public CsvLayout CsvLayout { get; set; } = CsvLayout.Tidy;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    [Parameter]
    public SwitchParameter NoMetadata { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new ExportDataStage(EngineHost, new ExportDataOptions
        {
            Path = ParameterSetName == LiteralSet ? LiteralPath : Path,
            Format = Format,
            PassThru = PassThru,
            FormatOptions = new ExportOptions
            {
                ArrayName = Counts ? "counts" : Array,
                CsvLayout = CsvLayout,
                Name = Name,
                Force = Force,
                NoMetadata = NoMetadata,
            },
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(InputObject is PSObject pso ? pso.BaseObject : InputObject));
}
