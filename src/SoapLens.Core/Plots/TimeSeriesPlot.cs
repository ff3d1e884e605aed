using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// Many time series (e.g. the LENS signal of every atom, the paper's "LENS time-series and
/// classification" panels) coloured by class along time: each series is split into runs of one
/// class, each run drawn in that class's colour. Next to it, sharing the value axis, the
/// distribution of every value stacked by class, which is where classes and thresholds are read.
/// At most <c>maxSeries</c> series are drawn (evenly spaced in the input order, stated on the
/// figure); the distribution always counts all of them.
/// </summary>
public static class TimeSeriesPlot
{
    // Polyline vertices drawn at most: keeps a long trajectory's figure a few MB at worst.
    private const long MaxVertices = 80_000;

    /// <param name="time">The T time points.</param>
    /// <param name="values">S × T values, series-major (NaN = no value).</param>
    /// <param name="labels">S × T classes (−1 noise, other negatives: unlabelled), or null for a single colour.</param>
    public static string Render(double[] time, double[] values, int[]? labels, IReadOnlyList<string> classNames, FigureOptions? options = null,
        string xLabel = "frame", string yLabel = "LENS", double[]? thresholds = null, int maxSeries = 300, string legendHeading = "class",
        string? note = null)
    {
        options ??= new FigureOptions();
        int t = time.Length;
        if (t == 0 || values.Length % t != 0) throw new ArgumentException("The values must be series × time points.");
        if (labels is not null && labels.Length != values.Length) throw new ArgumentException("One class per value is needed.");
        int s = values.Length / t;
        int k = labels is null ? 1 : classNames.Count;
        var colours = labels is null ? [options.Palette.ColourOf(0)] : options.Palette.For(classNames);

        // Per class (last slot: noise/unlabelled): value count, sum, and the layer order.
        var count = new long[k + 1];
        var sum = new double[k + 1];
        double ymin = double.PositiveInfinity, ymax = double.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v)) continue;
            ymin = Math.Min(ymin, v); ymax = Math.Max(ymax, v);
            int c = Class(labels, i, k);
            count[c]++;
            sum[c] += v;
        }
        if (thresholds is not null)
            foreach (var th in thresholds) if (double.IsFinite(th)) { ymin = Math.Min(ymin, th); ymax = Math.Max(ymax, th); }
        long total = Math.Max(1, count.Sum());

        var (w, h) = options.Size(1020, 620);
        var svg = new Svg(w, h, options.Title ?? $"{yLabel} time series by class",
            $"{s} time series of {t} points, coloured by class along time, with the distribution of all values by class.");
        svg.Heading();
        double legendWidth = labels is null ? 20 : Math.Clamp(
            Enumerable.Range(0, k).Max(c => Legend.TextWidth(LegendText(classNames[c], count[c], sum[c], total), Svg.TickSize)) + 40, 150, 300);
        const double histWidth = 130, histGap = 16;
        var axes = new XYAxes(90, 50, w - 90 - histGap - histWidth - legendWidth - 10, h - 50 - 110, time.Min(), time.Max(), ymin, ymax, 0.02);
        axes.Draw(svg, xLabel, yLabel);

        int shown = Math.Clamp(maxSeries, 1, s);
        shown = (int)Math.Max(1, Math.Min(shown, MaxVertices / t));
        shown = Math.Min(shown, s);
        double width = shown > 100 ? 0.8 : 1.3, opacity = shown > 100 ? 0.5 : 0.7;
        var picked = new int[shown];
        for (int q = 0; q < shown; q++) picked[q] = shown == s ? q : (int)((long)q * s / shown);

        // Runs of one class: (series, first point, last point + 1), gathered per class so that the
        // classes can be layered: the most common first, rare ones on top and more opaque.
        var runs = new List<(int Series, int Start, int End)>[k + 1];
        for (int c = 0; c < runs.Length; c++) runs[c] = [];
        foreach (var series in picked)
        {
            int off = series * t;
            for (int start = 0; start < t;)
            {
                int c = Class(labels, off + start, k);
                int end = start + 1;
                while (end < t && Class(labels, off + end, k) == c) end++;
                runs[c].Add((series, start, end));
                start = end;
            }
        }
        var px = new double[t];
        var py = new double[t];
        svg.BeginGroup("series");
        foreach (var layer in Enumerable.Range(0, k + 1).OrderBy(c => c == k ? 0 : 1).ThenByDescending(c => count[c]).ThenBy(c => c))
        {
            if (runs[layer].Count == 0) continue;
            bool rare = count[layer] < 0.05 * total;
            // One path per class: every run is a subpath, so thousands of runs cost no element each.
            var d = new PathData();
            string colour = layer < k ? colours[layer] : options.Palette.Noise;
            // Opacity on the elements, not on a group: Chromium composites a group holding one huge path
            // tile by tile and draws its right part paler.
            double alpha = rare && layer < k ? Math.Max(opacity, 0.85) : opacity;
            svg.BeginGroup();
            foreach (var (series, start, end) in runs[layer])
            {
                int off = series * t;
                // Each run reaches the next point, so a series stays continuous across class changes.
                int stop = Math.Min(end + 1, t), len = 0;
                for (int i = start; i < stop; i++)
                {
                    if (!double.IsFinite(values[off + i])) continue;
                    px[len] = axes.X(time[i]);
                    py[len] = axes.Y(values[off + i]);
                    len++;
                }
                if (len >= 2) d.Polyline(px.AsSpan(0, len), py.AsSpan(0, len));
                else if (len == 1) svg.Circle(px[0], py[0], 1.2, colour, opacity: alpha);
            }
            if (!d.IsEmpty) svg.Path(d, null, colour, rare && layer < k ? 1.2 : width, alpha);
            svg.EndGroup();
        }
        svg.EndGroup();

        // Distribution of all values (every series), stacked by class, on the same value axis.
        double hx = axes.Right + histGap;
        DrawDistribution(svg, axes, hx, histWidth, values, labels, k, colours, options.Palette.Noise);

        if (thresholds is not null)
            foreach (var th in thresholds)
            {
                if (!double.IsFinite(th) || th < axes.YMin || th > axes.YMax) continue;
                double y = axes.Y(th);
                svg.Line(axes.Left, y, hx + histWidth, y, Svg.Ink, 1.3, "6 4");
                // Inside the time panel, on a white chip, so neither lines nor bars hide it.
                string label = th.ToString("G4", CultureInfo.InvariantCulture);
                svg.Rect(axes.Left + 3, y - 17, Legend.TextWidth(label, Svg.TickSize) + 8, 15, "#ffffff", opacity: 0.85);
                svg.Text(axes.Left + 7, y - 5, label, Svg.TickSize, bold: true);
            }
        if (labels is not null)
        {
            var entries = new List<(string, string)>();
            foreach (int c in Legend.Order(classNames)) entries.Add((colours[c], LegendText(classNames[c], count[c], sum[c], total)));
            if (count[k] > 0) entries.Add((options.Palette.Noise, $"noise / unlabelled  ({ChordDiagram.Pct(count[k], total)})"));
            Legend.Draw(svg, hx + histWidth + 24, axes.Top, entries, legendHeading, line: true);
        }
        string drawn = shown == s ? $"{s} series, all drawn." : $"{shown} of {s} series drawn (evenly spaced in the input order); the distribution counts all {s}.";
        svg.Note(drawn + (labels is null ? "" : " Rare classes drawn on top."), h - 30);
        if (!string.IsNullOrEmpty(note)) svg.Note(note, h - 12);
        return svg.ToString();
    }

    private static string LegendText(string name, long n, double sum, long total) =>
        n == 0 ? $"{name}  (0%)" : $"{name}  (mean {(sum / n).ToString("G3", CultureInfo.InvariantCulture)}, {ChordDiagram.Pct(n, total)})";

    private static int Class(int[]? labels, int i, int k) => labels is null ? 0 : labels[i] >= 0 && labels[i] < k ? labels[i] : k;

    private static void DrawDistribution(Svg svg, XYAxes axes, double x0, double width, double[] values, int[]? labels, int k, string[] colours, string noise)
    {
        const int bins = 48;
        var counts = new long[bins, k + 1];
        double span = axes.YMax - axes.YMin;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v)) continue;
            int b = Math.Clamp((int)((v - axes.YMin) / span * bins), 0, bins - 1);
            counts[b, Class(labels, i, k)]++;
        }
        // Bar length ∝ √count, so the tail of rare, high values stays visible next to the bulk.
        long max = 1;
        var rowTotal = new long[bins];
        for (int b = 0; b < bins; b++)
        {
            for (int c = 0; c <= k; c++) rowTotal[b] += counts[b, c];
            max = Math.Max(max, rowTotal[b]);
        }
        svg.BeginGroup("distribution");
        svg.Rect(x0, axes.Top, width, axes.Height, null, "#888888", 1);
        double bh = axes.Height / bins;
        for (int b = 0; b < bins; b++)
        {
            double x = x0, y = axes.Bottom - (b + 1) * bh;
            double scale = rowTotal[b] == 0 ? 0 : width * Math.Sqrt((double)rowTotal[b] / max) / rowTotal[b];
            for (int c = 0; c <= k; c++)
            {
                long n = counts[b, c];
                if (n == 0) continue;
                double len = n * scale;
                svg.Rect(x, y, len, bh + 0.3, c < k ? colours[c] : noise, opacity: 0.85);
                x += len;
            }
        }
        svg.Text(x0 + width / 2, axes.Bottom + 8, "distribution", Svg.TickSize, "middle", "top");
        svg.Text(x0 + width / 2, axes.Bottom + 24, "(all values, √count)", Svg.TickSize, "middle", "top", Svg.MutedInk);
        svg.EndGroup();
    }
}
