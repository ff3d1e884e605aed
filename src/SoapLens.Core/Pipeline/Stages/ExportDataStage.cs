using SoapLens.Data;
using SoapLens.IO;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Export-SoapLensData.</summary>
public sealed record ExportDataOptions
{
    public required string Path { get; init; }
    public string? Format { get; init; }
    public ExportOptions FormatOptions { get; init; } = new();
    public bool PassThru { get; init; }
}

/// <summary>
/// Writes each piped result to a file in the format its extension names (npy, csv, hdf5...).
/// Single-array formats take one result per file; a second result for the same path is refused
/// rather than silently overwriting the first.
/// </summary>
public sealed class ExportDataStage : Stage
{
    private readonly ExportDataOptions _options;
    private string? _path;
    private DataFormat? _format;
    private int _count;

    public ExportDataStage(IPipelineHost host, ExportDataOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        _path = Host.ResolveOutputPath(_options.Path);
        _format = DataFormats.Resolve(_path, _options.Format);
    }

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        if (input is not IBundleConvertible convertible)
        {
            Host.WriteError(new SoapLensError("InputNotExportable", ErrorKind.InvalidArgument,
                $"A {input.GetType().Name} cannot be exported; pipe a SoapLens result (spectra, LENS, datasets, clusters, transition matrices...).", input));
            return;
        }
        if (++_count > 1 && !_format!.Extensions.Any(e => e is ".hdf5" or ".h5"))
        {
            Host.WriteError(new SoapLensError("OneResultPerFile", ErrorKind.InvalidArgument,
                $"'{_path}' already receives one result in this command; export each result to its own file.", input));
            return;
        }
        TryRun(() =>
        {
            var bundle = convertible.ToBundle();
            var files = _format!.OutputFiles(bundle, _path!, _options.FormatOptions);
            var what = _options.FormatOptions.ArrayName is null ? bundle.Kind : $"{bundle.Kind} '{_options.FormatOptions.ArrayName}'";
            if (!Host.ShouldProcess(string.Join(", ", files), $"Export {what} as {_format.Name}")) return;
            _format.Write(bundle, _path!, _options.FormatOptions, Cancellation);
            Host.WriteVerbose($"Wrote {what} to {string.Join(", ", files)}.");
            if (_options.PassThru) Host.Emit(input);
        }, _path);
    }
}
