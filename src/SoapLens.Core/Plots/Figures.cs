using System.Globalization;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Plots;

/// <summary>The figures Export-SoapLensFigure (and the HTML report) can draw.</summary>
public enum FigureKind
{
    /// <summary>Chord diagram of transition fluxes.</summary>
    Chord,
    /// <summary>Transition probabilities with values.</summary>
    Heatmap,
    /// <summary>Dendrogram of the merge with its cut.</summary>
    Dendrogram,
    /// <summary>Cluster populations flowing between chosen frames (Fig. 4e).</summary>
    PopulationFlow,
    /// <summary>Points on two columns of a dataset (e.g. PC1, PC2) coloured by cluster.</summary>
    Scatter,
    /// <summary>One atom's path on two columns of a dataset, coloured by time (Fig. 2c).</summary>
    AtomPath,
}

/// <summary>Everything a figure may need besides its main input; each kind reads the fields it uses.</summary>
public sealed record FigureRequest
{
    public FigureOptions Options { get; init; } = new();

    /// <summary>Chord: draw self-transition loops.</summary>
    public bool IncludeSelf { get; init; }

    /// <summary>PopulationFlow: frames to show (null: five evenly spread).</summary>
    public int[]? Frames { get; init; }

    /// <summary>AtomPath: the atom to follow.</summary>
    public int? AtomId { get; init; }

    /// <summary>Scatter/AtomPath: labels that colour the points.</summary>
    public ClusterLabels? Labels { get; init; }

    /// <summary>Scatter/AtomPath: the two columns (names or 0-based numbers); null = the first two.</summary>
    public string[]? Columns { get; init; }

    /// <summary>Scatter/AtomPath: above this many points, density cells are drawn instead.</summary>
    public int MaxPoints { get; init; } = 20000;
}

/// <summary>
/// Draws a figure of a given kind from whatever result it is handed (transition matrices, merges,
/// labels, datasets), with a palette that keeps macro-clusters in their first member's colour. The
/// one place that knows which result feeds which figure: Export-SoapLensFigure and the report use it.
/// </summary>
public static class Figures
{
    /// <summary>The kinds <paramref name="input"/> can be drawn as.</summary>
    public static IReadOnlyList<FigureKind> KindsFor(object input) => input switch
    {
        TransitionMatrix => [FigureKind.Chord, FigureKind.Heatmap, FigureKind.Dendrogram],
        ClusterMerge m => m.Labels is null ? [FigureKind.Dendrogram, FigureKind.Chord, FigureKind.Heatmap]
            : [FigureKind.Dendrogram, FigureKind.Chord, FigureKind.Heatmap, FigureKind.PopulationFlow],
        ClusterLabels or IClusterLabelsSource => [FigureKind.Chord, FigureKind.Heatmap, FigureKind.PopulationFlow],
        Dataset or IDatasetSource => [FigureKind.Scatter, FigureKind.AtomPath],
        _ => [],
    };

    public static string Render(FigureKind kind, object input, FigureRequest request, CancellationToken cancel = default) => kind switch
    {
        FigureKind.Chord => Chord(Matrix(input, kind, cancel), request),
        FigureKind.Heatmap => HeatmapOf(Matrix(input, kind, cancel), request),
        FigureKind.Dendrogram => DendrogramOf(input, request, cancel),
        FigureKind.PopulationFlow => Flow(ClusterLabelsInput.TryGet(input) ?? throw Unsupported(kind, input), request),
        FigureKind.Scatter => Scatter(DatasetOf(input, kind), request),
        FigureKind.AtomPath => Path(DatasetOf(input, kind), request),
        _ => throw SoapLensException.Argument($"Unknown figure kind {kind}."),
    };

    private static SoapLensException Unsupported(FigureKind kind, object input) => new("FigureInputUnsupported", ErrorKind.InvalidArgument,
        $"A {kind} figure cannot be drawn from a {input.GetType().Name}. " + kind switch
        {
            FigureKind.Chord or FigureKind.Heatmap => "Pipe a TransitionMatrix (Get-TransitionMatrix), a ClusterMerge (Merge-Cluster) or ClusterLabels.",
            FigureKind.Dendrogram => "Pipe a ClusterMerge (Merge-Cluster) or a TransitionMatrix.",
            FigureKind.PopulationFlow => "Pipe ClusterLabels, or a ClusterMerge made with -Labels.",
            _ => "Pipe a Dataset (e.g. a PCA projection) and pass the clusters with -Labels.",
        }, input);

    // The matrix a chord or heat map shows: a merge shows its macro-clusters.
    private static TransitionMatrix Matrix(object input, FigureKind kind, CancellationToken cancel) => input switch
    {
        TransitionMatrix tm => tm,
        ClusterMerge m => m.Macro,
        _ => ClusterLabelsInput.TryGet(input) is { } l ? TransitionMatrix.FromLabels(l, cancel: cancel) : throw Unsupported(kind, input),
    };

    private static FigureOptions WithPalette(FigureRequest r, IReadOnlyList<string> names, IReadOnlyDictionary<string, object> parameters) =>
        r.Options with { Palette = r.Options.Palette.ForResult(names, parameters) };

    private static string Chord(TransitionMatrix tm, FigureRequest r) =>
        ChordDiagram.Render(tm.Counts, tm.ClusterNames, WithPalette(r, tm.ClusterNames, tm.Parameters) with
        {
            Title = r.Options.Title ?? $"Transition fluxes between clusters (lag {tm.Lag})",
        }, r.IncludeSelf);

