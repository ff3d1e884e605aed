using SoapLens.Data;

namespace SoapLens.Learning.Cv;

/// <summary>
/// What every collective-variable result shares: the projection (rows × components, rows in input
/// order with their (frame, atom id) keys), exposed as a dataset (so CVs can be clustered and
/// plotted) and as per-atom columns (so they can be written into a trajectory).
/// </summary>
public abstract partial class CvResult : IBundleConvertible, IDatasetSource, IPerAtomColumns
{
    private Dictionary<long, int>? _rowOfKey;
    private HashSet<int>? _frames;

    protected CvResult(double[] projection, int rowCount, int componentCount, int[] frames, int[] atomIds, string columnPrefix, string source)
    {
        if (projection.LongLength != (long)rowCount * componentCount) throw new ArgumentException("The projection must be rows x components.");
        if (frames.Length != rowCount || atomIds.Length != rowCount) throw new ArgumentException("One frame and one atom id per row are needed.");
        Projection = projection;
        RowCount = rowCount;
        ComponentCount = componentCount;
        Frames = frames;
        AtomIds = atomIds;
        Source = source;
        ColumnNames = Enumerable.Range(1, componentCount).Select(i => $"{columnPrefix}{i}").ToArray();
    }

    /// <summary>Rows × components, row-major; rows in the order of the input dataset.</summary>
    public double[] Projection { get; }
    public int RowCount { get; }
    public int ComponentCount { get; }
    public int[] Frames { get; }
    public int[] AtomIds { get; }
    /// <summary>Where the input came from (the input dataset's source).</summary>
    public string Source { get; }
    /// <summary>Column names of the projection (tic1, tic2..., ef1..., ae1...).</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>Component <paramref name="index"/> (0-based) for every row.</summary>
    public double[] Component(int index)
    {
        if (index < 0 || index >= ComponentCount) throw new ArgumentOutOfRangeException(nameof(index), $"Component index must be 0..{ComponentCount - 1}.");
        var c = new double[RowCount];
        for (int r = 0; r < RowCount; r++) c[r] = Projection[(long)r * ComponentCount + index];
        return c;
    }

    /// <summary>The result kind written to files.</summary>
    protected abstract string Kind { get; }

    /// <summary>Parameters copied into the dataset and the bundle attributes.</summary>
    protected abstract IReadOnlyDictionary<string, object> Describe();

    public Dataset ToDataset() =>
        new(Projection, RowCount, ComponentCount, Frames, AtomIds, ColumnNames.ToArray(), Kind, Describe());

    public bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        if (_rowOfKey is null)
        {
            var map = new Dictionary<long, int>(RowCount, RowKey.Comparer);
            var fr = new HashSet<int>();
            for (int r = 0; r < RowCount; r++)
            {
                map.TryAdd(((long)Frames[r] << 32) | (uint)AtomIds[r], r);
                fr.Add(Frames[r]);
            }
            _frames = fr;
            _rowOfKey = map;
        }
        int k = ComponentCount;
        if (!_frames!.Contains(frameIndex)) return false;
        for (int i = 0; i < atomIds.Length; i++)
        {
            var dst = destination.Slice(i * k, k);
            if (_rowOfKey.TryGetValue(((long)frameIndex << 32) | (uint)atomIds[i], out int r))
                Projection.AsSpan(r * k, k).CopyTo(dst);
            else dst.Fill(double.NaN);
        }
        return true;
    }

    /// <summary>A bundle whose primary array is the projection, with the row keys and parameters.</summary>
    protected DataBundle NewBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("projection", NdArray.Of(Projection, RowCount, ComponentCount), "row", "component");
        b.AddCoordinate("frame", "row", NdArray.Of(Frames));
        b.AddCoordinate("atom_id", "row", NdArray.Of(AtomIds));
        b.Attributes["source"] = Source;
        foreach (var (k, v) in Describe()) b.Attributes[k] = v;
        return b;
    }

    public abstract DataBundle ToBundle();

    /// <summary>The projection and row keys of a bundle written by <see cref="NewBundle"/>.</summary>
    protected static (double[] Values, int Rows, int Components, int[] Frames, int[] AtomIds, string Source) ReadProjection(DataBundle b)
    {
        var p = b.Get("projection").Values;
        if (p.Rank == 1) p = p.Reshape(p.Shape[0], 1);
        if (p.Rank != 2) throw new InvalidDataException($"The projection must be 2-D (rows, components), got {p.ShapeText}.");
        int n = p.Shape[0], k = p.Shape[1];
        var frames = b.FindCoordinate("frame") is { } fc && fc.Values.Length == n ? fc.Values.ToInt32Array() : new int[n];
        var atoms = b.FindCoordinate("atom_id") is { } ac && ac.Values.Length == n ? ac.Values.ToInt32Array() : Enumerable.Range(0, n).ToArray();
        return (p.ToDoubleArray(), n, k, frames, atoms, b.GetAttribute("source", b.Kind));
    }

    /// <summary>A 1-D double array stored as a variable or, failing that, as an attribute.</summary>
    protected static double[]? VariableOrAttribute(DataBundle b, string name) =>
        b.Find(name)?.Values.ToDoubleArray() ?? b.GetDoubles(name);
}
