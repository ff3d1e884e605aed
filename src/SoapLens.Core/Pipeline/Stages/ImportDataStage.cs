using SoapLens.Data;
using SoapLens.IO;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Import-SoapLensData.</summary>
public sealed record ImportDataOptions
{
    public string? Format { get; init; }
    public ImportOptions FormatOptions { get; init; } = new();
    /// <summary>Emit the file-neutral DataBundle instead of the typed result.</summary>
    public bool AsBundle { get; init; }
}

/// <summary>Reads result files back as typed results (or a Dataset for plain arrays).</summary>
public sealed class ImportDataStage : Stage
{
    private readonly ImportDataOptions _options;

    public ImportDataStage(IPipelineHost host, ImportDataOptions options) : base(host) => _options = options;

    public void Process(string path, bool literal)
    {
        if (ResolveInputFiles(path, literal) is not { } files) return;
        ForEachFile(files, file =>
        {
            var format = DataFormats.Resolve(file, _options.Format);
            var bundle = format.Read(file, _options.FormatOptions, Cancellation);
            Host.Emit(_options.AsBundle ? bundle : ResultRegistry.FromBundle(bundle));
        });
    }
}
