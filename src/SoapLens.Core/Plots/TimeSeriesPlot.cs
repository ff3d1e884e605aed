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
        string Colour(int c) => c >= 0 && c < colours.Length ? colours[c] : options.Palette.Noise;

        int shown = Math.Min(s, Math.Max(1, maxSeries));
        double width = shown > 100 ? 0.7 : 1.2, opacity = shown > 100 ? 0.35 : 0.6;
        var px = new double[t];
        var py = new double[t];
        svg.BeginGroup("series", opacity);
        for (int q = 0; q < shown; q++)
        {
            int series = shown == s ? q : (int)((long)q * s / shown);
            int off = series * t;
            int start = 0;
            while (start < t)
            {
                int c = labels?[off + start] ?? 0;
                int end = start + 1;
                while (end < t && (labels?[off + end] ?? 0) == c) end++;
                // Each run reaches the next point, so a series stays continuous across class changes.
                int stop = Math.Min(end + 1, t);
                int len = 0;
                for (int i = start; i < stop; i++)
                {
                    if (!double.IsFinite(values[off + i])) continue;
                    px[len] = axes.X(time[i]);
                    py[len] = axes.Y(values[off + i]);
                    len++;
                }
                if (len >= 2) svg.Polyline(px.AsSpan(0, len), py.AsSpan(0, len), Colour(c), width);
                else if (len == 1) svg.Circle(px[0], py[0], width, Colour(c));
                start = end;
            }
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
        svg.Note(shown == s ? $"{s} series, all drawn." : $"{shown} of {s} series drawn (every {(double)s / shown:0.#}th, evenly spaced).", h - 12);
        return svg.ToString();
    }
}
