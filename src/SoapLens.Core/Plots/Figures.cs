using System.Collections;
using System.Globalization;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Learning.Cv;
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
    /// <summary>Per-atom time series (LENS, a CV...) coloured by class, with their distribution.</summary>
    TimeSeries,
    /// <summary>Cumulative explained variance of one or more PCAs (Fig. S4).</summary>
    Variance,
    /// <summary>Mean SOAP power spectrum with its spread.</summary>
    Spectrum,
}

/// <summary>Everything a figure may need besides its main input; each kind reads the fields it uses.</summary>
public sealed record FigureRequest
{
    public FigureOptions Options { get; init; } = new();

    /// <summary>Chord: draw self-transition loops.</summary>
    public bool IncludeSelf { get; init; }

    /// <summary>PopulationFlow: frames to show (null: five evenly spread).</summary>
    public int[]? Frames { get; init; }

    /// <summary>AtomPath: the atom to follow (null: the atom with the longest path on the plane).</summary>
    public int? AtomId { get; init; }

    /// <summary>Scatter/AtomPath/TimeSeries: labels that colour the points or series.</summary>
    public ClusterLabels? Labels { get; init; }

    /// <summary>Scatter/AtomPath: the two columns (names or 0-based numbers); TimeSeries: the first is the series. Null = the first column(s).</summary>
    public string[]? Columns { get; init; }

    /// <summary>Scatter/AtomPath: above this many points, density cells are drawn instead.</summary>
    public int MaxPoints { get; init; } = 20000;

    /// <summary>TimeSeries: class boundaries (ascending) that colour the series when no labels are given; drawn as lines.</summary>
    public double[]? Thresholds { get; init; }

    /// <summary>TimeSeries: series drawn at most (evenly spaced; the distribution uses all of them).</summary>
    public int MaxSeries { get; init; } = 300;

    /// <summary>Variance: cumulative fraction to mark (null: the fraction the PCA was fitted with, else 0.995).</summary>
    public double? VarianceTarget { get; init; }
}

/// <summary>
/// Draws a figure of a given kind from whatever result it is handed (transition matrices, merges,
/// labels, datasets, PCA, LENS, SOAP, CV results), with a palette that keeps macro-clusters in their
/// first member's colour. The one place that knows which result feeds which figure:
/// Export-SoapLensFigure and the report use it.
/// </summary>
public static class Figures
{
    /// <summary>The kinds <paramref name="input"/> can be drawn as (the first is the most telling).</summary>
    public static IReadOnlyList<FigureKind> KindsFor(object input) => input switch
    {
        TransitionMatrix => [FigureKind.Chord, FigureKind.Heatmap, FigureKind.Dendrogram],
        ClusterMerge m => m.Labels is null ? [FigureKind.Dendrogram, FigureKind.Chord, FigureKind.Heatmap]
            : [FigureKind.Dendrogram, FigureKind.Chord, FigureKind.Heatmap, FigureKind.PopulationFlow],
        ClusterLabels or IClusterLabelsSource => [FigureKind.Chord, FigureKind.Heatmap, FigureKind.Dendrogram, FigureKind.PopulationFlow],
        PcaResult => [FigureKind.Scatter, FigureKind.Variance, FigureKind.AtomPath, FigureKind.TimeSeries],
        PcaModel => [FigureKind.Variance],
        SoapSpectrum => [FigureKind.Spectrum],
        LensSignal => [FigureKind.TimeSeries],
        Dataset or IDatasetSource => ColumnCount(input) >= 2 ? [FigureKind.Scatter, FigureKind.AtomPath, FigureKind.TimeSeries] : [FigureKind.TimeSeries],
        IEnumerable e when PcaModels(e) is { Count: > 0 } => [FigureKind.Variance],
        _ => [],
    };

