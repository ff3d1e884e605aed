using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// Chord diagram of transition fluxes (the paper's chord diagrams): each cluster is an arc whose
/// length is proportional to its row sum of counts (all transitions leaving it, self-transitions
/// included). The ribbon between clusters a and b leaves arc a with a width ∝ Counts[a, b] and
/// reaches arc b with a width ∝ Counts[b, a]; it takes the colour of the cluster that sends more
/// (the dominant direction). Self-transitions, when shown, are loops back onto their own arc;
/// otherwise that part of the arc is left without a ribbon.
/// </summary>
public static class ChordDiagram
{
    public static string Render(long[,] counts, IReadOnlyList<string> names, FigureOptions? options = null, bool includeSelf = false)
    {
        options ??= new FigureOptions();
        int k = counts.GetLength(0);
        if (counts.GetLength(1) != k || names.Count != k) throw new ArgumentException("The counts must be square with one name per cluster.");
        var (w, h) = options.Size(760, 780);
        var svg = new Svg(w, h, options.Title ?? "Transition fluxes between clusters",
            "Chord diagram: arc length ∝ transitions leaving each cluster (self included); ribbon ends ∝ counts in each direction; ribbon colour = dominant direction.");
        svg.Heading();
        var colours = options.Palette.For(names);

        var rowSum = new double[k];
        double total = 0;
        for (int a = 0; a < k; a++)
        {
            for (int b = 0; b < k; b++) rowSum[a] += counts[a, b];
            total += rowSum[a];
        }
        double cx = w / 2, cy = 46 + (h - 46 - 56) / 2;
        // Room for the labels "name (share)" beside the circle (bold text is wider than the plain estimate) and ~40 px above and below.
        double labelWidth = k == 0 ? 0 : 1.1 * Enumerable.Range(0, k).Max(a => Legend.TextWidth($"{names[a]} ({Pct(rowSum[a], total)})", Svg.LabelSize));
        double radius = Math.Min(w / 2 - 30 - labelWidth, (h - 102) / 2 - 40);
        double ring = Math.Max(10, radius * 0.07);
        double inner = radius - ring - 3;
        if (total <= 0 || radius <= 20)
        {
            svg.Text(cx, cy, "no transitions to draw", Svg.LabelSize, "middle", "middle", Svg.MutedInk);
            return svg.ToString();
        }
        int drawn = rowSum.Count(s => s > 0);
        double gap = Math.Min(2.5 * Math.PI / 180, 0.25 * 2 * Math.PI / Math.Max(drawn, 1));
        double scale = (2 * Math.PI - gap * drawn) / total;

        // Arc spans and, inside each arc, one slot per destination: self first, then the other
        // clusters counter-clockwise from the previous one, so that ribbons to neighbours stay short.
        var arcStart = new double[k];
        var slot = new (double Start, double End)[k, k];
        double angle = -Math.PI / 2 + gap / 2;
        for (int a = 0; a < k; a++)
        {
            arcStart[a] = angle;
            if (rowSum[a] <= 0)
            {
                // A cluster that only receives has no arc; its ribbons end in a point here.
                for (int b = 0; b < k; b++) slot[a, b] = (angle, angle);
                continue;
            }
            double s = angle;
            for (int step = 0; step < k; step++)
            {
                int b = (a - step + k) % k;
                double span = counts[a, b] * scale;
                slot[a, b] = (s, s + span);
                s += span;
            }
            angle = s + gap;
        }

        // Self-loops first, so the ribbons between clusters stay visible on top of them.
        svg.BeginGroup("ribbons");
        if (includeSelf)
            for (int a = 0; a < k; a++)
            {
                long aa = counts[a, a];
                if (aa == 0) continue;
                var (s0, s1) = slot[a, a];
                svg.Path(Ribbon(cx, cy, inner, s0, s1, s1, s1), colours[a], colours[a], 0.5, 0.45,
                    $"{names[a]} → {names[a]}: {Count(aa)} ({Pct(aa, rowSum[a])} of its transitions)");
            }
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++)
            {
                long ab = counts[a, b], ba = counts[b, a];
                if (ab == 0 && ba == 0) continue;
                int dominant = ab >= ba ? a : b;
                var (as0, as1) = slot[a, b];
                var (bs0, bs1) = slot[b, a];
                svg.Path(Ribbon(cx, cy, inner, as0, as1, bs0, bs1), colours[dominant], colours[dominant], 0.5, 0.75,
                    $"{names[a]} → {names[b]}: {Count(ab)};  {names[b]} → {names[a]}: {Count(ba)}");
            }
        svg.EndGroup();

