using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// What Invoke-Pca returns: the fitted <see cref="Model"/> and the <see cref="Projection"/> of the
/// input (same row keys, columns pc1..pcK). It feeds the clustering cmdlets as a dataset and can
/// colour trajectory atoms by their scores.
/// </summary>
public sealed partial class PcaResult : IBundleConvertible, IDatasetSource, IPerAtomColumns
{
    public const string Kind = "PcaResult";
    private RowKeyIndex? _index;

    public PcaResult(PcaModel model, Dataset projection)
    {
        if (projection.ColumnCount != model.ComponentCount)
            throw new ArgumentException("The projection must have one column per component.");
        Model = model;
        Projection = projection;
    }

    public PcaModel Model { get; }

    /// <summary>Scores, rows × components, keyed like the input rows.</summary>
    public Dataset Projection { get; }

    public int RowCount => Projection.RowCount;
    public int ComponentCount => Model.ComponentCount;

    /// <summary>Lets a result stand wherever a model is expected (Invoke-Pca -Model $previousResult).</summary>
    public static implicit operator PcaModel(PcaResult result) => result.Model;

    public Dataset ToDataset() => Projection;

    IReadOnlyList<string> IPerAtomColumns.ColumnNames => Projection.ColumnNames;

    public bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        _index ??= new RowKeyIndex(Projection.Frames, Projection.AtomIds);
        return _index.FillFrame(Projection.Values, Projection.ColumnCount, frameIndex, atomIds, destination);
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        var p = Projection;
        b.Add("projection", NdArray.Of(p.Values, p.RowCount, p.ColumnCount), "row", "component");
        b.AddCoordinate("frame", "row", NdArray.Of(p.Frames));
        b.AddCoordinate("atom_id", "row", NdArray.Of(p.AtomIds));
        Model.AddTo(b, copies: false);
        b.Attributes["column_names"] = p.ColumnNames;
        b.Attributes["source"] = p.Source;
        return b;
    }

    /// <summary>The result from a bundle that holds the projection and the model arrays (HDF5, or in memory).</summary>
    public static PcaResult FromBundle(DataBundle b)
    {
        var model = PcaModel.FromBundle(b);
        return new PcaResult(model, ProjectionFrom(b, model.ComponentCount));
    }

    /// <summary>
    /// What Import-SoapLensData rebuilds: the whole result when the model arrays are there, else
    /// (a single-array .npy/.csv export) the projection as a Dataset with columns pc1..pcK.
    /// </summary>
    public static object Restore(DataBundle b) =>
        b.Find("components") is null ? ProjectionFrom(b, null) : FromBundle(b);

    private static Dataset ProjectionFrom(DataBundle b, int? components)
    {
        var v = b.Get("projection").Values;
        int n = v.Shape[0], k = v.Rank > 1 ? v.Shape[1] : 1;
        if (components is { } c && c != k) throw new SoapLensException("BundleInvalid", ErrorKind.InvalidData, $"The projection has {k} columns but the model {c} components.");
        var frames = b.FindCoordinate("frame")?.Values.ToInt32Array() ?? new int[n];
        var atoms = b.FindCoordinate("atom_id")?.Values.ToInt32Array() ?? Enumerable.Range(0, n).ToArray();
        return new Dataset(v.ToDoubleArray(), n, k, frames, atoms, PcaModel.NamesFor(k), b.GetAttribute("source", "PCA"),
            new Dictionary<string, object> { ["n_components"] = (long)k });
    }

    public override string ToString() => $"{Model} over {RowCount} rows";
}
