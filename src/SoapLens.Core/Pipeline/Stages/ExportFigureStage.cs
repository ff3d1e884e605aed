using System.Text;
using SoapLens.IO;
using SoapLens.Plots;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Export-SoapLensFigure.</summary>
public sealed record ExportFigureOptions
{
    public required string Path { get; init; }
    public required FigureKind Kind { get; init; }
    public FigureRequest Request { get; init; } = new();
    public bool Force { get; init; }
    public bool PassThru { get; init; }
}

/// <summary>
/// Draws the piped result as one self-contained SVG file (written atomically). One figure per
/// file: a second input for the same path is refused rather than overwriting the first, except for
/// the variance figure, which compares every PCA piped in (drawn at the end, as the paper's Fig. S4).
/// </summary>
public sealed class ExportFigureStage : Stage
{
    private readonly ExportFigureOptions _options;
    private readonly List<object> _compared = [];
    private string? _path;
    private int _count;

    public ExportFigureStage(IPipelineHost host, ExportFigureOptions options) : base(host) => _options = options;

    private bool Collects => _options.Kind == FigureKind.Variance;

    public override void Begin()
    {
        _path = Host.ResolveOutputPath(_options.Path);
        if (!string.Equals(System.IO.Path.GetExtension(_path), ".svg", StringComparison.OrdinalIgnoreCase))
            Host.WriteWarning($"'{_path}' does not end in .svg; the file is an SVG image all the same.");
    }

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        if (Collects)
        {
            if (Figures.KindsFor(input).Contains(FigureKind.Variance)) _compared.Add(input);
            else Host.WriteError(new SoapLensError("FigureInputUnsupported", ErrorKind.InvalidArgument,
                $"A Variance figure cannot be drawn from a {input.GetType().Name}. Pipe one or more PCA results (Invoke-Pca) or models.", input));
            return;
        }
        if (++_count > 1)
        {
            Host.WriteError(new SoapLensError("OneFigurePerFile", ErrorKind.InvalidArgument,
                $"'{_path}' already receives a figure in this command; export each result to its own file.", input));
            return;
        }
        Draw(input, [input]);
    }

    public override void End()
    {
        if (!Collects || _compared.Count == 0) return;
        Draw(_compared.Count == 1 ? _compared[0] : _compared.ToArray(), _compared);
    }

    private void Draw(object input, IReadOnlyList<object> passThru) => TryRun(() =>
    {
        var svg = Figures.Render(_options.Kind, input, _options.Request, Cancellation);
        if (!Host.ShouldProcess(_path!, $"Export {_options.Kind} figure")) return;
        var bytes = new UTF8Encoding(false).GetBytes(svg);
        AtomicFile.Write(_path!, _options.Force, s => s.Write(bytes), Cancellation);
        Host.WriteVerbose($"Wrote the {_options.Kind} figure of {string.Join(", ", passThru)} to {_path} ({bytes.Length / 1024.0:0.#} KiB).");
        if (_options.PassThru) foreach (var o in passThru) Host.Emit(o);
    }, _path);
}