        svg.BeginGroup("arcs");
        for (int a = 0; a < k; a++)
        {
            if (rowSum[a] <= 0) continue;
            double s0 = arcStart[a], s1 = arcStart[a] + rowSum[a] * scale;
            var d = new PathData()
                .MoveTo(cx + radius * Math.Cos(s0), cy + radius * Math.Sin(s0))
                .ArcTo(radius, s1 - s0 > Math.PI, true, cx + radius * Math.Cos(s1), cy + radius * Math.Sin(s1))
                .LineTo(cx + (radius - ring) * Math.Cos(s1), cy + (radius - ring) * Math.Sin(s1))
                .ArcTo(radius - ring, s1 - s0 > Math.PI, false, cx + (radius - ring) * Math.Cos(s0), cy + (radius - ring) * Math.Sin(s0))
                .Close();
            svg.Path(d, colours[a], "#ffffff", 1, 1,
                $"{names[a]}: {Count((long)rowSum[a])} transitions ({Pct(rowSum[a], total)}), {Count(counts[a, a])} stay");
            double mid = (s0 + s1) / 2, lr = radius + 14;
            double lx = cx + lr * Math.Cos(mid), ly = cy + lr * Math.Sin(mid);
            string anchor = Math.Abs(Math.Cos(mid)) < 0.2 ? "middle" : Math.Cos(mid) > 0 ? "start" : "end";
            string vertical = Math.Sin(mid) < -0.8 ? "baseline" : Math.Sin(mid) > 0.8 ? "top" : "middle";
            if (s1 - s0 > 0.015 || k <= 12)
                svg.Text(lx, ly, $"{names[a]} ({Pct(rowSum[a], total)})", Svg.LabelSize, anchor, vertical, bold: true);
        }
        svg.EndGroup();

        svg.Note(includeSelf
            ? "Arc ∝ transitions leaving a cluster; ribbon ends ∝ counts each way (loops: staying); colour: dominant direction."
            : "Arc ∝ transitions leaving a cluster (staying included, not drawn); ribbon ends ∝ counts each way; colour: dominant direction.",
            h - 30);
        svg.Note($"{Count((long)total)} transitions in all.", h - 12);
        return svg.ToString();
    }

    // Ribbon from the arc (s0..s1) to the arc (t0..t1) on the circle of radius r, through the centre.
    private static PathData Ribbon(double cx, double cy, double r, double s0, double s1, double t0, double t1)
    {
        (double, double) P(double a) => (cx + r * Math.Cos(a), cy + r * Math.Sin(a));
        var (ax, ay) = P(s0);
        var (bx, by) = P(s1);
        var (tx0, ty0) = P(t0);
        var (tx1, ty1) = P(t1);
        var d = new PathData().MoveTo(ax, ay);
        if (s1 > s0) d.ArcTo(r, s1 - s0 > Math.PI, true, bx, by);
        d.QuadTo(cx, cy, tx0, ty0);
        if (t1 > t0) d.ArcTo(r, t1 - t0 > Math.PI, true, tx1, ty1);
        d.QuadTo(cx, cy, ax, ay);
        return d.Close();
    }

    internal static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture).Replace(",", "\u2009");

    internal static string Pct(double part, double whole)
    {
        if (whole <= 0) return "0%";
        double p = 100 * part / whole;
        return p == 0 ? "0%" : p < 0.1 ? "<0.1%" : p.ToString(p < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%";
    }
}
