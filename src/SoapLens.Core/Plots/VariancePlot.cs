using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// Cumulative explained variance of a PCA against the number of components (the paper's Fig. S4),
/// with the variance of each component as bars and the number of components that reaches the
/// target marked.
/// </summary>
public static class VariancePlot
{
    /// <param name="ratios">Explained-variance ratio of each component, in order.</param>
    /// <param name="target">Cumulative fraction to mark (e.g. 0.995), or NaN.</param>
    /// <param name="maxComponents">Components shown at most (0: up to the target, or enough to see the plateau).</param>
    public static string Render(double[] ratios, FigureOptions? options = null, double target = 0.995, int maxComponents = 0, string? series = null)
    {
        options ??= new FigureOptions();
        if (ratios.Length == 0) throw new ArgumentException("No explained-variance ratios.");
        var cum = new double[ratios.Length];
        double acc = 0;
        for (int i = 0; i < ratios.Length; i++) cum[i] = acc += ratios[i];
        int reach = -1;
        if (double.IsFinite(target))
            for (int i = 0; i < cum.Length; i++) if (cum[i] >= target - 1e-12) { reach = i + 1; break; }
        int shown = maxComponents > 0 ? maxComponents : Math.Max(10, reach > 0 ? reach + 5 : FirstAbove(cum, 0.9999));
        shown = Math.Min(shown, ratios.Length);

        var (w, h) = options.Size(760, 520);
        var svg = new Svg(w, h, options.Title ?? "Cumulative explained variance",
            "Cumulative explained variance (line) and per-component explained variance (bars) of the principal components.");
        svg.Heading();
        var axes = new XYAxes(90, 50, w - 90 - 40, h - 50 - 90, 0.5, shown + 0.5, 0, 100, 0);
        axes.Draw(svg, "number of components", "explained variance (%)", xTicks: Math.Min(shown, 12), xLabel: v => v >= 1 && v == Math.Floor(v) ? ((int)v).ToString(CultureInfo.InvariantCulture) : "");
        var colour = options.Palette.ColourOf(0, series);

        double barW = Math.Max(2, axes.Width / shown * 0.6);
        svg.BeginGroup("bars");
        for (int i = 0; i < shown; i++)
            svg.Rect(axes.X(i + 1) - barW / 2, axes.Y(100 * ratios[i]), barW, axes.Y(0) - axes.Y(100 * ratios[i]), Colour.Parse(colour).Lighten(0.55).Hex,
                tooltip: $"component {i + 1}: {100 * ratios[i]:0.###} %");
        svg.EndGroup();
        var xs = new double[shown];
        var ys = new double[shown];
        for (int i = 0; i < shown; i++) { xs[i] = axes.X(i + 1); ys[i] = axes.Y(100 * cum[i]); }
        svg.Polyline(xs, ys, colour, 2.5);
        for (int i = 0; i < shown; i++) svg.Circle(xs[i], ys[i], 3.5, colour, tooltip: $"{i + 1} components: {100 * cum[i]:0.####} %");

        if (double.IsFinite(target))
        {
            double y = axes.Y(100 * target);
            svg.Line(axes.Left, y, axes.Right, y, "#c0392b", 1.3, "6 4");
            string msg = reach > 0 ? $"{100 * target:0.##} % reached with {reach} component{(reach == 1 ? "" : "s")}" : $"{100 * target:0.##} % not reached";
            svg.Text(axes.Right - 6, y + 18, msg, Svg.LabelSize, "end", fill: "#c0392b", bold: true);
            if (reach > 0 && reach <= shown) svg.Line(axes.X(reach), axes.Top, axes.X(reach), axes.Bottom, "#c0392b", 1, "3 3");
        }
        svg.Note($"First {shown} of {ratios.Length} components; line: cumulative, bars: each component.", h - 12);
        return svg.ToString();
    }

    private static int FirstAbove(double[] cum, double level)
    {
        for (int i = 0; i < cum.Length; i++) if (cum[i] >= level) return i + 1;
        return cum.Length;
    }
}
