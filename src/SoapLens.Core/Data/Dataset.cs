using SoapLens.Pipeline;

namespace SoapLens.Data;

/// <summary>
/// A numeric table: rows keyed by (frame, atom id), named columns, contiguous row-major float64
/// storage. SOAP spectra, LENS values, their join, projections and imported arrays all become
/// datasets before PCA, clustering and CV learning. Rows are frame-major: all centres of the first
/// frame, then all centres of the next, and so on, unless the source says otherwise.
/// </summary>
public sealed partial class Dataset : IBundleConvertible, IDatasetSource
{
    public const string Kind = "Dataset";

    public Dataset(double[] values, int rowCount, int columnCount, int[] frames, int[] atomIds, string[]? columnNames = null,
        string source = "array", IReadOnlyDictionary<string, object>? parameters = null)
    {
        if ((long)rowCount * columnCount != values.LongLength)
            throw new ArgumentException($"A {rowCount} x {columnCount} dataset needs {(long)rowCount * columnCount} values, got {values.LongLength}.");
        if (frames.Length != rowCount || atomIds.Length != rowCount)
            throw new ArgumentException("There must be one frame and one atom id per row.");
        if (columnNames is not null && columnNames.Length != columnCount)
            throw new ArgumentException("There must be one name per column.");
        Values = values;
        RowCount = rowCount;
        ColumnCount = columnCount;
        Frames = frames;
        AtomIds = atomIds;
        ColumnNames = columnNames ?? Enumerable.Range(0, columnCount).Select(i => $"c{i}").ToArray();
        Source = source;
        Parameters = parameters is null ? new Dictionary<string, object>() : new Dictionary<string, object>(parameters);
    }

    /// <summary>A dataset whose keys are the grid frames × centres, frame-major.</summary>
    public static Dataset FromGrid(double[] values, int[] frames, int[] centreIds, int columnCount, string[]? columnNames = null,
        string source = "array", IReadOnlyDictionary<string, object>? parameters = null)
    {
        int rows = checked(frames.Length * centreIds.Length);
        var rf = new int[rows];
        var ra = new int[rows];
        for (int f = 0, r = 0; f < frames.Length; f++)
            for (int c = 0; c < centreIds.Length; c++, r++) { rf[r] = frames[f]; ra[r] = centreIds[c]; }
        return new Dataset(values, rows, columnCount, rf, ra, columnNames, source, parameters);
    }

    /// <summary>A plain (N, D) matrix: keys are frame 0 and atom id = row index.</summary>
    public static Dataset FromMatrix(double[] values, int rowCount, int columnCount, string source = "array")
    {
        var frames = new int[rowCount];
        var ids = Enumerable.Range(0, rowCount).ToArray();
        return new Dataset(values, rowCount, columnCount, frames, ids, null, source);
    }

    public double[] Values { get; }
    public int RowCount { get; }
    public int ColumnCount { get; }
    public int[] Frames { get; }
    public int[] AtomIds { get; }
    public string[] ColumnNames { get; }
    public string Source { get; }
    public Dictionary<string, object> Parameters { get; }

    public ReadOnlySpan<double> Row(int r) => Values.AsSpan(r * ColumnCount, ColumnCount);

    public double this[int row, int column] => Values[(long)row * ColumnCount + column];

    /// <summary>Distinct frames in row order of first appearance.</summary>
    public int[] DistinctFrames() => Frames.Distinct().ToArray();

    /// <summary>Distinct atom ids in row order of first appearance.</summary>
    public int[] DistinctAtomIds() => AtomIds.Distinct().ToArray();

    /// <summary>
    /// True when rows form the full grid distinct-frames × distinct-atoms in frame-major order
    /// (then per-row results reshape to (frames, centres)).
    /// </summary>
    public bool IsGrid(out int[] frames, out int[] atomIds)
    {
        frames = DistinctFrames();
        atomIds = DistinctAtomIds();
        if ((long)frames.Length * atomIds.Length != RowCount) return false;
        for (int f = 0, r = 0; f < frames.Length; f++)
            for (int a = 0; a < atomIds.Length; a++, r++)
                if (Frames[r] != frames[f] || AtomIds[r] != atomIds[a]) return false;
        return true;
    }

    public Dataset ToDataset() => this;

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("values", NdArray.Of(Values, RowCount, ColumnCount), "row", "column");
        b.AddCoordinate("frame", "row", NdArray.Of(Frames));
        b.AddCoordinate("atom_id", "row", NdArray.Of(AtomIds));
        b.Attributes["column_names"] = ColumnNames;
        b.Attributes["source"] = Source;
        foreach (var (k, v) in Parameters) b.Attributes[k] = v;
        return b;
    }

    public static Dataset FromBundle(DataBundle b)
    {
        var v = b.Primary.Values;
        if (v.Rank == 1) v = v.Reshape(v.Shape[0], 1);
        if (v.Rank > 2)
        {
            // (frames, centres, features) arrays become frame-major rows.
            int cols = v.Shape[^1];
            int rows = checked((int)(v.Length / Math.Max(cols, 1)));
            v = v.Reshape(rows, cols);
        }
        int n = v.Shape[0], d = v.Shape[1];
        var frames = b.FindCoordinate("frame") is { } fc && fc.Values.Length == n ? fc.Values.ToInt32Array() : null;
        var atoms = b.FindCoordinate("atom_id") is { } ac && ac.Values.Length == n ? ac.Values.ToInt32Array() : null;
        var names = b.Attributes.TryGetValue("column_names", out var cn) && cn is string[] s && s.Length == d ? s : null;
        var parameters = b.Attributes.Where(kv => kv.Key is not "column_names" and not "source").ToDictionary(kv => kv.Key, kv => kv.Value);
        var source = b.GetAttribute("source", b.Kind);
        return new Dataset(v.ToDoubleArray(), n, d, frames ?? new int[n], atoms ?? Enumerable.Range(0, n).ToArray(), names, source, parameters);
    }

    public override string ToString() => $"Dataset {RowCount} x {ColumnCount} ({Source})";
}
