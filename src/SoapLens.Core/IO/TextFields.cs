using System.Globalization;
using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>Whitespace-separated field parsing on spans, with errors that name file and line.</summary>
internal static class TextFields
{
    /// <summary>Splits <paramref name="line"/> on whitespace into <paramref name="ranges"/>; returns the count (at most ranges.Length).</summary>
    public static int Split(ReadOnlySpan<char> line, Span<Range> ranges)
    {
        int n = 0, i = 0, len = line.Length;
        while (i < len && n < ranges.Length)
        {
            while (i < len && char.IsWhiteSpace(line[i])) i++;
            if (i >= len) break;
            int start = i;
            while (i < len && !char.IsWhiteSpace(line[i])) i++;
            ranges[n++] = new Range(start, i);
        }
        return n;
    }

    /// <summary>Counts whitespace-separated fields.</summary>
    public static int Count(ReadOnlySpan<char> line)
    {
        int n = 0, i = 0, len = line.Length;
        while (i < len)
        {
            while (i < len && char.IsWhiteSpace(line[i])) i++;
            if (i >= len) break;
            n++;
            while (i < len && !char.IsWhiteSpace(line[i])) i++;
        }
        return n;
    }

    public static double ParseDouble(ReadOnlySpan<char> s, string path, long line, int? frame, string what)
    {
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
        throw new MalformedFileException(path, $"{what}: '{s.ToString()}' is not a number.", line, frame);
    }

    public static int ParseInt(ReadOnlySpan<char> s, string path, long line, int? frame, string what)
    {
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        throw new MalformedFileException(path, $"{what}: '{s.ToString()}' is not an integer.", line, frame);
    }

    public static long ParseLong(ReadOnlySpan<char> s, string path, long line, int? frame, string what)
    {
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        throw new MalformedFileException(path, $"{what}: '{s.ToString()}' is not an integer.", line, frame);
    }
}
