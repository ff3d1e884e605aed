using System.Globalization;
using System.Text.Json.Nodes;
using CsvHelper;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>
/// CSV export of one variable (CsvHelper). Tidy: one row per value, a column per coordinate of
/// every dimension, then "value" — the long form that pandas, R and Excel pivot easily. Wide: one
/// row per index of all but the last dimension and one column per entry of the last (a feature
/// matrix). A JSON sidecar (as for .npy) lets Import-SoapLensData rebuild the typed result.
/// </summary>
public sealed class CsvDataFormat : DataFormat
{
    public override string Name => "csv";
    public override IReadOnlyList<string> Extensions { get; } = [".csv"];

    // CsvHelper 34's span-based API: Create/WriteField/EndRecord and Create/Read/GetString.
    private static readonly CsvWriterOptions WriterOptions = new() { NewLine = "\n" };
    private static readonly CsvReaderOptions ReaderOptions = new() { HasHeader = true, TrackLineNumbers = true, FormatProvider = CultureInfo.InvariantCulture };

    public override IReadOnlyList<string> OutputFiles(DataBundle bundle, string path, ExportOptions options) =>
        options.NoMetadata ? [path] : [path, Sidecar.PathFor(path)];

    public override void Write(DataBundle bundle, string path, ExportOptions options, CancellationToken cancel)
    {
        var v = options.ArrayName is null ? bundle.Primary : bundle.Get(options.ArrayName);
        foreach (var f in OutputFiles(bundle, path, options)) AtomicFile.EnsureWritable(f, options.Force);
        AtomicFile.Write(path, options.Force, s =>
        {
            using var tw = new StreamWriter(s, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            using var csv = CsvWriter.Create(tw, WriterOptions, leaveOpen: true);
            if (options.CsvLayout == CsvLayout.Wide && v.Values.Rank >= 2) WriteWide(csv, bundle, v, cancel);
            else WriteTidy(csv, bundle, v, cancel);
        }, cancel);
        if (!options.NoMetadata)
        {
            var d = Sidecar.Describe(bundle, v);
            d["csv_layout"] = options.CsvLayout == CsvLayout.Wide && v.Values.Rank >= 2 ? "wide" : "tidy";
            Sidecar.Write(Sidecar.PathFor(path), d, options.Force);
        }
    }

    /// <summary>The key columns of one dimension: its coordinates, or its names, or its index.</summary>
    private sealed class DimKeys
    {
        public DimKeys(DataBundle b, string dim, int length)
        {
            Dim = dim;
            Coordinates = b.Coordinates.Where(c => c.Dim == dim && c.Values.Length == length).ToArray();
            Names = Coordinates.Length == 0 ? b.GetStrings(dim + "_names") : null;
            if (Names is not null && Names.Length != length) Names = null;
        }

        public string Dim { get; }
        public DataCoordinate[] Coordinates { get; }
        public string[]? Names { get; }

        public IEnumerable<string> Headers => Coordinates.Length > 0 ? Coordinates.Select(c => c.Name) : [Dim];

        public void WriteFields(CsvWriter csv, int index)
        {
            if (Coordinates.Length > 0)
                foreach (var c in Coordinates) csv.WriteField(Format(c.Values, index));
            else if (Names is not null) csv.WriteField(Names[index]);
            else csv.WriteField(index.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string Format(NdArray a, long i) => a.IsFloating
        ? a.GetDouble(i).ToString("R", CultureInfo.InvariantCulture)
        : a.GetInt64(i).ToString(CultureInfo.InvariantCulture);

    private static void WriteTidy(CsvWriter csv, DataBundle b, DataVariable v, CancellationToken cancel)
    {
        var shape = v.Values.Shape;
        var keys = v.Dims.Select((d, k) => new DimKeys(b, d, shape[k])).ToArray();
        foreach (var k in keys) foreach (var h in k.Headers) csv.WriteField(h);
        csv.WriteField("value");
        csv.EndRecord();
        var idx = new int[shape.Length];
        for (long i = 0; i < v.Values.Length; i++)
        {
            if ((i & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            for (int k = 0; k < keys.Length; k++) keys[k].WriteFields(csv, idx[k]);
            csv.WriteField(Format(v.Values, i));
            csv.EndRecord();
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
    }

    private static void WriteWide(CsvWriter csv, DataBundle b, DataVariable v, CancellationToken cancel)
    {
        var shape = v.Values.Shape;
        int last = shape[^1];
        var keys = v.Dims[..^1].Select((d, k) => new DimKeys(b, d, shape[k])).ToArray();
        var lastKeys = new DimKeys(b, v.Dims[^1], last);
        foreach (var k in keys) foreach (var h in k.Headers) csv.WriteField(h);
        for (int j = 0; j < last; j++)
            csv.WriteField(lastKeys.Names?[j] ?? (lastKeys.Coordinates.Length > 0 ? $"{v.Dims[^1]}_{Format(lastKeys.Coordinates[0].Values, j)}" : $"{v.Dims[^1]}_{j}"));
        csv.EndRecord();
        long rows = v.Values.Length / Math.Max(last, 1);
        var idx = new int[keys.Length];
        for (long r = 0; r < rows; r++)
        {
            if ((r & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
            for (int k = 0; k < keys.Length; k++) keys[k].WriteFields(csv, idx[k]);
            for (int j = 0; j < last; j++) csv.WriteField(Format(v.Values, r * last + j));
            csv.EndRecord();
            for (int k = keys.Length - 1; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
    }

    public override DataBundle Read(string path, ImportOptions options, CancellationToken cancel)
    {
        var meta = Sidecar.TryRead(path);
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, ReaderOptions, leaveOpen: false);
        string[] header;
        try { header = csv.Headers?.ToArray() ?? []; }
        catch (Exception ex) when (ex is not OperationCanceledException) { throw new MalformedFileException(path, $"cannot read the header ({ex.Message}).", 1, inner: ex); }
        if (header.Length == 0)
        {
            csv.ReadHeader();
            header = csv.Headers?.ToArray() ?? [];
        }
        if (header.Length == 0) throw new MalformedFileException(path, "the file has no header line.", 1);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            if ((rows.Count & 0xFFFF) == 0) cancel.ThrowIfCancellationRequested();
            if (csv.FieldCount != header.Length)
                throw new MalformedFileException(path, $"the row has {csv.FieldCount} fields but the header has {header.Length}.", csv.LineNumber);
            var rec = new string[header.Length];
            for (int i = 0; i < header.Length; i++) rec[i] = csv.GetString(i);
            rows.Add(rec);
        }
        return meta is not null ? ReadWithSidecar(path, meta, header, rows) : ReadPlain(path, header, rows);
    }

    private static double ParseDouble(string s, string path, int row, string column) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new MalformedFileException(path, $"column '{column}': '{s}' is not a number.", row + 2);

    /// <summary>Exact reconstruction: the sidecar gives dims, shape, coordinates and names.</summary>
    private static DataBundle ReadWithSidecar(string path, JsonObject meta, string[] header, List<string[]> rows)
    {
        var shape = meta["shape"]!.AsArray().Select(x => (int)x!).ToArray();
        var dtype = Enum.Parse<NdType>((string)meta["dtype"]!);
        var values = NdArray.Create(dtype, shape);
        var skeleton = Sidecar.ToBundle(meta, values, path); // coordinates and attributes
        var v = skeleton.Primary;
        bool wide = (string?)meta["csv_layout"] == "wide";
        int keyDims = wide ? shape.Length - 1 : shape.Length;
        var lookups = new List<(int[] Columns, Dictionary<string, int> Index)>();
        int col = 0;
        for (int k = 0; k < keyDims; k++)
        {
            var dk = new DimKeys(skeleton, v.Dims[k], shape[k]);
            var cols = dk.Headers.Select(_ => col++).ToArray();
            var map = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < shape[k]; i++)
            {
                string key = dk.Coordinates.Length > 0
                    ? string.Join("\u001f", dk.Coordinates.Select(c => Format(c.Values, i)))
                    : dk.Names?[i] ?? i.ToString(CultureInfo.InvariantCulture);
                map.TryAdd(key, i);
            }
            lookups.Add((cols, map));
        }
        int last = wide ? shape[^1] : 1;
        if (header.Length != col + (wide ? last : 1))
            throw new MalformedFileException(path, $"expected {col + (wide ? last : 1)} columns from its metadata, found {header.Length}.", 1);
        var strides = new long[shape.Length];
        for (int k = shape.Length - 1, s = 1; k >= 0; k--) { strides[k] = s; s *= shape[k]; }
        for (int r = 0; r < rows.Count; r++)
        {
            long offset = 0;
            for (int k = 0; k < keyDims; k++)
            {
                var (cols, map) = lookups[k];
                var key = string.Join("\u001f", cols.Select(c => rows[r][c]));
                if (!map.TryGetValue(key, out int idx))
                    throw new MalformedFileException(path, $"'{key.Replace('\u001f', ',')}' is not a known {v.Dims[k]}.", r + 2);
                offset += idx * strides[k];
            }
            for (int j = 0; j < last; j++)
            {
                double x = ParseDouble(rows[r][col + j], path, r, header[col + j]);
                Set(values, offset + j, x);
            }
        }
        return skeleton;
    }

    private static void Set(NdArray a, long i, double x)
    {
        switch (a.Data)
        {
            case double[] d: d[i] = x; break;
            case float[] f: f[i] = (float)x; break;
            case long[] l: l[i] = (long)x; break;
            case int[] n: n[i] = (int)x; break;
            case byte[] b: b[i] = (byte)x; break;
        }
    }

    /// <summary>A CSV from elsewhere: numeric columns become a Dataset; frame/atom_id columns become keys.</summary>
    private static DataBundle ReadPlain(string path, string[] header, List<string[]> rows)
    {
        int fc = Array.FindIndex(header, h => h.Equals("frame", StringComparison.OrdinalIgnoreCase));
        int ac = Array.FindIndex(header, h => h.Equals("atom_id", StringComparison.OrdinalIgnoreCase) || h.Equals("id", StringComparison.OrdinalIgnoreCase));
        bool tidy = header.Length >= 2 && header[^1].Equals("value", StringComparison.OrdinalIgnoreCase);
        var b = new DataBundle(Dataset.Kind);
        b.Attributes["source"] = Path.GetFileName(path);
        if (tidy)
        {
            // Rows = distinct tuples of the key columns but the last; columns = distinct values of the last key column.
            int featCol = header.Length - 2;
            var rowKeys = new Dictionary<string, int>(StringComparer.Ordinal);
            var colKeys = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in rows)
            {
                rowKeys.TryAdd(string.Join(",", r[..featCol]), rowKeys.Count);
                colKeys.TryAdd(r[featCol], colKeys.Count);
            }
            var data = new double[rowKeys.Count * colKeys.Count];
            Array.Fill(data, double.NaN);
            var frames = new int[rowKeys.Count];
            var atoms = new int[rowKeys.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                int ri = rowKeys[string.Join(",", r[..featCol])], ci = colKeys[r[featCol]];
                data[ri * colKeys.Count + ci] = ParseDouble(r[^1], path, i, "value");
                if (fc >= 0 && fc < featCol) frames[ri] = (int)ParseDouble(r[fc], path, i, header[fc]);
                atoms[ri] = ac >= 0 && ac < featCol ? (int)ParseDouble(r[ac], path, i, header[ac]) : ri;
            }
            b.Add("values", NdArray.Of(data, rowKeys.Count, colKeys.Count), "row", "column");
            b.AddCoordinate("frame", "row", NdArray.Of(frames));
            b.AddCoordinate("atom_id", "row", NdArray.Of(atoms));
            b.Attributes["column_names"] = colKeys.Keys.ToArray();
            return b;
        }
        var featureCols = Enumerable.Range(0, header.Length).Where(c => c != fc && c != ac).ToArray();
        var values = new double[rows.Count * featureCols.Length];
        var fr = new int[rows.Count];
        var at = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < featureCols.Length; j++)
                values[i * featureCols.Length + j] = ParseDouble(rows[i][featureCols[j]], path, i, header[featureCols[j]]);
            fr[i] = fc >= 0 ? (int)ParseDouble(rows[i][fc], path, i, header[fc]) : 0;
            at[i] = ac >= 0 ? (int)ParseDouble(rows[i][ac], path, i, header[ac]) : i;
        }
        b.Add("values", NdArray.Of(values, rows.Count, featureCols.Length), "row", "column");
        b.AddCoordinate("frame", "row", NdArray.Of(fr));
        b.AddCoordinate("atom_id", "row", NdArray.Of(at));
        b.Attributes["column_names"] = featureCols.Select(c => header[c]).ToArray();
        return b;
    }
}
