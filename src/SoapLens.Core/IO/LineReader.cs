using System.IO.Compression;
using System.Text;

namespace SoapLens.IO;

/// <summary>
/// Line-by-line reading of text trajectories as bytes (no string per line), with the 1-based line
/// number kept for error messages. A returned line is a view into the internal buffer, valid until
/// the next call. Gzip-compressed files are recognised by their magic bytes and read transparently.
/// </summary>
public sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buf = new byte[1 << 17];
    private int _pos, _len;   // unread bytes are _buf[_pos.._len)
    private bool _eof;

    public LineReader(string path)
    {
        Path = path;
        _stream = OpenMaybeCompressed(path);
    }

    public string Path { get; }

    /// <summary>Number of the line most recently returned or skipped (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>Opens a file for sequential reading, decompressing it when it starts with the gzip magic.</summary>
    public static Stream OpenMaybeCompressed(string path)
    {
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        int got = fs.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        fs.Position = 0;
        if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return new GZipStream(fs, CompressionMode.Decompress);
        return fs;
    }

    /// <summary>The next line without its terminator (a trailing CR is dropped); false at the end of the file.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var avail = new ReadOnlySpan<byte>(_buf, _pos, _len - _pos);
            int nl = avail.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                line = TrimCr(avail[..nl]);
                _pos += nl + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (avail.IsEmpty) { line = default; return false; }
                line = TrimCr(avail);
                _pos = _len;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    /// <summary>The next line as a string, or null at the end of the file.</summary>
    public string? ReadLine() => TryReadLine(out var line) ? Encoding.UTF8.GetString(line) : null;

    /// <summary>Skips <paramref name="count"/> lines; false if the file ends first.</summary>
    public bool Skip(long count)
    {
        while (count > 0)
        {
            var avail = new ReadOnlySpan<byte>(_buf, _pos, _len - _pos);
            int nl = avail.IndexOf((byte)'\n');
            if (nl >= 0)
            {
                _pos += nl + 1;
                LineNumber++;
                count--;
                continue;
            }
            if (_eof)
            {
                if (avail.IsEmpty) return false;
                _pos = _len;     // a last line without a terminator
                LineNumber++;
                return --count == 0;
            }
            Fill();
        }
        return true;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;

    private void Fill()
    {
        int unread = _len - _pos;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, unread);
            _pos = 0;
            _len = unread;
        }
        if (_len == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);   // a line longer than the buffer
        int n = _stream.Read(_buf, _len, _buf.Length - _len);
        if (n == 0) _eof = true;
        else _len += n;
    }

    public void Dispose() => _stream.Dispose();
}
