using System.Globalization;
using System.Text;
using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>
/// Whitespace-separated field splitting and number parsing on ASCII byte spans (the hot path of
/// the text trajectory readers), plus char-span versions for header values; errors name file and line.
/// </summary>
internal static class TextFields
{
    private static bool IsSpace(byte b) => b == (byte)' ' || (uint)(b - 9) <= 4;   // space, \t \n \v \f \r

    /// <summary>Splits <paramref name="line"/> on whitespace into <paramref name="ranges"/>; returns the count (at most ranges.Length).</summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> ranges)
    {
        int n = 0, i = 0, len = line.Length;
        while (i < len && n < ranges.Length)
        {
            while (i < len && IsSpace(line[i])) i++;
            if (i >= len) break;
            int start = i;
            while (i < len && !IsSpace(line[i])) i++;
            ranges[n++] = new Range(start, i);
        }
        return n;
    }

    /// <summary>Counts whitespace-separated fields.</summary>
    public static int Count(ReadOnlySpan<byte> line)
    {
        int n = 0, i = 0, len = line.Length;
        while (i < len)
        {
            while (i < len && IsSpace(line[i])) i++;
            if (i >= len) break;
            n++;
            while (i < len && !IsSpace(line[i])) i++;
        }
        return n;
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsSpace(s[a])) a++;
        while (b > a && IsSpace(s[b - 1])) b--;
        return s[a..b];
    }

    public static bool IsBlank(ReadOnlySpan<byte> s) => Trim(s).IsEmpty;

    // Powers of ten that are exact in binary64 (10^22 is the largest).
    private static readonly double[] s_pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses a decimal number exactly as double.Parse does (correctly rounded). Numbers whose
    /// digits form an integer below 2^53 and whose decimal exponent is within ±22 take Clinger's
    /// fast path (one exact integer, one exact power of ten, one correctly rounded operation);
    /// everything else goes to double.TryParse.
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, out double value) => TryParseDouble(s, 0, out value);

    /// <summary>
    /// Parses a number and multiplies it by 10^<paramref name="shift"/> in the decimal domain, so "2.584" nm
    /// with shift 1 gives exactly the double nearest to 25.84 Å (rare slow-path inputs are parsed, then scaled).
    /// </summary>
    public static bool TryParseDouble(ReadOnlySpan<byte> s, int shift, out double value)
    {
        int i = 0, n = s.Length;
        bool neg = false;
        if (n > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+')) { neg = s[0] == (byte)'-'; i++; }
        ulong m = 0;
        int sig = 0, digits = 0, scale = 0;
        for (; i < n; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) break;
            m = m * 10 + d;
            digits++;
            if (m != 0) sig++;
        }
        if (i < n && s[i] == (byte)'.')
        {
            for (i++; i < n; i++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9) break;
                m = m * 10 + d;
                digits++;
                scale++;
                if (m != 0) sig++;
            }
        }
        int exp = 0;
        if (i < n && (s[i] | 0x20) == 'e' && digits > 0)
        {
            i++;
            bool eneg = false;
            if (i < n && (s[i] == (byte)'-' || s[i] == (byte)'+')) { eneg = s[i] == (byte)'-'; i++; }
            int ed = 0;
            for (; i < n && ed < 5; i++, ed++)
            {
                uint d = (uint)(s[i] - '0');
                if (d > 9) break;
                exp = exp * 10 + (int)d;
            }
            if (ed == 0) return Slow(s, shift, out value);
            if (eneg) exp = -exp;
        }
        if (i != n || digits == 0 || sig > 19 || m > (1UL << 53)) return Slow(s, shift, out value);
        int p = exp - scale + shift;
        double v = m;
        if (p < 0)
        {
            if (p < -22) return Slow(s, shift, out value);
            v /= s_pow10[-p];
        }
        else if (p > 0)
        {
            if (p > 22) return Slow(s, shift, out value);
            v *= s_pow10[p];
        }
        value = neg ? -v : v;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> s, int shift, out double value)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        if (shift != 0) value *= Math.Pow(10, shift);
        return true;
    }

    public static bool TryParseLong(ReadOnlySpan<byte> s, out long value)
    {
        int i = 0, n = s.Length;
        bool neg = false;
        if (n > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+')) { neg = s[0] == (byte)'-'; i++; }
        if (i == n || n - i > 18) return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        long v = 0;
        for (; i < n; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) { value = 0; return false; }
            v = v * 10 + d;
        }
        value = neg ? -v : v;
        return true;
    }

    public static bool TryParseInt(ReadOnlySpan<byte> s, out int value)
    {
        if (TryParseLong(s, out long v) && v is >= int.MinValue and <= int.MaxValue) { value = (int)v; return true; }
        value = 0;
        return false;
    }

    public static double ParseDouble(ReadOnlySpan<byte> s, string path, long line, int? frame, string what) =>
        ParseDouble(s, 0, path, line, frame, what);

    /// <summary>Parses a finite number (NaN and infinities in a trajectory are always an error, reported at their line).</summary>
    public static double ParseDouble(ReadOnlySpan<byte> s, int shift, string path, long line, int? frame, string what)
    {
        if (!TryParseDouble(s, shift, out var v))
            throw new MalformedFileException(path, $"{what}: '{Show(s)}' is not a number.", line, frame);
        if (!double.IsFinite(v))
            throw new MalformedFileException(path, $"{what}: '{Show(s)}' is not a finite number.", line, frame);
        return v;
    }

    public static int ParseInt(ReadOnlySpan<byte> s, string path, long line, int? frame, string what) =>
        TryParseInt(s, out var v) ? v : throw new MalformedFileException(path, $"{what}: '{Show(s)}' is not an integer.", line, frame);

    public static long ParseLong(ReadOnlySpan<byte> s, string path, long line, int? frame, string what) =>
        TryParseLong(s, out var v) ? v : throw new MalformedFileException(path, $"{what}: '{Show(s)}' is not an integer.", line, frame);

    public static double ParseDouble(ReadOnlySpan<char> s, string path, long line, int? frame, string what)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw new MalformedFileException(path, $"{what}: '{s.ToString()}' is not a number.", line, frame);
        if (!double.IsFinite(v))
            throw new MalformedFileException(path, $"{what}: '{s.ToString()}' is not a finite number.", line, frame);
        return v;
    }

    public static long ParseLong(ReadOnlySpan<char> s, string path, long line, int? frame, string what)
    {
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        throw new MalformedFileException(path, $"{what}: '{s.ToString()}' is not an integer.", line, frame);
    }

    /// <summary>A field or line for an error message (shortened).</summary>
    public static string Show(ReadOnlySpan<byte> s)
    {
        var t = Encoding.UTF8.GetString(s.Length > 60 ? s[..60] : s);
        return s.Length > 60 ? t + "…" : t;
    }

    /// <summary>Shortest text that parses back to the same double ("R"), invariant culture; NaN/±Inf as nan/inf/-inf.</summary>
    public static string Format(double v) =>
        double.IsNaN(v) ? "nan" : double.IsPositiveInfinity(v) ? "inf" : double.IsNegativeInfinity(v) ? "-inf"
            : v.ToString("R", CultureInfo.InvariantCulture);
}
