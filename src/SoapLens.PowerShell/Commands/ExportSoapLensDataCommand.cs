using System.Management.Automation;
using SoapLens.IO;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Writes SoapLens results to .npy (+ metadata), CSV (tidy or wide) or HDF5.</summary>
[Cmdlet(VerbsData.Export, "SoapLensData", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class ExportSoapLensDataCommand : FileWriterCmdlet
{
    private ExportDataStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

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

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new ExportDataStage(EngineHost, new ExportDataOptions
        {
            Path = OutputPath,
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

    protected override void ProcessRecord() => Run(() => _stage!.Process(PSObjects.Unwrap(InputObject)));
}
