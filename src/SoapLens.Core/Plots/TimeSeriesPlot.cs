using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// Many time series (e.g. the LENS signal of every atom) coloured by class along time: each series
/// is split into runs of one class, each run drawn in that class's colour. At most
/// <c>maxSeries</c> series are drawn (evenly spaced in the input order, stated on the figure);
/// optional horizontal lines mark class thresholds.
/// </summary>
public static class TimeSeriesPlot
{
    /// <param name="time">The T time points.</param>
    /// <param name="values">S × T values, series-major.</param>
    /// <param name="labels">S × T classes (−1 noise), or null for a single colour.</param>
    public static string Render(double[] time, double[] values, int[]? labels, IReadOnlyList<string> classNames, FigureOptions? options = null,
        string xLabel = "frame", string yLabel = "LENS", double[]? thresholds = null, int maxSeries = 300)
    {
        options ??= new FigureOptions();
        int t = time.Length;
        if (t == 0 || values.Length % t != 0) throw new ArgumentException("The values must be series × time points.");
        if (labels is not null && labels.Length != values.Length) throw new ArgumentException("One class per value is needed.");
        int s = values.Length / t;
        var (w, h) = options.Size(960, 600);
        var svg = new Svg(w, h, options.Title ?? $"{yLabel} time series by class",
            $"{s} time series of {t} points, coloured by class along time.");
        svg.Heading();
        double ymin = double.PositiveInfinity, ymax = double.NegativeInfinity;
        foreach (var v in values) if (double.IsFinite(v)) { ymin = Math.Min(ymin, v); ymax = Math.Max(ymax, v); }
        var axes = new XYAxes(90, 50, w - 90 - (labels is null ? 30 : 170), h - 50 - 90, time.Min(), time.Max(), ymin, ymax, 0.02);
        axes.Draw(svg, xLabel, yLabel);
        var colours = options.Palette.For(classNames);

        int shown = Math.Min(s, Math.Max(1, maxSeries));
        double width = shown > 100 ? 0.7 : 1.2, opacity = shown > 100 ? 0.35 : 0.6;
        var picked = new int[shown];
        for (int q = 0; q < shown; q++) picked[q] = shown == s ? q : (int)((long)q * s / shown);

        // Runs of one class: (series, first point, last point + 1), gathered per class so that the
        // classes can be layered: the most common first, rare ones on top and more opaque.
        var runs = new List<(int Series, int Start, int End)>[colours.Length + 1];
        for (int c = 0; c < runs.Length; c++) runs[c] = [];
        var share = new long[runs.Length];
        foreach (var series in picked)
        {
            int off = series * t;
            for (int start = 0; start < t;)
            {
                int c = labels?[off + start] ?? 0;
                int end = start + 1;
                while (end < t && (labels?[off + end] ?? 0) == c) end++;
                int layer = c >= 0 && c < colours.Length ? c : colours.Length;
                runs[layer].Add((series, start, end));
                share[layer] += end - start;
                start = end;
            }
        }
        long totalPoints = Math.Max(1, share.Sum());
        var px = new double[t];
        var py = new double[t];
        svg.BeginGroup("series");
        foreach (var layer in Enumerable.Range(0, runs.Length).OrderByDescending(c => share[c]).ThenBy(c => c))
        {
            if (runs[layer].Count == 0) continue;
            bool rare = share[layer] < 0.05 * totalPoints;
            svg.BeginGroup(opacity: rare ? Math.Max(opacity, 0.85) : opacity);
            string colour = layer < colours.Length ? colours[layer] : options.Palette.Noise;
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
                if (len >= 2) svg.Polyline(px.AsSpan(0, len), py.AsSpan(0, len), colour, rare ? 1.1 : width);
                else if (len == 1) svg.Circle(px[0], py[0], 1.2, colour);
            }
            svg.EndGroup();
        }
        svg.EndGroup();
        if (thresholds is not null)
            foreach (var th in thresholds)
            {
                if (th < axes.YMin || th > axes.YMax) continue;
                svg.Line(axes.Left, axes.Y(th), axes.Right, axes.Y(th), Svg.Ink, 1.2, "6 4");
                svg.Text(axes.Right - 4, axes.Y(th) - 4, th.ToString("G4", CultureInfo.InvariantCulture), Svg.TickSize, "end");
            }
        if (labels is not null)
        {
            var count = new long[colours.Length];
            foreach (var l in labels) if (l >= 0 && l < count.Length) count[l]++;
            Legend.Draw(svg, axes.Right + 20, axes.Top, classNames.Select((n, i) => (colours[i], $"{n}  ({ChordDiagram.Pct(count[i], labels.Length)})")).ToList(), "class", line: true);
        }
        svg.Note(shown == s ? $"{s} series, all drawn." : $"{shown} of {s} series drawn (evenly spaced in the input order); rare classes on top.", h - 12);
        return svg.ToString();
    }
}
