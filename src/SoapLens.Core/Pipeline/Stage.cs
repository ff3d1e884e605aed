namespace SoapLens.Pipeline;

/// <summary>
/// Base of the engine side of a cmdlet: Begin/Process/End mirror BeginProcessing/ProcessRecord/
/// EndProcessing. A stage never sees PowerShell types; everything it needs from the shell goes
/// through <see cref="Host"/>.
/// </summary>
public abstract class Stage
{
    protected Stage(IPipelineHost host) => Host = host;

    public IPipelineHost Host { get; }

    protected CancellationToken Cancellation => Host.CancellationToken;

    public virtual void Begin() { }
    public virtual void End() { }

    /// <summary>
    /// The files <paramref name="path"/> names (wildcards expanded unless <paramref name="literal"/>),
    /// or null after a non-terminating error when it names none.
    /// </summary>
    protected IReadOnlyList<string>? ResolveInputFiles(string path, bool literal)
    {
        try { return Host.ResolveInputPaths(path, literal); }
        catch (SoapLensException ex)
        {
            Host.WriteError(SoapLensError.FromException(ex, path));
            return null;
        }
    }

    /// <summary>Reads every file in turn, checking for Ctrl+C between files; a bad file is a non-terminating error.</summary>
    protected void ForEachFile(IReadOnlyList<string> files, Action<string> read)
    {
        foreach (var file in files)
        {
            Cancellation.ThrowIfCancellationRequested();
            TryRun(() => read(file), file);
        }
    }

    /// <summary>
    /// Runs one unit of work; a <see cref="SoapLensException"/> becomes a non-terminating error
    /// so that the other inputs of the same call continue. Cancellation is rethrown.
    /// </summary>
    protected bool TryRun(Action work, object? target)
    {
        try
        {
            work();
            return true;
        }
        catch (OperationCanceledException) { throw; }
        catch (SoapLensException ex)
        {
            Host.WriteError(SoapLensError.FromException(ex, target ?? ex.Target));
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Host.WriteError(SoapLensError.FromException(ex, target));
            return false;
        }
    }
}
