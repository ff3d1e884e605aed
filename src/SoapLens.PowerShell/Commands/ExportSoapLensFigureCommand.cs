using System.Management.Automation;
using SoapLens.Dynamics;
using SoapLens.Pipeline.Stages;
using SoapLens.Plots;
using SoapLens.PowerShell.Transforms;

namespace SoapLens.PowerShell.Commands;

/// <summary>Draws a result as a self-contained SVG figure: chord diagram, heat map, dendrogram, population flow, scatter, atom path, time series, explained variance, SOAP spectrum.</summary>
[Cmdlet(VerbsData.Export, "SoapLensFigure", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(object))]
public sealed class ExportSoapLensFigureCommand : FileWriterCmdlet
{
    private ExportFigureStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 1)]
    public FigureKind Kind { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    [Parameter]
    [ValidateRange(100.0, 10000.0)]
    public double Width { get; set; }

    [Parameter]
    [ValidateRange(100.0, 10000.0)]
    public double Height { get; set; }

    [Parameter]
    [PaletteTransformation]
    [ValidateNotNull]
    public Palette? Palette { get; set; }

    [Parameter]
    public SwitchParameter IncludeSelf { get; set; }

    [Parameter]
    [Alias("Frames")]
    [ValidateNotNullOrEmpty]
    public int[]? Frame { get; set; }

    [Parameter]
    public int? AtomId { get; set; }

    [Parameter]
    [ValidateNotNull]
    public object? Labels { get; set; }

    [Parameter]
    [ValidateCount(1, 2)]
    public string[]? Columns { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxPoints { get; set; } = 20000;

    [Parameter]
    [Alias("Thresholds")]
    [ValidateNotNullOrEmpty]
    public double[]? Threshold { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxSeries { get; set; } = 300;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? Variance { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        var labels = Labels is null ? null : ClusterLabelsInput.Get(PSObjects.Unwrap(Labels), "-Labels value");
        _stage = new ExportFigureStage(EngineHost, new ExportFigureOptions
        {
            Path = OutputPath,
            Kind = Kind,
            Force = Force,
            PassThru = PassThru,
            Request = new FigureRequest
            {
                Options = new FigureOptions { Title = Title, Width = Width, Height = Height, Palette = Palette ?? Plots.Palette.Default },
                IncludeSelf = IncludeSelf,
                Frames = Frame,
                AtomId = AtomId,
                Labels = labels,
                Columns = Columns,
                MaxPoints = MaxPoints,
                Thresholds = Threshold,
                MaxSeries = MaxSeries,
                VarianceTarget = Variance,
            },
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(Unwrap(InputObject)));

    protected override void EndProcessing() => Run(() => _stage!.End());

    // -InputObject $a, $b arrives as one object[] of PSObjects: the engine wants the results themselves.
    private static object? Unwrap(object? input) => input switch
    {
        PSObject p => Unwrap(p.BaseObject),
        object[] items => Array.ConvertAll(items, i => PSObjects.Unwrap(i)),
        _ => input,
    };
}
