using System.Globalization;

namespace SoapLens.Plots;

/// <summary>One PCA's explained-variance spectrum for <see cref="VariancePlot"/>: a name, the ratios, and the kept component count (0: none marked).</summary>
public sealed record VarianceSeries(string Name, double[] Ratios, int Kept = 0);

/// <summary>
/// Cumulative explained variance of one or more PCAs against the number of components (the
/// paper's Fig. S4 and Table S1). Left: cumulative percent on a linear scale (bars: each component,
/// for a single PCA), the target as a dashed line and the kept components marked. Right: the
/// variance still unexplained on a log scale, where 99 % and 99.5 % — indistinguishable at the top
/// of the linear panel — are an order of magnitude apart.
/// </summary>
public static class VariancePlot
{
    /// <param name="ratios">Explained-variance ratio of each component, in order.</param>
    /// <param name="target">Cumulative fraction to mark (e.g. 0.995), or NaN.</param>
    public static string Render(double[] ratios, FigureOptions? options = null, double target = 0.995, int maxComponents = 0, string? series = null, int kept = 0) =>
        Render([new VarianceSeries(series ?? "PCA", ratios, kept)], options, target, maxComponents);

    public static string Render(IReadOnlyList<VarianceSeries> series, FigureOptions? options = null, double target = 0.995, int maxComponents = 0)
    {
        options ??= new FigureOptions();
        if (series.Count == 0 || series.Any(s => s.Ratios.Length == 0)) throw new ArgumentException("No explained-variance ratios.");
        var cums = series.Select(s => Cumulative(s.Ratios)).ToArray();
        var reach = cums.Select(c => Reach(c, target)).ToArray();
        int shown = maxComponents;
        if (shown <= 0)
            for (int i = 0; i < series.Count; i++)
                shown = Math.Max(shown, Math.Max(10, Math.Max(reach[i] > 0 ? reach[i] + 4 : Reach(cums[i], 0.9999), series[i].Kept + 3)));
        shown = Math.Min(shown, series.Max(s => s.Ratios.Length));
        bool single = series.Count == 1;
        var colours = series.Select((s, i) => single ? options.Palette.ColourOf(0) : options.Palette.ColourOf(i)).ToArray();

        var (w, h) = options.Size(1000, 560);
        var svg = new Svg(w, h, options.Title ?? "Cumulative explained variance",
            "Cumulative explained variance of the principal components (left, linear) and the variance left unexplained (right, log scale).");
        svg.Heading();
        double top = 56, bottom = h - 120, gap = 100;
        double leftWidth = (w - 90 - gap - 40) * 0.58, rightWidth = w - 90 - gap - 40 - leftWidth;
        var axes = new XYAxes(90, top, leftWidth, bottom - top, 0.5, shown + 0.5, 0, 100, 0);
        Func<double, string> integer = v => v >= 1 && v == Math.Floor(v) ? ((int)v).ToString(CultureInfo.InvariantCulture) : "";
        axes.Draw(svg, "number of components", single ? "explained variance (%)" : "cumulative explained variance (%)", xTicks: Math.Min(shown, 10), xLabel: integer);

        if (single)
        {
            var ratios = series[0].Ratios;
            double barW = Math.Max(2, axes.Width / shown * 0.6);
            var light = Colour.Parse(colours[0]).Lighten(0.55).Hex;
            svg.BeginGroup("bars");
            for (int i = 0; i < Math.Min(shown, ratios.Length); i++)
                svg.Rect(axes.X(i + 1) - barW / 2, axes.Y(100 * ratios[i]), barW, axes.Y(0) - axes.Y(100 * ratios[i]), light,
                    tooltip: $"component {i + 1}: {Pct(ratios[i])} %");
            svg.EndGroup();
        }
        bool hasTarget = double.IsFinite(target) && target > 0 && target < 1;
        if (hasTarget)
            svg.Line(axes.Left, axes.Y(100 * target), axes.Right, axes.Y(100 * target), "#c0392b", 1.3, "6 4");
        for (int s = 0; s < series.Count; s++)
            DrawCurve(svg, axes, cums[s], shown, colours[s], c => 100 * c, series[s].Name);

        // Right: unexplained variance, log scale.
        double floor = double.PositiveInfinity;
        foreach (var c in cums)
            for (int i = 0; i < Math.Min(shown, c.Length); i++) if (1 - c[i] > 1e-12) floor = Math.Min(floor, 100 * (1 - c[i]));
        if (hasTarget) floor = Math.Min(floor, 100 * (1 - target));
        double lo = double.IsFinite(floor) ? Math.Floor(Math.Log10(floor)) : -3, hi = 2;
        if (hi - lo < 2) lo = hi - 2;
        var log = new XYAxes(90 + leftWidth + gap, top, rightWidth, bottom - top, 0.5, shown + 0.5, lo, hi, 0);
        DrawLogAxes(svg, log, shown, integer);
        if (hasTarget)
        {
            double y = log.Y(Math.Log10(100 * (1 - target)));
            svg.Line(log.Left, y, log.Right, y, "#c0392b", 1.3, "6 4");
            svg.Text(log.Right - 4, y - 5, $"{Pct(1 - target)} % left = {Pct(target)} % explained", Svg.TickSize, "end", fill: "#c0392b", bold: true);
        }
        for (int s = 0; s < series.Count; s++)
            DrawCurve(svg, log, cums[s], shown, colours[s], c => 1 - c > 1e-12 ? Math.Log10(100 * (1 - c)) : double.NaN, series[s].Name, unexplained: true);

        // Kept components, and where the target is reached, on both panels.
        var lines = new List<(string Colour, string Text)>();
        for (int s = 0; s < series.Count; s++)
        {
            var c = cums[s];
            int kept = series[s].Kept;
            if (kept > 0 && kept <= shown && kept <= c.Length)
            {
                svg.Circle(axes.X(kept), axes.Y(100 * c[kept - 1]), 7, null, colours[s], 2.2, tooltip: $"kept: {kept} components");
                if (1 - c[kept - 1] > 1e-12) svg.Circle(log.X(kept), log.Y(Math.Log10(100 * (1 - c[kept - 1]))), 7, null, colours[s], 2.2);
            }
            string who = single ? "cumulative: " : series[s].Name + ": ";
            string text = kept > 0 && kept <= c.Length ? $"{who}{kept} component{(kept == 1 ? "" : "s")} kept ({Pct(c[kept - 1])} %)" : $"{who}all {c.Length} components";
            if (hasTarget) text += reach[s] > 0 ? $"; {Pct(target)} % reached with {reach[s]}" : $"; {Pct(target)} % not reached";
            lines.Add((colours[s], text));
        }
        double ly = bottom + 62;
        foreach (var (colour, text) in lines)
        {
            svg.Line(axes.Left, ly - 4, axes.Left + 18, ly - 4, colour, 3);
            svg.Circle(axes.Left + 9, ly - 4, 3.5, colour);
            svg.Text(axes.Left + 26, ly, text, Svg.LabelSize, bold: true);
            ly += 20;
        }
        svg.Note($"First {shown} of {series.Max(s => s.Ratios.Length)} components; {(single ? "bars: each component's share; " : "")}rings: the components kept; dashed: the target.", h - 12);
        return svg.ToString();
    }

    private static void DrawCurve(Svg svg, XYAxes axes, double[] cum, int shown, string colour, Func<double, double> value, string name, bool unexplained = false)
    {
        int n = Math.Min(shown, cum.Length);
        var xs = new List<double>(n);
        var ys = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            double v = value(cum[i]);
            if (!double.IsFinite(v)) continue;
            xs.Add(axes.X(i + 1));
            ys.Add(axes.Y(Math.Max(v, axes.YMin)));
        }
        svg.Polyline(xs.ToArray(), ys.ToArray(), colour, 2.5);
        for (int i = 0; i < xs.Count; i++)
            svg.Circle(xs[i], ys[i], 3.5, colour, tooltip: $"{name}, {i + 1} components: {Pct(cum[i])} % explained{(unexplained ? $", {Pct(1 - cum[i])} % left" : "")}");
    }

