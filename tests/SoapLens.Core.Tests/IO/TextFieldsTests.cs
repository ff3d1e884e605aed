using System.Globalization;
using System.Text;
using SoapLens.IO;

namespace SoapLens.Tests.IO;

public class TextFieldsTests
{
    private static void SameAsDoubleParse(string s)
    {
        Assert.True(TextFields.TryParseDouble(Encoding.ASCII.GetBytes(s), out var mine), s);
        var net = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        Assert.True(BitConverter.DoubleToInt64Bits(mine) == BitConverter.DoubleToInt64Bits(net), $"'{s}': {mine:R} vs double.Parse {net:R}");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.00000")]
    [InlineData("6.38429")]
    [InlineData("19.152861945523966")]
    [InlineData("1.9152861945523966e+01")]
    [InlineData("-2.5E-3")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("+12.75")]
    [InlineData("9007199254740993")]        // 2^53 + 1: beyond the fast path
    [InlineData("0.1000000000000000055511151231257827")]
    [InlineData("1e-30")]
    [InlineData("1e300")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("4.9e-324")]
    public void Parses_edge_cases_exactly_like_double_Parse(string s) => SameAsDoubleParse(s);

    [Fact]
    public void Parses_random_decimals_exactly_like_double_Parse()
    {
        var rng = new Random(12345);
        for (int i = 0; i < 200_000; i++)
        {
            int intDigits = rng.Next(0, 10), fracDigits = rng.Next(0, 12);
            var sb = new StringBuilder();
            if (rng.Next(3) == 0) sb.Append('-');
            for (int k = 0; k < intDigits; k++) sb.Append((char)('0' + rng.Next(10)));
            if (intDigits == 0) sb.Append('0');
            if (fracDigits > 0) { sb.Append('.'); for (int k = 0; k < fracDigits; k++) sb.Append((char)('0' + rng.Next(10))); }
            if (rng.Next(5) == 0) sb.Append('e').Append(rng.Next(-30, 30));
            SameAsDoubleParse(sb.ToString());
        }
        // The texts "R" produces for random doubles.
        for (int i = 0; i < 50_000; i++)
            SameAsDoubleParse((rng.NextDouble() * Math.Pow(10, rng.Next(-8, 8))).ToString("R", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData("e5")]
    [InlineData("1e")]
    public void Rejects_text_that_is_not_a_number(string s) =>
        Assert.False(TextFields.TryParseDouble(Encoding.ASCII.GetBytes(s), out _));

    [Fact]
    public void Decimal_shift_turns_nanometres_into_the_nearest_angstrom_double()
    {
        Assert.True(TextFields.TryParseDouble("2.584"u8, 1, out var v));
        Assert.Equal(25.84, v);
        Assert.True(TextFields.TryParseDouble("-0.323"u8, 1, out v));
        Assert.Equal(-3.23, v);
    }

    [Fact]
    public void Splits_fields_on_any_whitespace()
    {
        Span<Range> r = stackalloc Range[8];
        var line = " Cu\t1.0  2.0 3.0 \r"u8;
        Assert.Equal(4, TextFields.Split(line, r));
        Assert.Equal("Cu", Encoding.ASCII.GetString(line[r[0]]));
        Assert.Equal("3.0", Encoding.ASCII.GetString(line[r[3]]));
    }

    [Fact]
    public void Line_reader_counts_lines_skips_and_handles_crlf_and_a_missing_final_newline()
    {
        using var tmp = new Support.TempDir();
        var p = tmp.File("l.txt");
        File.WriteAllText(p, "a\r\nb\nc\nd");
        using var r = new LineReader(p);
        Assert.Equal("a", r.ReadLine());
        Assert.True(r.Skip(2));
        Assert.Equal(3, r.LineNumber);
        Assert.Equal("d", r.ReadLine());
        Assert.Null(r.ReadLine());
        Assert.False(r.Skip(1));
    }
}
