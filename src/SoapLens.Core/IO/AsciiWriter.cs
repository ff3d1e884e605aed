using System.Globalization;
using System.Text;

namespace SoapLens.IO;

/// <summary>
/// Buffered ASCII text output for the trajectory writers: numbers are formatted straight into a
/// byte buffer (doubles as "R", the shortest text that parses back to the same value), so writing
/// a frame allocates nothing per number.
/// </summary>
internal sealed class AsciiWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _buf = new byte[1 << 16];
    private int _n;

    public AsciiWriter(Stream stream) => _stream = stream;

    private Span<byte> Room(int size)
    {
        if (_n + size > _buf.Length) Flush();
        return _buf.AsSpan(_n);
    }

    public AsciiWriter Text(string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        if (max > _buf.Length / 2)
        {
            Flush();
            _stream.Write(Encoding.UTF8.GetBytes(s));
            return this;
        }
        _n += Encoding.UTF8.GetBytes(s, Room(max));
        return this;
    }

    public AsciiWriter Char(char c)
    {
        Room(1)[0] = (byte)c;
        _n++;
        return this;
    }

    public AsciiWriter Space() => Char(' ');

    public AsciiWriter Line() => Char('\n');

    /// <summary>Shortest round-trip text; NaN and infinities as nan, inf, -inf.</summary>
    public AsciiWriter Number(double v)
    {
        if (!double.IsFinite(v)) return Text(TextFields.Format(v));
        v.TryFormat(Room(32), out int written, "R", CultureInfo.InvariantCulture);
        _n += written;
        return this;
    }

    public AsciiWriter Number(long v)
    {
        v.TryFormat(Room(24), out int written, default, CultureInfo.InvariantCulture);
        _n += written;
        return this;
    }

    public void Flush()
    {
        _stream.Write(_buf, 0, _n);
        _n = 0;
    }

    public void Dispose() => Flush();
}
