using SoapLens.IO;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Get-SoapLensFileContent.</summary>
public sealed record GetFileContentOptions
{
    public string? Format { get; init; }
}

/// <summary>Emits one <see cref="FileContentEntry"/> per group/dataset of each file (a bad file is a non-terminating error).</summary>
public sealed class GetFileContentStage : Stage
{
    private readonly GetFileContentOptions _options;

    public GetFileContentStage(IPipelineHost host, GetFileContentOptions options) : base(host) => _options = options;

    public void Process(string path, bool literal)
    {
        if (ResolveInputFiles(path, literal) is not { } files) return;
        ForEachFile(files, file =>
        {
            foreach (var e in FileContent.List(file, _options.Format)) Host.Emit(e);
        });
    }
}
