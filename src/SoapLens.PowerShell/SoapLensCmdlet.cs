using System.Management.Automation;
using SoapLens.Pipeline;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of every SoapLens cmdlet: implements the engine's <see cref="IPipelineHost"/> by forwarding
/// to the PowerShell APIs (one-line methods, identical for every cmdlet), turns engine exceptions
/// into ErrorRecords, and cancels the engine when the user presses Ctrl+C.
/// </summary>
public abstract class SoapLensCmdlet : PSCmdlet, IPipelineHost, IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    CancellationToken IPipelineHost.CancellationToken => _stop.Token;

    protected CancellationToken Cancellation => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    void IPipelineHost.Emit(object item) => WriteObject(item);

    void IPipelineHost.WriteError(SoapLensError error) => WriteError(ToErrorRecord(error));

    void IPipelineHost.WriteWarning(string message) => WriteWarning(message);

    void IPipelineHost.WriteVerbose(string message) => WriteVerbose(message);

    void IPipelineHost.WriteProgress(ProgressInfo p)
    {
        var record = new ProgressRecord(p.ActivityId, p.Activity, string.IsNullOrEmpty(p.Status) ? " " : p.Status)
        {
            PercentComplete = p.PercentComplete,
            ParentActivityId = p.ParentActivityId,
            RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }

    bool IPipelineHost.ShouldProcess(string target, string action) => ShouldProcess(target, action);

    IReadOnlyList<string> IPipelineHost.ResolveInputPaths(string path, bool literal)
    {
        try
        {
            if (literal)
            {
                var p = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (!File.Exists(p) && !Directory.Exists(p))
                    throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, $"Cannot find path '{p}' because it does not exist.", path);
                return new[] { p };
            }
            var resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider);
            if (!string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase))
                throw new SoapLensException("NotAFileSystemPath", ErrorKind.InvalidArgument, $"'{path}' is not a file-system path.", path);
            return resolved.ToArray();
        }
        catch (ItemNotFoundException ex)
        {
            throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, ex.Message, path, ex);
        }
    }

    string IPipelineHost.ResolveOutputPath(string path) =>
        SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>The host view of this cmdlet, for handing to a stage.</summary>
    protected IPipelineHost EngineHost => this;

    /// <summary>
    /// Runs engine work. A <see cref="SoapLensException"/> escaping it ends the command with a
    /// terminating error (stages report per-input failures themselves as non-terminating errors);
    /// Ctrl+C ends quietly.
    /// </summary>
    protected void Run(Action work)
    {
        try
        {
            work();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (SoapLensException ex)
        {
            ThrowTerminatingError(ToErrorRecord(SoapLensError.FromException(ex)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            ThrowTerminatingError(ToErrorRecord(SoapLensError.FromException(ex)));
        }
    }

    internal static ErrorRecord ToErrorRecord(SoapLensError e) =>
        new(e.Exception ?? new SoapLensException(e.ErrorId, e.Kind, e.Message, e.Target), e.ErrorId, ToCategory(e.Kind), e.Target);

    internal static ErrorCategory ToCategory(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.ReadError => ErrorCategory.ReadError,
        ErrorKind.WriteError => ErrorCategory.WriteError,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        ErrorKind.NotImplemented => ErrorCategory.NotImplemented,
        ErrorKind.OperationStopped => ErrorCategory.OperationStopped,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        _ => ErrorCategory.NotSpecified,
    };
}
