using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// Points on a plane (e.g. the first two principal components) coloured by cluster. Up to
/// <see cref="ScatterOptions.MaxPoints"/> points are drawn one by one; more are drawn as density
/// cells on a grid, one layer per cluster (cell opacity ∝ log count), so a million points stay a
/// light, readable file. Either way large clusters are drawn first, so rare clusters stay on top,
/// and the figure states how the points were drawn.
/// </summary>
public static class ScatterPlot
{
    public static string Render(double[] x, double[] y, int[]? labels, IReadOnlyList<string> clusterNames, FigureOptions? options = null,
        ScatterOptions? scatter = null)
    {
        options ??= new FigureOptions();
        scatter ??= new ScatterOptions();
        if (x.Length != y.Length || (labels is not null && labels.Length != x.Length)) throw new ArgumentException("x, y and labels must have the same length.");
        var (w, h) = options.Size(860, 680);
        var svg = new Svg(w, h, options.Title ?? "Clusters on the principal-component plane",
            $"Scatter plot of {x.Length} points coloured by cluster.");
        svg.Heading();
        var axes = MakeAxes(x, y, w - 190, h);
        axes.Draw(svg, scatter.XLabel, scatter.YLabel);
        var colours = options.Palette.For(clusterNames);
        string note = DrawPoints(svg, axes, x, y, labels, colours, options.Palette.Noise, scatter);

        // Legend: clusters with their share of the points.
        var counts = new long[clusterNames.Count];
        long noise = 0;
        if (labels is not null)
            foreach (var l in labels) { if (l >= 0 && l < counts.Length) counts[l]++; else if (l == -1) noise++; }
        var entries = new List<(string, string)>();
        foreach (int c in Legend.Order(clusterNames)) entries.Add((colours[c], $"{clusterNames[c]}  ({ChordDiagram.Pct(counts[c], x.Length)})"));
        if (noise > 0) entries.Add((options.Palette.Noise, $"noise  ({ChordDiagram.Pct(noise, x.Length)})"));
        if (labels is not null) Legend.Draw(svg, axes.Right + 24, axes.Top, entries, scatter.LegendHeading);
        svg.Note(note, h - 12);
        return svg.ToString();
    }

    internal static XYAxes MakeAxes(double[] x, double[] y, double right, double h)
    {
        double xmin = double.PositiveInfinity, xmax = double.NegativeInfinity, ymin = double.PositiveInfinity, ymax = double.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            xmin = Math.Min(xmin, x[i]); xmax = Math.Max(xmax, x[i]);
            ymin = Math.Min(ymin, y[i]); ymax = Math.Max(ymax, y[i]);
        }
        return new XYAxes(90, 50, right - 90, h - 50 - 104, xmin, xmax, ymin, ymax);
    }

    /// <summary>Draws the points (or density cells) and returns the sentence that says how.</summary>
    internal static string DrawPoints(Svg svg, XYAxes axes, double[] x, double[] y, int[]? labels, string[] colours, string noiseColour,
        ScatterOptions scatter, double opacityScale = 1)
    {
        int n = x.Length;
        int k = colours.Length;
        // Layers: noise (index k) first, then clusters by decreasing size.
        var size = new long[k + 1];
        for (int i = 0; i < n; i++) size[Layer(labels, i, k)]++;
        var layers = Enumerable.Range(0, k).OrderByDescending(c => size[c]).ThenBy(c => c).Prepend(k).Where(c => size[c] > 0).ToArray();
        string Colour(int layer) => layer == k ? noiseColour : colours[layer];

        svg.BeginGroup("points");
        string note;
        if (n <= scatter.MaxPoints)
        {
            double r = n <= 2000 ? 3 : n <= 20000 ? 2 : 1.4;
            double op = (n <= 2000 ? 0.85 : 0.6) * opacityScale;
            foreach (var layer in layers)
            {
                svg.BeginGroup(opacity: op);
                for (int i = 0; i < n; i++)
                    if (Layer(labels, i, k) == layer && double.IsFinite(x[i]) && double.IsFinite(y[i]))
                        svg.Circle(axes.X(x[i]), axes.Y(y[i]), r, Colour(layer));
                svg.EndGroup();
            }
            note = $"{n.ToString("N0", CultureInfo.InvariantCulture)} points, every point drawn.";
        }
        else
        {
            int bx = Math.Max(10, scatter.Bins), by = Math.Max(10, (int)Math.Round(scatter.Bins * axes.Height / axes.Width));
            double cw = axes.Width / bx, ch = axes.Height / by;
            var grid = new int[bx * by];
            foreach (var layer in layers)
            {
                Array.Clear(grid);
                int max = 0;
                for (int i = 0; i < n; i++)
                {
                    if (Layer(labels, i, k) != layer || !double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
                    int gx = Math.Clamp((int)((axes.X(x[i]) - axes.Left) / cw), 0, bx - 1);
                    int gy = Math.Clamp((int)((axes.Y(y[i]) - axes.Top) / ch), 0, by - 1);
                    max = Math.Max(max, ++grid[gy * bx + gx]);
                }
                const int levels = 6;
                double logMax = Math.Log(1 + max);
                int Level(int c) => c == 0 ? 0 : 1 + Math.Min(levels - 1, (int)(levels * Math.Log(1 + c) / (logMax + 1e-12)));
                svg.BeginGroup();
                // Neighbouring cells of the same level merge into one rectangle to keep the file small.
                for (int gy = 0; gy < by; gy++)
                    for (int gx = 0; gx < bx;)
                    {
                        int lv = Level(grid[gy * bx + gx]);
                        int run = 1;
                        while (gx + run < bx && Level(grid[gy * bx + gx + run]) == lv) run++;
                        if (lv > 0)
                            svg.Rect(axes.Left + gx * cw, axes.Top + gy * ch, run * cw + 0.3, ch + 0.3, Colour(layer), opacity: opacityScale * (0.2 + 0.8 * lv / levels));
                        gx += run;
                    }
                svg.EndGroup();
            }
            note = $"{n.ToString("N0", CultureInfo.InvariantCulture)} points drawn as {bx}×{by} density cells per cluster (opacity ∝ log count, scaled per cluster); smaller clusters on top.";
        }
        svg.EndGroup();
        return note;
    }

    private static int Layer(int[]? labels, int i, int k) => labels is null ? 0 : labels[i] >= 0 && labels[i] < k ? labels[i] : k;
}

/// <summary>Options of the point figures.</summary>
public sealed record ScatterOptions
{
    /// <summary>Above this many points, density cells replace single points.</summary>
    public int MaxPoints { get; init; } = 20000;

    /// <summary>Density cells across the x axis.</summary>
    public int Bins { get; init; } = 160;

    public string XLabel { get; init; } = "PC1";
    public string YLabel { get; init; } = "PC2";

    /// <summary>Heading of the cluster legend.</summary>
    public string LegendHeading { get; init; } = "cluster";
}