    private static void DrawLogAxes(Svg svg, XYAxes a, int shown, Func<double, string> xLabel)
    {
        svg.BeginGroup("axes");
        var xt = Ticks.Nice(a.XMin, a.XMax, Math.Min(shown, 6));
        foreach (var v in xt)
        {
            svg.Line(a.X(v), a.Top, a.X(v), a.Bottom, Svg.GridInk);
            svg.Line(a.X(v), a.Bottom, a.X(v), a.Bottom + 5, "#888888");
            svg.Text(a.X(v), a.Bottom + 8, xLabel(v), Svg.TickSize, "middle", "top");
        }
        for (int e = (int)Math.Ceiling(a.YMin); e <= (int)Math.Floor(a.YMax); e++)
        {
            svg.Line(a.Left, a.Y(e), a.Right, a.Y(e), Svg.GridInk);
            svg.Line(a.Left - 5, a.Y(e), a.Left, a.Y(e), "#888888");
            svg.Text(a.Left - 8, a.Y(e), Decade(e), Svg.TickSize, "end", "middle");
        }
        svg.Rect(a.Left, a.Top, a.Width, a.Height, null, "#888888", 1);
        svg.Text(a.Left + a.Width / 2, a.Bottom + 40, "number of components", Svg.LabelSize, "middle");
        svg.Text(a.Left - 64, a.Top + a.Height / 2, "unexplained variance (%, log)", Svg.LabelSize, "middle", rotate: -90);
        svg.EndGroup();
    }

    private static string Decade(int e) => e >= 0 ? Math.Pow(10, e).ToString("0", CultureInfo.InvariantCulture)
        : e >= -4 ? Math.Pow(10, e).ToString("0.####", CultureInfo.InvariantCulture) : $"1e{e}";

    internal static string Pct(double fraction)
    {
        double p = 100 * fraction;
        return p.ToString(p >= 90 ? "0.##" : p >= 10 ? "0.#" : p >= 0.1 ? "0.##" : "0.####", CultureInfo.InvariantCulture);
    }

    private static double[] Cumulative(double[] ratios)
    {
        var cum = new double[ratios.Length];
        double acc = 0;
        for (int i = 0; i < ratios.Length; i++) cum[i] = acc += ratios[i];
        return cum;
    }

    private static int Reach(double[] cum, double level)
    {
        if (!double.IsFinite(level)) return -1;
        for (int i = 0; i < cum.Length; i++) if (cum[i] >= level - 1e-12) return i + 1;
        return -1;
    }
}
