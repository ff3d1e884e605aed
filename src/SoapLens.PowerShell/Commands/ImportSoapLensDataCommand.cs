using System.Management.Automation;
using SoapLens.IO;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Reads results written by Export-SoapLensData, or plain .npy/.csv arrays as datasets.</summary>
[Cmdlet(VerbsData.Import, "SoapLensData", DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class ImportSoapLensDataCommand : FileReaderCmdlet
{
    private ImportDataStage? _stage;

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
        foreach (var (path, literal) in InputPaths()) _stage!.Process(path, literal);
    });
}