    private static string HeatmapOf(TransitionMatrix tm, FigureRequest r) =>
        Heatmap.Render(tm.Probabilities, tm.ClusterNames, WithPalette(r, tm.ClusterNames, tm.Parameters), tm.Lag);

    private static string DendrogramOf(object input, FigureRequest r, CancellationToken cancel)
    {
        var merge = input switch
        {
            ClusterMerge m => m,
            TransitionMatrix tm => ClusterMerge.Compute(tm),
            _ => ClusterLabelsInput.TryGet(input) is { } l ? ClusterMerge.Compute(TransitionMatrix.FromLabels(l, cancel: cancel)) : throw Unsupported(FigureKind.Dendrogram, input),
        };
        if (merge.Linkage is null)
            throw new SoapLensException("NoLinkage", ErrorKind.InvalidData,
                merge.MicroCount < 2 ? "A dendrogram needs at least two clusters." : "This merge has no linkage (the probability rows have no correlation), so there is no dendrogram.", input);
        var options = r.Options with { Palette = r.Options.Palette.ForMerge(merge.MicroNames, merge.Map, merge.MacroNames) };
        return Dendrogram.Render(merge.Linkage, merge.MicroNames, merge.Threshold, merge.Map, merge.MacroNames, options);
    }

    private static string Flow(ClusterLabels labels, FigureRequest r) =>
        FlowDiagram.Render(PopulationFlow.FromLabels(labels, r.Frames), WithPalette(r, labels.ClusterNames, labels.Parameters));

    private static Dataset DatasetOf(object input, FigureKind kind) => input switch
    {
        Dataset d => d,
        IDatasetSource s => s.ToDataset(),
        _ => throw Unsupported(kind, input),
    };

    /// <summary>The two columns to plot (names or 0-based numbers; default the first two).</summary>
    public static (int X, int Y) Columns(Dataset d, string[]? columns)
    {
        if (columns is null || columns.Length == 0)
        {
            if (d.ColumnCount < 2) throw SoapLensException.Argument($"The dataset has {d.ColumnCount} column(s); a plane needs two.", d);
            return (0, 1);
        }
        if (columns.Length != 2) throw SoapLensException.Argument($"-Columns takes two columns, got {columns.Length}.", columns);
        int Find(string c)
        {
            int i = Array.FindIndex(d.ColumnNames, n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) return i;
            if (int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out i) && i >= 0 && i < d.ColumnCount) return i;
            throw SoapLensException.Argument($"The dataset has no column '{c}' (columns: {string.Join(", ", d.ColumnNames.Take(12))}{(d.ColumnCount > 12 ? ", ..." : "")}).", c);
        }
        return (Find(columns[0]), Find(columns[1]));
    }

    private static (double[] X, double[] Y) Plane(Dataset d, int cx, int cy)
    {
        var x = new double[d.RowCount];
        var y = new double[d.RowCount];
        for (int r = 0; r < d.RowCount; r++) { x[r] = d[r, cx]; y[r] = d[r, cy]; }
        return (x, y);
    }

    private static string Scatter(Dataset d, FigureRequest r)
    {
        var (cx, cy) = Columns(d, r.Columns);
        var (x, y) = Plane(d, cx, cy);
        var scatter = new ScatterOptions { MaxPoints = r.MaxPoints, XLabel = d.ColumnNames[cx], YLabel = d.ColumnNames[cy] };
        if (r.Labels is null)
            return ScatterPlot.Render(x, y, null, [], r.Options with { Title = r.Options.Title ?? $"{d.ColumnNames[cx]} vs {d.ColumnNames[cy]}" }, scatter);
        var labels = LabelAlignment.ForRows(d, r.Labels);
        return ScatterPlot.Render(x, y, labels, r.Labels.ClusterNames, WithPalette(r, r.Labels.ClusterNames, r.Labels.Parameters), scatter);
    }

    private static string Path(Dataset d, FigureRequest r)
    {
        if (r.AtomId is not int atom) throw SoapLensException.Argument("An atom path needs -AtomId.");
        var (cx, cy) = Columns(d, r.Columns);
        var (x, y) = Plane(d, cx, cy);
        var rows = Enumerable.Range(0, d.RowCount).Where(i => d.AtomIds[i] == atom).OrderBy(i => d.Frames[i]).ToArray();
        if (rows.Length == 0)
            throw new SoapLensException("AtomNotFound", ErrorKind.ObjectNotFound, $"The dataset has no rows for atom id {atom}.", atom);
        var scatter = new ScatterOptions { MaxPoints = r.MaxPoints, XLabel = d.ColumnNames[cx], YLabel = d.ColumnNames[cy] };
        int[]? bg = r.Labels is null ? null : LabelAlignment.ForRows(d, r.Labels);
        var names = r.Labels?.ClusterNames ?? [];
        var options = r.Labels is null ? r.Options : WithPalette(r, names, r.Labels.Parameters);
        return AtomPathPlot.Render(rows.Select(i => x[i]).ToArray(), rows.Select(i => y[i]).ToArray(), rows.Select(i => (double)d.Frames[i]).ToArray(),
            x, y, bg, names, $"atom {atom}", options, scatter);
    }
}
