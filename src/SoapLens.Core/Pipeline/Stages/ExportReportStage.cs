using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Plots;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Export-SoapLensReport.</summary>
public sealed record ExportReportOptions
{
    public required string Path { get; init; }
    public string Title { get; init; } = "SoapLens report";
    public Palette Palette { get; init; } = Palette.Default;
    public bool Force { get; init; }
    public bool PassThru { get; init; }

    /// <summary>More provenance lines (the cmdlet adds the PowerShell version).</summary>
    public IReadOnlyDictionary<string, string>? Provenance { get; init; }
}

/// <summary>Collects every result piped in and, at the end, writes the report folder (index.html + figures).</summary>
public sealed class ExportReportStage : Stage
{
    private readonly ExportReportOptions _options;
    private readonly Report _report;
    private string? _path;

    public ExportReportStage(IPipelineHost host, ExportReportOptions options) : base(host)
    {
        _options = options;
        _report = new Report(options.Title, options.Palette);
        if (options.Provenance is not null)
            foreach (var (k, v) in options.Provenance) _report.AddProvenance(k, v);
    }

    public override void Begin() => _path = Host.ResolveOutputPath(_options.Path);

    /// <summary>True for what the report can describe: its own result kinds and any exportable or self-describing result.</summary>
    public static bool CanReport(object input) =>
        input is IReportContent or IBundleConvertible or IDatasetSource or IClusterLabelsSource or ClusterLabels;

    public void Process(object? input)
    {
        if (input is null) return;
        if (!CanReport(input))
        {
            Host.WriteError(new SoapLensError("InputNotReportable", ErrorKind.InvalidArgument,
                $"A {input.GetType().Name} is not a SoapLens result; pipe spectra, LENS signals, datasets, clusters, transition matrices or merges.", input));
            return;
        }
        _report.Add(input);
    }

    public override void End()
    {
        if (_report.Results.Count == 0)
        {
            Host.WriteWarning("No results reached Export-SoapLensReport; nothing was written.");
            return;
        }
        if (!Host.ShouldProcess(_path!, $"Export a report of {_report.Results.Count} result(s)")) return;
        using var progress = new ProgressReporter(Host, "Export-SoapLensReport");
        progress.Report(0, 1, "Drawing figures", force: true);
        var sections = _report.Write(_path!, _options.Force, Cancellation);
        Host.WriteVerbose($"Wrote {System.IO.Path.Combine(_path!, "index.html")} with {sections.Sum(s => s.Figures.Count)} figure(s).");
        if (_options.PassThru)
            foreach (var r in _report.Results) Host.Emit(r);
    }
}
