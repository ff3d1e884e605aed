using System.Globalization;

namespace SoapLens.Plots;

/// <summary>"Nice" tick positions (1, 2, 2.5, 5 × 10^k) and their labels.</summary>
public static class Ticks
{
    public static double[] Nice(double min, double max, int target = 6)
    {
        if (!(max > min)) return [min];
        double step = NiceStep((max - min) / Math.Max(target, 1));
        double first = Math.Ceiling(min / step - 1e-9) * step;
        var t = new List<double>();
        for (double v = first; v <= max + step * 1e-9; v += step) t.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return t.ToArray();
    }

    public static double NiceStep(double raw)
    {
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    }

    /// <summary>Labels with as many decimals as the step needs, and no more.</summary>
    public static string Label(double v, double step)
    {
        if (Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-3 && v != 0)) return v.ToString("0.##E+0", CultureInfo.InvariantCulture);
        int decimals = step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(step) - 1e-9);
        if (step < 1 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++;
        return v.ToString("F" + Math.Clamp(decimals, 0, 6), CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// A rectangular data area: maps data to pixels and draws the frame, ticks, grid and axis titles.
/// Used by every x–y figure (scatter, path, time series, variance curve).
/// </summary>
public sealed class XYAxes
{
    public XYAxes(double left, double top, double width, double height, double xMin, double xMax, double yMin, double yMax, double pad = 0.04)
    {
        Left = left; Top = top; Width = width; Height = height;
        (XMin, XMax) = Padded(xMin, xMax, pad);
        (YMin, YMax) = Padded(yMin, yMax, pad);
    }

    private static (double, double) Padded(double lo, double hi, double pad)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) return (0, 1);
        if (hi <= lo) { double c = lo, h = Math.Abs(c) > 0 ? Math.Abs(c) * 0.05 : 0.5; return (c - h, c + h); }
        double p = (hi - lo) * pad;
        return (lo - p, hi + p);
    }

    public double Left { get; }
    public double Top { get; }
    public double Width { get; }
    public double Height { get; }
    public double XMin { get; }
    public double XMax { get; }
    public double YMin { get; }
    public double YMax { get; }
    public double Right => Left + Width;
    public double Bottom => Top + Height;

    public double X(double v) => Left + (v - XMin) / (XMax - XMin) * Width;
    public double Y(double v) => Bottom - (v - YMin) / (YMax - YMin) * Height;

    /// <summary>Draws grid lines, the frame, tick labels and axis titles.</summary>
    /// <param name="yTickValues">Explicit y tick positions (e.g. of a transformed axis) with <paramref name="yLabel"/> for their text.</param>
    public void Draw(Svg svg, string xTitle, string yTitle, bool grid = true, int xTicks = 7, int yTicks = 6, Func<double, string>? xLabel = null,
        double[]? yTickValues = null, Func<double, string>? yLabel = null)
    {
        var xt = Ticks.Nice(XMin, XMax, xTicks);
        var yt = yTickValues ?? Ticks.Nice(YMin, YMax, yTicks);
        double xs = xt.Length > 1 ? xt[1] - xt[0] : 1, ys = yt.Length > 1 ? yt[1] - yt[0] : 1;
        svg.BeginGroup("axes");
        if (grid)
        {
            foreach (var v in xt) svg.Line(X(v), Top, X(v), Bottom, Svg.GridInk);
            foreach (var v in yt) svg.Line(Left, Y(v), Right, Y(v), Svg.GridInk);
        }
        svg.Rect(Left, Top, Width, Height, null, "#888888", 1);
        foreach (var v in xt)
        {
            svg.Line(X(v), Bottom, X(v), Bottom + 5, "#888888");
            svg.Text(X(v), Bottom + 8, xLabel?.Invoke(v) ?? Ticks.Label(v, xs), Svg.TickSize, "middle", "top");
        }
        foreach (var v in yt)
        {
            svg.Line(Left - 5, Y(v), Left, Y(v), "#888888");
            svg.Text(Left - 8, Y(v), yLabel?.Invoke(v) ?? Ticks.Label(v, ys), Svg.TickSize, "end", "middle");
        }
        svg.Text(Left + Width / 2, Bottom + 40, xTitle, Svg.LabelSize, "middle");
        double yTitleX = Left - 16 - 7.5 * yt.Max(v => (yLabel?.Invoke(v) ?? Ticks.Label(v, ys)).Length);
        svg.Text(Math.Max(yTitleX, 16), Top + Height / 2, yTitle, Svg.LabelSize, "middle", rotate: -90);
        svg.EndGroup();
    }
}

/// <summary>A vertical list of colour swatches with labels.</summary>
public static class Legend
{
    /// <summary>Draws the entries from (x, y) downwards; returns the height used.</summary>
    public static double Draw(Svg svg, double x, double y, IReadOnlyList<(string Colour, string Label)> entries, string? heading = null, bool line = false)
    {
        const double row = 20;
        double cy = y;
        svg.BeginGroup("legend");
        if (heading is not null)
        {
            svg.Text(x, cy + 10, heading, Svg.TickSize, vertical: "middle", bold: true);
            cy += row;
        }
        foreach (var (c, label) in entries)
        {
            if (line) svg.Line(x, cy + 10, x + 18, cy + 10, c, 3);
            else svg.Rect(x, cy + 3, 14, 14, c, "#00000033", 0.5);
            svg.Text(x + 22, cy + 10, label, Svg.TickSize, vertical: "middle");
            cy += row;
        }
        svg.EndGroup();
        return cy - y;
    }

    /// <summary>
    /// The order to list clusters in: by their leading number when every name starts with one
    /// (a merge numbers macro-clusters by the dendrogram, so "4" may come before "0+1"; readers look
    /// for them in numeric order), else as given.
    /// </summary>
    public static int[] Order(IReadOnlyList<string> names)
    {
        var keys = new int[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            var s = names[i];
            int n = 0;
            while (n < s.Length && char.IsAsciiDigit(s[n])) n++;
            if (n == 0 || n > 9) return Enumerable.Range(0, names.Count).ToArray();
            keys[i] = int.Parse(s.AsSpan(0, n), System.Globalization.CultureInfo.InvariantCulture);
        }
        return Enumerable.Range(0, names.Count).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
    }

    /// <summary>Rough width of a label in pixels (generic sans-serif), for layout decisions.</summary>
    public static double TextWidth(string s, double size) => s.Length * size * 0.58;
}
