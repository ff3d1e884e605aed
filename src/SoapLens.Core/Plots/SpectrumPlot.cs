using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// The mean SOAP power spectrum over every vector with a ± 1 standard deviation band, feature by
/// feature in storage order. Contiguous blocks of one species pair and one angular channel l (the
/// full layout stores them so) are shaded and labelled. The value axis is symmetric-logarithmic
/// (linear within ± c, logarithmic beyond), because the l = 0 channel is orders of magnitude larger
/// than the others and would flatten them on a linear axis.
/// </summary>
public static class SpectrumPlot
{
    /// <param name="featureNames">Names like "Cu-Cu l3 n0 n1" (SoapFeatureMap.FeatureNames); blocks are read from them.</param>
    public static string Render(double[] mean, double[] sd, IReadOnlyList<string> featureNames, FigureOptions? options = null, string? note = null)
    {
        options ??= new FigureOptions();
        int d = mean.Length;
        if (d == 0 || sd.Length != d || featureNames.Count != d) throw new ArgumentException("One mean, one deviation and one name per feature are needed.");
        var (w, h) = options.Size(1000, 540);
        var svg = new Svg(w, h, options.Title ?? "Mean SOAP power spectrum", "Mean of every SOAP vector, feature by feature, with a band of ± 1 standard deviation (symmetric log scale).");
        svg.Heading();
        double big = 0;
        for (int j = 0; j < d; j++)
            if (double.IsFinite(mean[j])) big = Math.Max(big, Math.Abs(mean[j]) + sd[j]);
        if (big <= 0) big = 1;
        // Linear within ± c: three decades below the largest value.
        int top = (int)Math.Ceiling(Math.Log10(big));
        int bottom = top - 4;
        double c = Math.Pow(10, bottom);
        double F(double v) => Math.Asinh(v / c);
        double ymin = double.PositiveInfinity, ymax = double.NegativeInfinity;
        for (int j = 0; j < d; j++)
        {
            if (!double.IsFinite(mean[j])) continue;
            ymin = Math.Min(ymin, F(mean[j] - sd[j]));
            ymax = Math.Max(ymax, F(mean[j] + sd[j]));
        }
        var axes = new XYAxes(96, 74, w - 96 - 30, h - 74 - 100, -0.5, d - 0.5, Math.Min(ymin, 0), Math.Max(ymax, 0), 0.03);

        // Blocks of one (pair, l): alternating shades under the grid, their label above the frame.
        var blocks = Blocks(featureNames);
        int pairs = blocks.Select(b => b.Pair).Distinct().Count();
        bool labelL = blocks.Count <= 40 && blocks.All(b => b.L.Length > 0);
        svg.BeginGroup("blocks");
        for (int b = 0; b < blocks.Count; b++)
        {
            var (pair, l, start, end) = blocks[b];
            double x0 = axes.X(start - 0.5), x1 = axes.X(end - 0.5);
            if (labelL && b % 2 == 1) svg.Rect(x0, axes.Top, x1 - x0, axes.Height, "#efefef");
            if (labelL && x1 - x0 >= 18) svg.Text((x0 + x1) / 2, axes.Top - 6, l, Svg.TickSize, "middle", fill: Svg.MutedInk);
            if (pairs > 1 && (b == 0 || blocks[b - 1].Pair != pair))
            {
                svg.Line(x0, axes.Top - 28, x0, axes.Bottom, Svg.MutedInk, 1);
                svg.Text(x0 + 4, axes.Top - 28, pair, Svg.TickSize, vertical: "top", bold: true);
            }
        }
        svg.EndGroup();

        var ticks = new List<double> { 0 };
        int stepDecades = top - bottom > 5 ? 2 : 1;
        for (int e = bottom; e <= top; e += stepDecades)
        {
            double v = Math.Pow(10, e);
            // Ticks too close to 0 on screen would print over it.
            if (axes.Y(0) - axes.Y(F(v)) < 14) continue;
            if (F(v) <= axes.YMax) ticks.Add(F(v));
            if (-F(v) >= axes.YMin) ticks.Add(-F(v));
        }
        static string Label(double v) => v == 0 ? "0" : v.ToString(Math.Abs(v) >= 1e-4 && Math.Abs(v) < 1e5 ? "0.####" : "0E+0", CultureInfo.InvariantCulture);
        axes.Draw(svg, "feature (storage order)", "power spectrum value (symmetric log)", yTickValues: ticks.Order().ToArray(),
            yLabel: t => Label(c * Math.Sinh(t)));
        svg.Line(axes.Left, axes.Y(0), axes.Right, axes.Y(0), "#999999", 1);

        var colour = options.Palette.ColourOf(0);
        var band = new PathData();
        for (int j = 0; j < d; j++)
        {
            double x = axes.X(j), y = axes.Y(F(mean[j] + sd[j]));
            if (j == 0) band.MoveTo(x, y); else band.LineTo(x, y);
        }
        for (int j = d - 1; j >= 0; j--) band.LineTo(axes.X(j), axes.Y(F(mean[j] - sd[j])));
        svg.Path(band.Close(), Colour.Parse(colour).Lighten(0.55).Hex, null, 1, 0.85);
        var xs = new double[d];
        var ys = new double[d];
        for (int j = 0; j < d; j++) { xs[j] = axes.X(j); ys[j] = axes.Y(F(mean[j])); }
        svg.Polyline(xs, ys, colour, d > 600 ? 1 : 1.5);
        svg.Note($"Line: mean; band: ± 1 standard deviation; axis linear within ± {Label(c)}, logarithmic beyond."
            + (labelL ? $" Shaded blocks: angular channels l{(pairs > 1 ? " of each species pair" : "")}." : ""), h - 30);
        if (note is not null) svg.Note(note, h - 12);
        return svg.ToString();
    }

    // (pair, "l=3", first feature, last feature + 1) of each contiguous run of one pair and l.
    private static List<(string Pair, string L, int Start, int End)> Blocks(IReadOnlyList<string> names)
    {
        var blocks = new List<(string, string, int, int)>();
        string? pair = null, l = null;
        int start = 0;
        for (int j = 0; j <= names.Count; j++)
        {
            string? p = null, ll = null;
            if (j < names.Count)
            {
                var parts = names[j].Split(' ');
                p = parts[0];
                ll = parts.Length > 1 && parts[1].StartsWith('l') ? "l=" + parts[1][1..] : "";
            }
            if (j == names.Count || p != pair || ll != l)
            {
                if (pair is not null) blocks.Add((pair, l!, start, j));
                pair = p;
                l = ll;
                start = j;
            }
        }
        return blocks;
    }
}
