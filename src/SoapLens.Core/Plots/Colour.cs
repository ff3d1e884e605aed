using System.Globalization;

namespace SoapLens.Plots;

/// <summary>An sRGB colour with the few operations figures need (mixing, contrast, hex).</summary>
public readonly record struct Colour(byte R, byte G, byte B)
{
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    public override string ToString() => Hex;

    /// <summary>Parses #rgb, #rrggbb or a handful of CSS names (black, white, grey/gray, red, green, blue...).</summary>
    public static Colour Parse(string text)
    {
        if (TryParse(text, out var c)) return c;
        throw new FormatException($"'{text}' is not a colour: use #rrggbb, #rgb or a basic colour name.");
    }

    public static bool TryParse(string? text, out Colour colour)
    {
        colour = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().ToLowerInvariant();
        if (Named.TryGetValue(s, out var hex)) s = hex;
        if (s.StartsWith('#')) s = s[1..];
        if (s.Length == 3) s = string.Concat(s.Select(ch => new string(ch, 2)));
        if (s.Length != 6 || !int.TryParse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v)) return false;
        colour = new Colour((byte)(v >> 16), (byte)(v >> 8), (byte)v);
        return true;
    }

    private static readonly Dictionary<string, string> Named = new()
    {
        ["black"] = "000000", ["white"] = "ffffff", ["grey"] = "808080", ["gray"] = "808080", ["red"] = "d62728",
        ["green"] = "2ca02c", ["blue"] = "1f77b4", ["orange"] = "ff7f0e", ["purple"] = "9467bd", ["brown"] = "8c564b",
        ["pink"] = "e377c2", ["yellow"] = "edc948", ["cyan"] = "17becf", ["magenta"] = "d62ad6", ["lime"] = "8cd17d",
    };

    /// <summary>Linear mix: t = 0 gives this colour, 1 gives <paramref name="other"/>.</summary>
    public Colour Mix(Colour other, double t)
    {
        t = Math.Clamp(t, 0, 1);
        static byte L(byte a, byte b, double t) => (byte)Math.Round(a + (b - a) * t);
        return new Colour(L(R, other.R, t), L(G, other.G, t), L(B, other.B, t));
    }

    public Colour Lighten(double t) => Mix(new Colour(255, 255, 255), t);

    /// <summary>Relative luminance (WCAG).</summary>
    public double Luminance
    {
        get
        {
            static double C(byte v) { double c = v / 255.0; return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4); }
            return 0.2126 * C(R) + 0.7152 * C(G) + 0.0722 * C(B);
        }
    }

    /// <summary>Black or white, whichever reads better on this colour.</summary>
    public string TextOn => Luminance > 0.33 ? "#1a1a1a" : "#ffffff";

    public static Colour FromHsl(double hueDegrees, double s, double l)
    {
        double h = ((hueDegrees % 360) + 360) % 360 / 60.0;
        double c = (1 - Math.Abs(2 * l - 1)) * s;
        double x = c * (1 - Math.Abs(h % 2 - 1));
        var (r, g, b) = (int)h switch
        {
            0 => (c, x, 0.0), 1 => (x, c, 0.0), 2 => (0.0, c, x), 3 => (0.0, x, c), 4 => (x, 0.0, c), _ => (c, 0.0, x),
        };
        double m = l - c / 2;
        return new Colour((byte)Math.Round((r + m) * 255), (byte)Math.Round((g + m) * 255), (byte)Math.Round((b + m) * 255));
    }
}

/// <summary>Continuous colour maps sampled from matplotlib's (perceptually uniform viridis, sequential Blues).</summary>
public static class Colormaps
{
    private static readonly Colour[] ViridisStops = Stops("440154", "482475", "414487", "355f8d", "2a788e", "21918c", "22a884", "44bf70", "7ad151", "bddf26", "fde725");
    private static readonly Colour[] BluesStops = Stops("f7fbff", "deebf7", "c6dbef", "9ecae1", "6baed6", "4292c6", "2171b5", "08519c", "08306b");

    private static Colour[] Stops(params string[] hex) => hex.Select(h => Colour.Parse("#" + h)).ToArray();

    /// <summary>Viridis at t in [0, 1] (dark blue → yellow): time along a path.</summary>
    public static Colour Viridis(double t) => Sample(ViridisStops, t);

    /// <summary>Blues at t in [0, 1] (white → dark blue): heat maps.</summary>
    public static Colour Blues(double t) => Sample(BluesStops, t);

    private static Colour Sample(Colour[] stops, double t)
    {
        if (double.IsNaN(t)) t = 0;
        t = Math.Clamp(t, 0, 1) * (stops.Length - 1);
        int i = Math.Min((int)t, stops.Length - 2);
        return stops[i].Mix(stops[i + 1], t - i);
    }
}
