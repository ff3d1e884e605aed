namespace SoapLens.Pipeline;

/// <summary>Error categories, mapped one-to-one onto PowerShell's ErrorCategory by the cmdlet layer.</summary>
public enum ErrorKind
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    ReadError,
    WriteError,
    ResourceUnavailable,
    ResourceExists,
    NotImplemented,
    OperationStopped,
    InvalidOperation,
}

/// <summary>An error as a stage reports it: a stable id, a category, a message and the offending object.</summary>
public sealed record SoapLensError(string ErrorId, ErrorKind Kind, string Message, object? Target = null, Exception? Exception = null)
{
    public static SoapLensError FromException(Exception ex, object? target = null)
    {
        if (ex is SoapLensException sle)
            return new SoapLensError(sle.ErrorId, sle.Kind, sle.Message, target ?? sle.Target, sle);
        if (ex is OperationCanceledException)
            return new SoapLensError("OperationStopped", ErrorKind.OperationStopped, "The operation was stopped.", target, ex);
        if (ex is IOException or UnauthorizedAccessException)
            return new SoapLensError("IOFailed", ErrorKind.ReadError, ex.Message, target, ex);
        return new SoapLensError("UnexpectedError", ErrorKind.NotSpecified, ex.Message, target, ex);
    }
}
