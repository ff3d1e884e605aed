using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// One atom's trajectory on a plane (the paper's Fig. 2c): the path from frame to frame coloured
/// by time (viridis, dark blue → yellow) over the cloud of all points (grey, or faintly coloured by
/// cluster), with start and end marked and a colour bar for time.
/// </summary>
public static class AtomPathPlot
{
    /// <param name="pathX">The atom's coordinates, one per frame, in time order.</param>
    /// <param name="times">The frame (or time) of each path point, ascending.</param>
    /// <param name="backgroundX">All points (may be empty).</param>
    /// <param name="backgroundLabels">Cluster of each background point, or null for grey.</param>
    public static string Render(double[] pathX, double[] pathY, double[] times, double[] backgroundX, double[] backgroundY,
        int[]? backgroundLabels, IReadOnlyList<string> clusterNames, string atomLabel, FigureOptions? options = null, ScatterOptions? scatter = null,
        string timeLabel = "frame", string? chosen = null)
    {
        options ??= new FigureOptions();
        scatter ??= new ScatterOptions();
        if (pathX.Length != pathY.Length || times.Length != pathX.Length) throw new ArgumentException("The path needs x, y and a time per point.");
        if (backgroundX.Length != backgroundY.Length) throw new ArgumentException("The background needs x and y per point.");
        var (w, h) = options.Size(860, 680);
        var svg = new Svg(w, h, options.Title ?? $"Path of {atomLabel}",
            $"Trajectory of {atomLabel} on the plane, coloured by {timeLabel} (dark blue = start, yellow = end), over all points.");
        svg.Heading();
        var all = (X: backgroundX.Concat(pathX).ToArray(), Y: backgroundY.Concat(pathY).ToArray());
        var axes = ScatterPlot.MakeAxes(all.X, all.Y, w - 190, h);
        axes.Draw(svg, scatter.XLabel, scatter.YLabel);

        string note = "";
        string[] bgColours;
        if (backgroundX.Length > 0)
        {
            bgColours = backgroundLabels is null ? ["#c4c4c4"] : options.Palette.For(clusterNames);
            note = "Background: " + ScatterPlot.DrawPoints(svg, axes, backgroundX, backgroundY, backgroundLabels, bgColours, "#d0d0d0", scatter,
                backgroundLabels is null ? 0.6 : 0.35);
        }

        int n = pathX.Length;
        double t0 = n > 0 ? times[0] : 0, t1 = n > 0 ? times[^1] : 1;
        double T(double t) => t1 > t0 ? (t - t0) / (t1 - t0) : 0;
        svg.BeginGroup("path");
        for (int i = 0; i + 1 < n; i++)
            svg.Line(axes.X(pathX[i]), axes.Y(pathY[i]), axes.X(pathX[i + 1]), axes.Y(pathY[i + 1]),
                Colormaps.Viridis(T(0.5 * (times[i] + times[i + 1]))).Hex, 2.2);
        for (int i = 0; i < n; i++)
            svg.Circle(axes.X(pathX[i]), axes.Y(pathY[i]), 2.6, Colormaps.Viridis(T(times[i])).Hex, "#ffffff", 0.6,
                tooltip: $"{timeLabel} {times[i].ToString("G6", CultureInfo.InvariantCulture)}");
        if (n > 0)
        {
            double sx = axes.X(pathX[0]), sy = axes.Y(pathY[0]), ex = axes.X(pathX[^1]), ey = axes.Y(pathY[^1]);
            svg.Circle(sx, sy, 7, null, Svg.Ink, 2);
            svg.Rect(ex - 6, ey - 6, 12, 12, null, Svg.Ink, 2);
            // Labels on the sides facing away from each other, so a path that returns home keeps both readable.
            bool startLeft = sx < ex || (sx == ex && sy > ey);
            bool startBelow = sy >= ey;
            svg.Text(sx + (startLeft ? -11 : 11), sy + (startBelow ? 18 : -9), "start", Svg.TickSize, startLeft ? "end" : "start", bold: true);
            svg.Text(ex + (startLeft ? 11 : -11), ey + (startBelow ? -9 : 18), "end", Svg.TickSize, startLeft ? "start" : "end", bold: true);
        }
        svg.EndGroup();

        // Time colour bar.
        double bx = axes.Right + 30, btop = axes.Top + 10, bh = Math.Min(260, axes.Height - 120);
        svg.BeginGroup("colourbar");
        svg.Text(bx, btop - 2, timeLabel, Svg.TickSize, bold: true);
        const int steps = 40;
        for (int s = 0; s < steps; s++)
            svg.Rect(bx, btop + 8 + s * bh / steps, 16, bh / steps + 0.5, Colormaps.Viridis(1 - (s + 0.5) / steps).Hex);
        svg.Rect(bx, btop + 8, 16, bh, null, "#888888");
        svg.Text(bx + 22, btop + 8, t1.ToString("G6", CultureInfo.InvariantCulture), Svg.TickSize, vertical: "middle");
        svg.Text(bx + 22, btop + 8 + bh, t0.ToString("G6", CultureInfo.InvariantCulture), Svg.TickSize, vertical: "middle");
        svg.EndGroup();
        if (backgroundLabels is not null)
            Legend.Draw(svg, bx, btop + bh + 40, Legend.Order(clusterNames).Select(i => (options.Palette.ColourOf(i, clusterNames[i]), clusterNames[i])).ToList(), scatter.LegendHeading);
        if (chosen is not null) svg.Note($"Chosen automatically: {chosen}.", h - 30);
        svg.Note($"{n} positions of {atomLabel}. {note}", h - 12);
        return svg.ToString();
    }
}
