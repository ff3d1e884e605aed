using System.Globalization;
using SoapLens.Dynamics;

namespace SoapLens.Plots;

/// <summary>
/// Dendrogram of a SciPy linkage matrix (leaves in SciPy's left-to-right order) with the cut line:
/// links inside one macro-cluster take its colour, links above the cut are grey. Leaves carry the
/// micro-cluster names over a chip of their macro-cluster colour.
/// </summary>
public static class Dendrogram
{
    /// <param name="linkage">(n−1)×4 SciPy linkage matrix.</param>
    /// <param name="leafNames">Names of the n original clusters.</param>
    /// <param name="threshold">The cut (NaN: none drawn).</param>
    /// <param name="groups">Macro-cluster of each leaf (colours), or null for none.</param>
    /// <param name="groupNames">Macro-cluster names (palette keys), or null.</param>
    public static string Render(double[,] linkage, IReadOnlyList<string> leafNames, double threshold = double.NaN,
        int[]? groups = null, IReadOnlyList<string>? groupNames = null, FigureOptions? options = null, string distanceLabel = "distance (1 − correlation)")
    {
        options ??= new FigureOptions();
        int n = linkage.GetLength(0) + 1;
        if (linkage.GetLength(1) != 4 || leafNames.Count != n) throw new ArgumentException("The linkage must be (n−1)×4 with one name per leaf.");
        var (w, h) = options.Size(Math.Clamp(260 + 56 * n, 520, 1400), 560);
        var svg = new Svg(w, h, options.Title ?? "Hierarchical clustering of the transition matrix",
            "Dendrogram (average linkage) of the clusters; the dashed line is the cut that defines the macro-clusters.");
        svg.Heading();
        var order = Linkage.LeafOrder(linkage);
        double maxHeight = 0;
        for (int i = 0; i < n - 1; i++) maxHeight = Math.Max(maxHeight, linkage[i, 2]);
        if (double.IsFinite(threshold)) maxHeight = Math.Max(maxHeight, threshold);
        if (maxHeight <= 0) maxHeight = 1;

        double longest = leafNames.Max(s => Legend.TextWidth(s, Svg.LabelSize));
        bool rotate = longest > Math.Max(30, (w - 180) / n - 8);
        double bottomRoom = rotate ? Math.Min(longest * 0.8 + 30, 200) : 40;
        var axes = new XYAxes(90, 50, w - 150, h - 50 - bottomRoom - 56, 0, n, 0, maxHeight * 1.08, 0);
        // Only the y axis carries numbers; leaves are labelled below.
        var yt = Ticks.Nice(axes.YMin, axes.YMax, 6);
        double ys = yt.Length > 1 ? yt[1] - yt[0] : 1;
        svg.BeginGroup("axis");
        foreach (var v in yt)
        {
            svg.Line(axes.Left, axes.Y(v), axes.Right, axes.Y(v), Svg.GridInk);
            svg.Line(axes.Left - 5, axes.Y(v), axes.Left, axes.Y(v), "#888888");
            svg.Text(axes.Left - 8, axes.Y(v), Ticks.Label(v, ys), Svg.TickSize, "end", "middle");
        }
        svg.Line(axes.Left, axes.Top, axes.Left, axes.Bottom, "#888888");
        svg.Text(30, axes.Top + axes.Height / 2, distanceLabel, Svg.LabelSize, "middle", rotate: -90);
        svg.EndGroup();

        var leafX = new double[n];
        for (int p = 0; p < n; p++) leafX[order[p]] = axes.X(p + 0.5);
        var nodeX = new double[2 * n - 1];
        var nodeY = new double[2 * n - 1];
        var nodeGroup = new int[2 * n - 1];
        for (int i = 0; i < n; i++)
        {
            nodeX[i] = leafX[i];
            nodeY[i] = axes.Y(0);
            nodeGroup[i] = groups?[i] ?? -1;
        }
        string GroupColour(int g) => g < 0 ? "#6b6b6b" : options.Palette.ColourOf(g, groupNames?[g]);

        svg.BeginGroup("links");
        for (int m = 0; m < n - 1; m++)
        {
            int a = (int)linkage[m, 0], b = (int)linkage[m, 1];
            double y = axes.Y(linkage[m, 2]);
            int node = n + m;
            nodeX[node] = (nodeX[a] + nodeX[b]) / 2;
            nodeY[node] = y;
            nodeGroup[node] = nodeGroup[a] == nodeGroup[b] ? nodeGroup[a] : -1;
            var colour = GroupColour(nodeGroup[node]);
            var d = new PathData().MoveTo(nodeX[a], nodeY[a]).LineTo(nodeX[a], y).LineTo(nodeX[b], y).LineTo(nodeX[b], nodeY[b]);
            svg.Path(d, null, colour, 2.5, 1, $"merge of {Members(linkage, a, n, leafNames)} with {Members(linkage, b, n, leafNames)} at {linkage[m, 2].ToString("G6", CultureInfo.InvariantCulture)}");
        }
        svg.EndGroup();

        svg.BeginGroup("leaves");
        for (int i = 0; i < n; i++)
        {
            var colour = GroupColour(nodeGroup[i]);
            svg.Rect(leafX[i] - 7, axes.Bottom + 4, 14, 8, colour);
            if (rotate) svg.Text(leafX[i] + 4, axes.Bottom + 18, leafNames[i], Svg.LabelSize, "end", "middle", rotate: -60);
            else svg.Text(leafX[i], axes.Bottom + 16, leafNames[i], Svg.LabelSize, "middle", "top");
        }
        svg.EndGroup();

        if (double.IsFinite(threshold))
        {
            double y = axes.Y(threshold);
            svg.Line(axes.Left, y, axes.Right, y, "#c0392b", 1.5, "7 5");
            // In the right margin, where no link can hide it.
            svg.Text(axes.Right + 6, y, $"cut {threshold.ToString("G4", CultureInfo.InvariantCulture)}", Svg.TickSize, "start", "middle", "#c0392b", bold: true);
        }
        if (groups is not null)
        {
            int macro = groups.Max() + 1;
            svg.Note($"{n} clusters → {macro} macro-clusters; colours: macro-clusters (grey: links above the cut).", h - 12);
        }
        return svg.ToString();
    }

    private static string Members(double[,] z, int node, int n, IReadOnlyList<string> names)
    {
        if (node < n) return names[node];
        var leaves = new List<string>();
        var stack = new Stack<int>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            int c = stack.Pop();
            if (c < n) leaves.Add(names[c]);
            else { stack.Push((int)z[c - n, 1]); stack.Push((int)z[c - n, 0]); }
        }
        return "{" + string.Join(", ", leaves) + "}";
    }
}