    public static string Render(FigureKind kind, object input, FigureRequest request, CancellationToken cancel = default) => kind switch
    {
        FigureKind.Chord => Chord(Matrix(input, kind, cancel), request),
        FigureKind.Heatmap => HeatmapOf(Matrix(input, kind, cancel), request),
        FigureKind.Dendrogram => DendrogramOf(input, request, cancel),
        FigureKind.PopulationFlow => Flow(ClusterLabelsInput.TryGet(input) ?? throw Unsupported(kind, input), request),
        FigureKind.Scatter => Scatter(input, DatasetOf(input, kind), request),
        FigureKind.AtomPath => Path(input, DatasetOf(input, kind), request),
        FigureKind.TimeSeries => TimeSeries(input, request, cancel),
        FigureKind.Variance => Variance(input, request),
        FigureKind.Spectrum => Spectrum(input as SoapSpectrum ?? throw Unsupported(kind, input), request, cancel),
        _ => throw SoapLensException.Argument($"Unknown figure kind {kind}."),
    };

    private static SoapLensException Unsupported(FigureKind kind, object input) => new("FigureInputUnsupported", ErrorKind.InvalidArgument,
        $"A {kind} figure cannot be drawn from a {input.GetType().Name}. " + kind switch
        {
            FigureKind.Chord or FigureKind.Heatmap => "Pipe a TransitionMatrix (Get-TransitionMatrix), a ClusterMerge (Merge-Cluster) or ClusterLabels.",
            FigureKind.Dendrogram => "Pipe a ClusterMerge (Merge-Cluster), a TransitionMatrix or ClusterLabels.",
            FigureKind.PopulationFlow => "Pipe ClusterLabels, or a ClusterMerge made with -Labels.",
            FigureKind.TimeSeries => "Pipe a LensSignal (Get-LensSignal), a PCA or CV result or a dataset, and colour it with -Labels or -Threshold.",
            FigureKind.Variance => "Pipe one or more PCA results (Invoke-Pca) or models.",
            FigureKind.Spectrum => "Pipe a SoapSpectrum (Get-SoapSpectrum).",
            _ => "Pipe a PCA or CV result or a dataset and pass the clusters with -Labels.",
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

    private static int ColumnCount(object input) => input switch
    {
        Dataset d => d.ColumnCount,
        CvResult cv => cv.ComponentCount,
        IPerAtomColumns p => p.ColumnNames.Count,
        IDatasetSource s => s.ToDataset().ColumnCount,
        _ => 0,
    };

    private static Dataset DatasetOf(object input, FigureKind kind) => input switch
    {
        Dataset d => d,
        SoapSpectrum => throw Unsupported(kind, input), // hundreds of features: a plane of two of them says little
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
        return (Column(d, columns[0]), Column(d, columns[1]));
    }

    /// <summary>A column by name (case-insensitive) or 0-based number.</summary>
    public static int Column(Dataset d, string c)
    {
        int i = Array.FindIndex(d.ColumnNames, n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase));
        if (i >= 0) return i;
        if (int.TryParse(c, NumberStyles.Integer, CultureInfo.InvariantCulture, out i) && i >= 0 && i < d.ColumnCount) return i;
        throw SoapLensException.Argument($"The dataset has no column '{c}' (columns: {string.Join(", ", d.ColumnNames.Take(12))}{(d.ColumnCount > 12 ? ", ..." : "")}).", c);
    }

    private static (double[] X, double[] Y) Plane(Dataset d, int cx, int cy)
    {
        var x = new double[d.RowCount];
        var y = new double[d.RowCount];
        for (int r = 0; r < d.RowCount; r++) { x[r] = d[r, cx]; y[r] = d[r, cy]; }
        return (x, y);
    }

    // "PC1 (68.3 %)" for a PCA result, so the reader sees how much of the data each axis carries.
    private static string AxisLabel(object input, Dataset d, int column)
    {
        if (input is PcaResult p && column < p.Model.ExplainedVarianceRatio.Length)
            return string.Create(CultureInfo.InvariantCulture, $"PC{column + 1} ({100 * p.Model.ExplainedVarianceRatio[column]:0.#} % of the variance)");
        return d.ColumnNames[column];
    }

    private static string PlaneTitle(object input, Dataset d, string x, string y) => input switch
    {
        PcaResult => d.Source,
        CvResult cv => $"{cv.MethodName} projection of {cv.Source}",
        _ => $"{d.Source}: {x} vs {y}",
    };

    /// <summary>The heading of the legend of labels: macro-clusters say so.</summary>
    internal static string LegendHeading(ClusterLabels l) => l.Parameters.ContainsKey("merge_map") ? "macro-cluster" : $"cluster ({l.Method})";

    private static string Scatter(object input, Dataset d, FigureRequest r)
    {
        var (cx, cy) = Columns(d, r.Columns);
        var (x, y) = Plane(d, cx, cy);
        string xl = AxisLabel(input, d, cx), yl = AxisLabel(input, d, cy);
        var scatter = new ScatterOptions { MaxPoints = r.MaxPoints, XLabel = xl, YLabel = yl };
        var title = r.Options.Title ?? PlaneTitle(input, d, d.ColumnNames[cx], d.ColumnNames[cy]);
        if (r.Labels is null)
            return ScatterPlot.Render(x, y, null, [], r.Options with { Title = title }, scatter);
        var labels = LabelAlignment.ForRows(d, r.Labels);
        return ScatterPlot.Render(x, y, labels, r.Labels.ClusterNames, WithPalette(r, r.Labels.ClusterNames, r.Labels.Parameters) with { Title = title },
            scatter with { LegendHeading = LegendHeading(r.Labels) });
    }

    private static string Path(object input, Dataset d, FigureRequest r)
    {
        var (cx, cy) = Columns(d, r.Columns);
        var (x, y) = Plane(d, cx, cy);
        var grid = SeriesGrid.From(d);
        string? chosen = null;
        int atom;
        if (r.AtomId is int given) atom = given;
        else
        {
            atom = grid.LongestPath(x, y);
            chosen = $"atom {atom}: the longest path on this plane";
        }
        int s = grid.IndexOf(atom);
        if (s < 0) throw new SoapLensException("AtomNotFound", ErrorKind.ObjectNotFound, $"The dataset has no rows for atom id {atom}.", atom);
        var rows = grid.RowsOf(s);
        var scatter = new ScatterOptions { MaxPoints = r.MaxPoints, XLabel = AxisLabel(input, d, cx), YLabel = AxisLabel(input, d, cy) };
        int[]? bg = r.Labels is null ? null : LabelAlignment.ForRows(d, r.Labels);
        var names = r.Labels?.ClusterNames ?? [];
        var options = r.Labels is null ? r.Options : WithPalette(r, names, r.Labels.Parameters);
        if (r.Labels is not null) scatter = scatter with { LegendHeading = LegendHeading(r.Labels) };
        return AtomPathPlot.Render(rows.Select(i => x[i]).ToArray(), rows.Select(i => y[i]).ToArray(), rows.Select(i => (double)d.Frames[i]).ToArray(),
            x, y, bg, names, $"atom {atom}", options, scatter, chosen: chosen);
    }

    private static string TimeSeries(object input, FigureRequest r, CancellationToken cancel)
    {
        Dataset d;
        int column;
        string yLabel, title;
        var notes = new List<string>();
        if (input is LensSignal lens)
        {
            d = lens.ToDataset();
            column = 0;
            yLabel = "LENS δ";
            title = $"LENS time series (r_cut {lens.RCut.ToString("0.##", CultureInfo.InvariantCulture)} Å, delay {lens.Delay})";
            notes.Add(lens.IsSmoothed ? $"Smoothed: {lens.SmoothingText}." : "Raw values (not smoothed).");
        }
        else
        {
            d = DatasetOf(input, FigureKind.TimeSeries);
            column = r.Columns is { Length: > 0 } c ? Column(d, c[0]) : 0;
            yLabel = AxisLabel(input, d, column);
            title = input is CvResult cv ? $"{cv.MethodName}: {d.ColumnNames[column]} along time" : $"{d.Source}: {d.ColumnNames[column]} along time";
        }
        cancel.ThrowIfCancellationRequested();
        var grid = SeriesGrid.From(d);
        var values = grid.Values(d, column);
        int[]? classes = null;
        IReadOnlyList<string> names = [];
        var options = r.Options with { Title = r.Options.Title ?? title };
        string legend = "class";
        double[]? lines = null;
        if (r.Labels is { } labels)
        {
            classes = grid.Spread(LabelAlignment.ForRows(d, labels), LabelGrid.Missing);
            names = labels.ClusterNames;
            options = WithPalette(r, names, labels.Parameters) with { Title = options.Title };
            legend = LegendHeading(labels);
            notes.Add($"Colours: {labels.ClusterCount} clusters ({labels.Method}).");
        }
        else if (r.Thresholds is { Length: > 0 } th)
        {
            lines = th.Where(double.IsFinite).Order().ToArray();
            names = ThresholdNames(lines);
            classes = new int[values.Length];
            for (int i = 0; i < values.Length; i++)
                classes[i] = double.IsFinite(values[i]) ? ThresholdClass(values[i], lines) : LabelGrid.Missing;
            notes.Add("Colours: classes between the dashed thresholds.");
        }
        return TimeSeriesPlot.Render(grid.Times, values, classes, names, options, "frame", yLabel, lines, r.MaxSeries, legend, string.Join(" ", notes));
    }

    private static int ThresholdClass(double v, double[] thresholds)
    {
        int c = 0;
        while (c < thresholds.Length && v >= thresholds[c]) c++;
        return c;
    }

    private static string[] ThresholdNames(double[] t)
    {
        static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        var names = new string[t.Length + 1];
        names[0] = $"< {F(t[0])}";
        for (int i = 1; i < t.Length; i++) names[i] = $"{F(t[i - 1])} – {F(t[i])}";
        names[^1] = $"≥ {F(t[^1])}";
        return names;
    }

    /// <summary>The PCA models in <paramref name="input"/> (a result, a model, or a list of them) with a name for each.</summary>
    internal static List<(string Name, PcaModel Model)> PcaModels(object input)
    {
        var list = new List<(string, PcaModel)>();
        void Add(object? o)
        {
            switch (o)
            {
                case PcaResult p: list.Add((SeriesName(p.Projection.Source), p.Model)); break;
                case PcaModel m: list.Add(($"{m.FeatureCount} features", m)); break;
            }
        }
        if (input is IEnumerable e and not string) foreach (var o in e) Add(o);
        else Add(input);
        return list;
    }

    private static string SeriesName(string source) => source.StartsWith("PCA of ", StringComparison.Ordinal) ? source[7..] : source;

    private static string Variance(object input, FigureRequest r)
    {
        var models = PcaModels(input);
        if (models.Count == 0) throw Unsupported(FigureKind.Variance, input);
        double target = r.VarianceTarget ?? models.Select(m => m.Model.VarianceThreshold).FirstOrDefault(v => v is not null) ?? 0.995;
        var series = models.Select(m => new VarianceSeries(m.Name, m.Model.ExplainedVarianceRatio,
            m.Model.Selection == PcaSelection.All ? 0 : m.Model.ComponentCount)).ToList();
        return VariancePlot.Render(series, r.Options, target);
    }

    private static string Spectrum(SoapSpectrum s, FigureRequest r, CancellationToken cancel)
    {
        int d = s.FeatureCount;
        var sum = new double[d];
        var sq = new double[d];
        var v = new double[d];
        long n = 0;
        for (int f = 0; f < s.FrameCount; f++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int c = 0; c < s.CentreCount; c++, n++)
            {
                s.CopyVector(f, c, v);
                for (int j = 0; j < d; j++) { sum[j] += v[j]; sq[j] += v[j] * v[j]; }
            }
        }
        var mean = new double[d];
        var sd = new double[d];
        for (int j = 0; j < d; j++)
        {
            mean[j] = n > 0 ? sum[j] / n : double.NaN;
            sd[j] = n > 1 ? Math.Sqrt(Math.Max(0, (sq[j] - n * mean[j] * mean[j]) / (n - 1))) : 0;
        }
        var p = s.Parameters;
        var title = r.Options.Title ?? string.Create(CultureInfo.InvariantCulture,
            $"Mean SOAP power spectrum (r_cut {p.RCut:0.##} Å, n_max {p.NMax}, l_max {p.LMax}{(s.Normalized ? ", normalised" : "")})");
        return SpectrumPlot.Render(mean, sd, s.Map.FeatureNames(s.Layout), r.Options with { Title = title },
            $"{n.ToString("N0", CultureInfo.InvariantCulture)} vectors ({s.FrameCount} frames × {s.CentreCount} centres), {s.Layout} layout.");
    }
}

