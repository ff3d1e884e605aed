using System.IO.Compression;

namespace SoapLens.IO;

/// <summary>
/// Line-by-line text reading with the 1-based line number kept, for error messages that name the
/// line. Opens .gz files transparently.
/// </summary>
public sealed class LineReader : IDisposable
{
    private readonly TextReader _reader;

    public LineReader(string path)
    {
        Path = path;
        Stream s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) s = new GZipStream(s, CompressionMode.Decompress);
        _reader = new StreamReader(s, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    public string Path { get; }

    /// <summary>Number of the line most recently returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    public string? ReadLine()
    {
        var l = _reader.ReadLine();
        if (l is not null) LineNumber++;
        return l;
    }

    /// <summary>Skips <paramref name="count"/> lines; false if the file ends first.</summary>
    public bool Skip(int count)
    {
        for (int i = 0; i < count; i++)
            if (ReadLine() is null) return false;
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
