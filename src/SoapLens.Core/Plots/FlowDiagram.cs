using SoapLens.Dynamics;

namespace SoapLens.Plots;

/// <summary>
/// Flow chart of cluster populations between chosen frames (the paper's Fig. 4e, Sankey-like):
/// one column per frame with a bar per cluster of height ∝ its population, and bands from each
/// column to the next of width ∝ the atoms moving between the two clusters, in the colour of the
/// cluster they leave.
/// </summary>
public static class FlowDiagram
{
    public static string Render(PopulationFlow flow, FigureOptions? options = null, Func<int, string>? frameLabel = null)
    {
        options ??= new FigureOptions();
        int s = flow.Frames.Length, m = flow.Categories.Length;
        var (w, h) = options.Size(Math.Clamp(260 + 190 * s, 640, 1500), 600);
        var svg = new Svg(w, h, options.Title ?? "Cluster populations between frames",
            "Flow diagram: bars = cluster populations at each chosen frame, bands = atoms moving between clusters from one chosen frame to the next.");
        svg.Heading();
        frameLabel ??= f => $"frame {f}";
        string Colour(int c) => c >= flow.ClusterCount ? options.Palette.Noise : options.Palette.ColourOf(c, flow.Categories[c]);

        double longest = flow.Categories.Max(n => Legend.TextWidth(n, Svg.TickSize)) + 60;
        double left = Math.Max(30, longest + 8), right = w - Math.Max(30, longest + 8);
        double top = 60, bottom = h - 70;
        const double barW = 18;
        double gap = Math.Min(14, (bottom - top) * 0.3 / Math.Max(m - 1, 1));
        long maxTotal = 1;
        foreach (var p in flow.Populations) maxTotal = Math.Max(maxTotal, p.Sum());
        double scale = (bottom - top - gap * (m - 1)) / maxTotal;
        double colStep = s > 1 ? (right - left - barW) / (s - 1) : 0;

        var x = new double[s];
        var y0 = new double[s, m];
        for (int c = 0; c < s; c++)
        {
            x[c] = left + c * colStep;
            double y = top;
            for (int k = 0; k < m; k++)
            {
                y0[c, k] = y;
                y += flow.Populations[c][k] * scale + (flow.Populations[c][k] > 0 ? gap : 0);
            }
        }

        svg.BeginGroup("bands");
        for (int c = 0; c + 1 < s; c++)
        {
            var outOffset = new double[m];
            var inOffset = new double[m];
            var f = flow.Flows[c];
            for (int a = 0; a < m; a++)
                for (int b = 0; b < m; b++)
                {
                    long n = f[a, b];
                    if (n == 0) continue;
                    double th = n * scale;
                    double ya = y0[c, a] + outOffset[a], yb = y0[c + 1, b] + inOffset[b];
                    outOffset[a] += th;
                    inOffset[b] += th;
                    double xa = x[c] + barW, xb = x[c + 1], mid = (xa + xb) / 2;
                    var d = new PathData().MoveTo(xa, ya).CubicTo(mid, ya, mid, yb, xb, yb).LineTo(xb, yb + th)
                        .CubicTo(mid, yb + th, mid, ya + th, xa, ya + th).Close();
                    svg.Path(d, Colour(a), null, 1, a == b ? 0.35 : 0.6,
                        $"{flow.Categories[a]} → {flow.Categories[b]}: {ChordDiagram.Count(n)} atoms ({frameLabel(flow.Frames[c])} → {frameLabel(flow.Frames[c + 1])})");
                }
        }
        svg.EndGroup();

        svg.BeginGroup("bars");
        for (int c = 0; c < s; c++)
        {
            long total = flow.Populations[c].Sum();
            for (int k = 0; k < m; k++)
            {
                long n = flow.Populations[c][k];
                if (n == 0) continue;
                double hh = n * scale;
                svg.Rect(x[c], y0[c, k], barW, hh, Colour(k), "#ffffff", 0.5,
                    tooltip: $"{flow.Categories[k]} at {frameLabel(flow.Frames[c])}: {ChordDiagram.Count(n)} atoms");
                bool first = c == 0, last = c == s - 1;
                if ((first || last) && hh >= 11)
                {
                    string label = $"{flow.Categories[k]} {ChordDiagram.Pct(n, total)}";
                    if (first) svg.Text(x[c] - 6, y0[c, k] + hh / 2, label, Svg.TickSize, "end", "middle");
                    else svg.Text(x[c] + barW + 6, y0[c, k] + hh / 2, label, Svg.TickSize, "start", "middle");
                }
            }
            svg.Text(x[c] + barW / 2, bottom + 18, frameLabel(flow.Frames[c]), Svg.LabelSize, "middle", "top", bold: true);
        }
        svg.EndGroup();
        svg.Note("Bars: cluster populations at each frame; bands: atoms going from one cluster to another between consecutive chosen frames.", h - 12);
        return svg.ToString();
    }
}
