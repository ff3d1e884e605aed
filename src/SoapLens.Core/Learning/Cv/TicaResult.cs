using System.Globalization;
using SoapLens.Data;

namespace SoapLens.Learning.Cv;

/// <summary>
/// A TICA fit on one dataset: the model (eigenvalues, eigenvectors, implied timescales, VAMP-2) and
/// the projection of every input row onto the leading components (columns tic1, tic2...).
/// </summary>
public sealed class TicaResult : CvResult
{
    public const string ResultKind = "TicaResult";

    public TicaResult(TicaModel model, double[] projection, int rowCount, int componentCount, int[] frames, int[] atomIds,
        bool kineticMap, bool singleSeries, string source)
        : base(projection, rowCount, componentCount, frames, atomIds, "tic", source)
    {
        Model = model;
        KineticMap = kineticMap;
        SingleSeries = singleSeries;
    }

    public TicaModel Model { get; }
    public bool KineticMap { get; }
    /// <summary>True when the input was read as one time series in row order (all rows in one frame).</summary>
    public bool SingleSeries { get; }
    public int Lag => Model.Lag;
    public int Dimension => Model.Dimension;
    public double[] Eigenvalues => Model.Eigenvalues;
    /// <summary>Implied timescales in frames, one per eigenvalue.</summary>
    public double[] Timescales => Model.Timescales;
    public double Vamp2 => Model.Vamp2;

    protected override string Kind => ResultKind;

    protected override IReadOnlyDictionary<string, object> Describe() => new Dictionary<string, object>
    {
        ["method"] = "TICA",
        ["lag"] = (long)Lag,
        ["regularization"] = Model.Regularization,
        ["epsilon"] = Model.Epsilon,
        ["kinetic_map"] = KineticMap,
        ["single_series"] = SingleSeries,
        ["pair_count"] = Model.PairCount,
        ["feature_names"] = Model.FeatureNames,
        ["eigenvalues"] = Model.Eigenvalues,
        ["vamp2"] = Model.Vamp2,
    };

    public override DataBundle ToBundle()
    {
        var b = NewBundle();
        int d = Dimension;
        b.Add("eigenvalues", NdArray.Of(Model.Eigenvalues), "mode");
        b.Add("timescales", NdArray.Of(Model.Timescales), "mode");
        b.Add("vamp2_cumulative", NdArray.Of(Model.Vamp2Cumulative), "mode");
        b.Add("mean", NdArray.Of(Model.Mean), "feature");
        if (Model.Eigenvectors is not null) b.Add("eigenvectors", NdArray.Of(Model.Eigenvectors, d, d), "feature", "mode");
        if (Model.C00 is not null) b.Add("c00", NdArray.Of(Model.C00, d, d), "feature", "feature_b");
        if (Model.C0t is not null) b.Add("c0t", NdArray.Of(Model.C0t, d, d), "feature", "feature_b");
        return b;
    }

    public static TicaResult FromBundle(DataBundle b)
    {
        var (y, n, k, frames, atoms, source) = ReadProjection(b);
        var lambda = VariableOrAttribute(b, "eigenvalues") ?? throw new InvalidDataException("The TICA result has no eigenvalues.");
        int d = lambda.Length;
        var mean = b.Find("mean")?.Values.ToDoubleArray() ?? Enumerable.Repeat(double.NaN, d).ToArray();
        var names = b.GetStrings("feature_names") is { } s && s.Length == d ? s : Enumerable.Range(0, d).Select(i => $"c{i}").ToArray();
        var model = new TicaModel(checked((int)b.GetAttribute("lag", 1L)), mean, lambda, b.Find("eigenvectors")?.Values.ToDoubleArray(),
            b.GetAttribute("regularization", double.NaN), b.GetAttribute("epsilon", double.NaN), b.GetAttribute("pair_count", 0L), names,
            b.Find("c00")?.Values.ToDoubleArray(), b.Find("c0t")?.Values.ToDoubleArray());
        return new TicaResult(model, y, n, k, frames, atoms, b.GetAttribute("kinetic_map", false), b.GetAttribute("single_series", false), source);
    }

    public override string ToString()
    {
        var t = Timescales;
        string slow = t.Length > 0 ? t[0].ToString("G4", CultureInfo.InvariantCulture) : "-";
        return $"TICA lag {Lag}: {ComponentCount} of {Dimension} components over {RowCount} rows, t1 = {slow} frames";
    }
}