/// <summary>
/// The rows of a dataset regrouped as one time series per atom: atoms in order of first
/// appearance, frames ascending; cells without a row hold −1 (row index) / NaN (value).
/// </summary>
internal sealed class SeriesGrid
{
    private readonly int[] _row; // atom-major (atoms × frames) row index, −1 = none
    private readonly Dictionary<int, int> _atomIndex;

    private SeriesGrid(int[] atoms, int[] frames, int[] row, Dictionary<int, int> atomIndex)
    {
        AtomIds = atoms;
        Frames = frames;
        _row = row;
        _atomIndex = atomIndex;
    }

    public int[] AtomIds { get; }
    public int[] Frames { get; }
    public double[] Times => Array.ConvertAll(Frames, f => (double)f);

    public static SeriesGrid From(Dataset d)
    {
        var atomIndex = new Dictionary<int, int>();
        var atoms = new List<int>();
        foreach (var a in d.AtomIds)
            if (atomIndex.TryAdd(a, atoms.Count)) atoms.Add(a);
        var frames = d.Frames.Distinct().Order().ToArray();
        long cells = (long)atoms.Count * frames.Length;
        if (cells > Array.MaxLength)
            throw new SoapLensException("SeriesTooSparse", ErrorKind.InvalidArgument,
                $"The rows span {frames.Length} frames × {atoms.Count} atom ids, too many to lay out as time series.", d);
        var row = new int[cells];
        Array.Fill(row, -1);
        int t = frames.Length;
        bool sequential = true;
        for (int i = 1; i < frames.Length; i++) sequential &= frames[i] == frames[0] + i;
        for (int r = 0; r < d.RowCount; r++)
        {
            int f = sequential ? d.Frames[r] - frames[0] : Array.BinarySearch(frames, d.Frames[r]);
            row[(long)atomIndex[d.AtomIds[r]] * t + f] = r;
        }
        return new SeriesGrid(atoms.ToArray(), frames, row, atomIndex);
    }

