namespace SoapLens.Pipeline;

/// <summary>
/// An in-memory host that records everything a stage does. Used by the stage tests and handy
/// for embedding the engine outside PowerShell. Paths resolve against <see cref="CurrentDirectory"/>.
/// </summary>
public sealed class RecordingHost : IPipelineHost
{
    private readonly CancellationTokenSource _cts = new();

    public RecordingHost(string? currentDirectory = null)
    {
        CurrentDirectory = currentDirectory ?? Directory.GetCurrentDirectory();
    }

    public string CurrentDirectory { get; set; }
    public List<object> Output { get; } = new();
    public List<SoapLensError> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<ProgressInfo> Progress { get; } = new();
    public List<(string Target, string Action)> ShouldProcessCalls { get; } = new();

    /// <summary>The answer ShouldProcess gives (false simulates -WhatIf).</summary>
    public bool ShouldProcessAnswer { get; set; } = true;

    /// <summary>Cancel after this many Emit/Progress calls (simulates Ctrl+C mid-run); -1 = never.</summary>
    public int CancelAfterCalls { get; set; } = -1;
    private int _calls;

    public CancellationToken CancellationToken => _cts.Token;

    public void Cancel() => _cts.Cancel();

    private void Tick()
    {
        if (CancelAfterCalls >= 0 && ++_calls > CancelAfterCalls) _cts.Cancel();
    }

    public void Emit(object item) { Output.Add(item); Tick(); }
    public void WriteError(SoapLensError error) => Errors.Add(error);
    public void WriteWarning(string message) => Warnings.Add(message);
    public void WriteVerbose(string message) => Verbose.Add(message);
    public void WriteProgress(ProgressInfo progress) { Progress.Add(progress); Tick(); }

    public bool ShouldProcess(string target, string action)
    {
        ShouldProcessCalls.Add((target, action));
        return ShouldProcessAnswer;
    }

    public IReadOnlyList<string> ResolveInputPaths(string path, bool literal)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(CurrentDirectory, path);
        if (literal || full.IndexOfAny(['*', '?', '[']) < 0)
        {
            if (!File.Exists(full) && !Directory.Exists(full))
                throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, $"Cannot find path '{full}' because it does not exist.", path);
            return [Path.GetFullPath(full)];
        }
        var dir = Path.GetDirectoryName(full)!;
        var pattern = Path.GetFileName(full);
        var matches = Directory.Exists(dir)
            ? Directory.GetFiles(dir, pattern).OrderBy(p => p, StringComparer.Ordinal).ToArray()
            : [];
        if (matches.Length == 0)
            throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, $"Cannot find path '{full}': no file matches.", path);
        return matches;
    }

    public string ResolveOutputPath(string path) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(CurrentDirectory, path));

    /// <summary>True when every activity that reported progress also sent a Completed record.</summary>
    public bool AllProgressCompleted =>
        Progress.GroupBy(p => p.ActivityId).All(g => g.Any(p => p.Completed));
}
