namespace SoapLens.Pipeline;

/// <summary>
/// Base of every exception the engine throws on purpose. It carries the stable error id and the
/// category that the cmdlet layer turns into an ErrorRecord.
/// </summary>
public class SoapLensException : Exception
{
    public SoapLensException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }
    public ErrorKind Kind { get; }
    public object? Target { get; }

    public static SoapLensException Argument(string message, object? target = null) =>
        new("InvalidArgument", ErrorKind.InvalidArgument, message, target);

    public static SoapLensException InvalidData(string message, object? target = null) =>
        new("InvalidData", ErrorKind.InvalidData, message, target);
}

/// <summary>A malformed input file. The message always names the file and, when known, the line or frame.</summary>
public sealed class MalformedFileException : SoapLensException
{
    public MalformedFileException(string path, string problem, long? line = null, int? frame = null, Exception? inner = null)
        : base("FileFormatInvalid", ErrorKind.InvalidData, Compose(path, problem, line, frame), path, inner)
    {
        FilePath = path;
        Line = line;
        Frame = frame;
        Problem = problem;
    }

    public string FilePath { get; }
    public long? Line { get; }
    public int? Frame { get; }
    public string Problem { get; }

    private static string Compose(string path, string problem, long? line, int? frame)
    {
        var where = (line, frame) switch
        {
            (not null, not null) => $", line {line} (frame {frame})",
            (not null, null) => $", line {line}",
            (null, not null) => $", frame {frame}",
            _ => "",
        };
        return $"{path}{where}: {problem}";
    }
}
