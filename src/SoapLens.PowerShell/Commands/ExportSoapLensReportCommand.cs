using System.Management.Automation;
using SoapLens.Pipeline.Stages;
using SoapLens.Plots;
using SoapLens.PowerShell.Transforms;

namespace SoapLens.PowerShell.Commands;

/// <summary>Writes a folder with index.html and the figures of every result piped in, openable offline.</summary>
[Cmdlet(VerbsData.Export, "SoapLensReport", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class ExportSoapLensReportCommand : FileWriterCmdlet
{
    private ExportReportStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "SoapLens report";

    [Parameter]
    [PaletteTransformation]
    [ValidateNotNull]
    public Palette? Palette { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new ExportReportStage(EngineHost, new ExportReportOptions
        {
            Path = OutputPath,
            Title = Title,
            Palette = Palette ?? Plots.Palette.Default,
            Force = Force,
            PassThru = PassThru,
            Provenance = new Dictionary<string, string> { ["PowerShell"] = PowerShellVersion() },
        });
        _stage.Begin();
    });

    // -InputObject $soap, $pca, $labels passes one array: every item is a result of its own.
    protected override void ProcessRecord() => Run(() =>
    {
        var input = PSObjects.Unwrap(InputObject);
        if (input is object[] items)
            foreach (var item in items) _stage!.Process(PSObjects.Unwrap(item));
        else _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());

    private static string PowerShellVersion()
    {
        var sma = typeof(PSObject).Assembly;
        var v = sma.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return v ?? sma.GetName().Version?.ToString() ?? "unknown";
    }
}
