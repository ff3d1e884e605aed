using System.Globalization;

namespace SoapLens.Plots;

/// <summary>
/// Transition-probability matrix as a heat map with the values written in the cells (percent, as
/// the paper prints them). Rows are "from" (time t), columns "to" (t + lag). The colour follows
/// log10 of the probability, so that rare transitions (0.1 %) and common ones (6 %) are told apart
/// next to a ~95 % diagonal; zero is white. Cluster colours mark the row and column headers.
/// </summary>
public static class Heatmap
{
    public static string Render(double[,] probabilities, IReadOnlyList<string> names, FigureOptions? options = null, int lag = 1)
    {
        options ??= new FigureOptions();
        int k = probabilities.GetLength(0);
        if (probabilities.GetLength(1) != k || names.Count != k) throw new ArgumentException("The matrix must be square with one name per cluster.");
        double longest = names.Count == 0 ? 1 : names.Max(n => Legend.TextWidth(n, Svg.LabelSize));
        double labelRoom = Math.Clamp(longest + 30, 50, 220);
        var (w, h) = options.Size(Math.Clamp(210 + labelRoom + 64 * k, 420, 1400), Math.Clamp(190 + labelRoom + 64 * k, 420, 1400));
        var svg = new Svg(w, h, options.Title ?? $"Transition probabilities (%, lag {lag})",
            "Heat map of the row-normalised transition matrix: row = cluster at time t, column = cluster at t + lag, values in percent.");
        svg.Heading();
        var colours = options.Palette.For(names);

        double left = 60 + labelRoom, top = 60 + labelRoom;
        double cell = Math.Max(8, Math.Min((w - left - 120) / Math.Max(k, 1), (h - top - 50) / Math.Max(k, 1)));
        double font = Math.Clamp(cell / 3.6, 8, 15);

        // Log colour scale from the smallest non-zero entry (at least 0.01 %) to 100 %.
        double minPositive = 1;
        foreach (var p in probabilities) if (p > 0 && p < minPositive) minPositive = p;
        double logMin = Math.Log10(Math.Max(Math.Min(minPositive, 0.01), 1e-4)), logMax = 0;
        double Shade(double p) => p <= 0 ? 0 : 0.08 + 0.92 * (Math.Log10(p) - logMin) / (logMax - logMin);

        svg.BeginGroup("cells");
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double p = probabilities[a, b];
                var c = p <= 0 ? new Colour(255, 255, 255) : Colormaps.Blues(Shade(p));
                double x = left + b * cell, y = top + a * cell;
                svg.Rect(x, y, cell, cell, c.Hex, "#d0d0d0", 0.5, tooltip: $"{names[a]} → {names[b]}: {Format(100 * p)} %");
                // Exact zeros in light grey: the few transitions that happen stand out from the empty cells.
                if (cell >= 22)
                    svg.Text(x + cell / 2, y + cell / 2, Format(100 * p), font, "middle", "middle", p == 0 ? "#b4b4b4" : c.TextOn, bold: a == b);
            }
        svg.EndGroup();

        // Row and column headers with the cluster colours.
        svg.BeginGroup("headers");
        bool rotated = longest > cell - 6;
        double colTitleY = rotated ? top - 30 - Math.Min(longest * 0.87, labelRoom) : top - 44;
        double rowTitleX = left - 30 - longest;
        for (int i = 0; i < k; i++)
        {
            svg.Rect(left - 14, top + i * cell + 2, 10, cell - 4, colours[i]);
            svg.Text(left - 20, top + i * cell + cell / 2, names[i], Svg.LabelSize, "end", "middle");
            svg.Rect(left + i * cell + 2, top - 14, cell - 4, 10, colours[i]);
            double tx = left + i * cell + cell / 2;
            if (!rotated) svg.Text(tx, top - 20, names[i], Svg.LabelSize, "middle");
            else svg.Text(tx, top - 20, names[i], Svg.LabelSize, "start", "middle", rotate: -60);
        }
        svg.Text(left + k * cell / 2, colTitleY, "to (t + lag)", Svg.LabelSize, "middle", bold: true);
        svg.Text(rowTitleX, top + k * cell / 2, "from (t)", Svg.LabelSize, "middle", rotate: -90, bold: true);
        svg.EndGroup();

        // Colour bar.
        double barX = left + k * cell + 30, barTop = top, barH = Math.Max(k * cell, 120);
        svg.BeginGroup("colourbar");
        const int steps = 40;
        for (int s = 0; s < steps; s++)
        {
            double t0 = 1 - (s + 1.0) / steps;
            svg.Rect(barX, barTop + s * barH / steps, 16, barH / steps + 0.5, Colormaps.Blues(0.08 + 0.92 * (t0 + 0.5 / steps)).Hex);
        }
        svg.Rect(barX, barTop, 16, barH, null, "#888888", 1);
        for (int e = (int)Math.Ceiling(logMin); e <= 0; e++)
        {
            double y = barTop + (1 - (e - logMin) / (logMax - logMin)) * barH;
            svg.Line(barX + 16, y, barX + 21, y, "#888888");
            svg.Text(barX + 24, y, (100 * Math.Pow(10, e)).ToString("G3", CultureInfo.InvariantCulture) + " %", Svg.TickSize, vertical: "middle");
        }
        // The bottom of the scale (the rarest transition shown) when it is not a decade already labelled.
        double lastDecadeY = barTop + (1 - (Math.Ceiling(logMin) - logMin) / (logMax - logMin)) * barH;
        if (barTop + barH - lastDecadeY > 14)
        {
            svg.Line(barX + 16, barTop + barH, barX + 21, barTop + barH, "#888888");
            svg.Text(barX + 24, barTop + barH, (100 * Math.Pow(10, logMin)).ToString("G2", CultureInfo.InvariantCulture) + " %", Svg.TickSize, vertical: "middle");
        }
        svg.Text(barX + 8, barTop + barH + 22, "log scale", Svg.TickSize, "middle", fill: Svg.MutedInk);
        svg.EndGroup();
        return svg.ToString();
    }

    /// <summary>Percent with one decimal, two below 0.1, and 0 for exact zeros.</summary>
    public static string Format(double percent) =>
        percent == 0 ? "0" : percent < 0.1 ? (percent < 0.005 ? "<0.01" : percent.ToString("0.00", CultureInfo.InvariantCulture))
        : percent.ToString("0.0", CultureInfo.InvariantCulture);
}