    public int IndexOf(int atomId) => _atomIndex.TryGetValue(atomId, out var i) ? i : -1;

    /// <summary>Rows of series <paramref name="s"/> in time order.</summary>
    public int[] RowsOf(int s)
    {
        int t = Frames.Length;
        var rows = new List<int>(t);
        for (int k = 0; k < t; k++) if (_row[(long)s * t + k] is var r and >= 0) rows.Add(r);
        return rows.ToArray();
    }

    /// <summary>Column <paramref name="column"/> laid out atoms × frames.</summary>
    public double[] Values(Dataset d, int column)
    {
        var v = new double[_row.Length];
        for (long i = 0; i < v.LongLength; i++) v[i] = _row[i] >= 0 ? d[_row[i], column] : double.NaN;
        return v;
    }

    /// <summary>Per-row values laid out atoms × frames (<paramref name="missing"/> where there is no row).</summary>
    public int[] Spread(int[] perRow, int missing)
    {
        var v = new int[_row.Length];
        for (long i = 0; i < v.LongLength; i++) v[i] = _row[i] >= 0 ? perRow[_row[i]] : missing;
        return v;
    }

    /// <summary>The atom whose path on (x, y) is longest (first in input order on ties): the most mobile one on that plane.</summary>
    public int LongestPath(double[] x, double[] y)
    {
        int t = Frames.Length, best = 0;
        double bestLength = -1;
        for (int s = 0; s < AtomIds.Length; s++)
        {
            double len = 0;
            int prev = -1;
            for (int k = 0; k < t; k++)
            {
                int r = _row[(long)s * t + k];
                if (r < 0) continue;
                if (prev >= 0 && double.IsFinite(x[r]) && double.IsFinite(y[r]) && double.IsFinite(x[prev]) && double.IsFinite(y[prev]))
                    len += Math.Sqrt((x[r] - x[prev]) * (x[r] - x[prev]) + (y[r] - y[prev]) * (y[r] - y[prev]));
                prev = r;
            }
            if (len > bestLength) { bestLength = len; best = s; }
        }
        return AtomIds[best];
    }
}
