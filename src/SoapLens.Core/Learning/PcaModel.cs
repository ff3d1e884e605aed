using System.Globalization;
using System.Numerics;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>How the number of principal components was chosen.</summary>
public enum PcaSelection
{
    /// <summary>All min(samples, features) components (scikit-learn's n_components=None).</summary>
    All,
    /// <summary>A given number of components.</summary>
    Count,
    /// <summary>The fewest components whose cumulative explained-variance ratio exceeds a fraction.</summary>
    Variance,
}

/// <summary>
/// A fitted PCA (scikit-learn's PCA numbers): the mean, the principal axes (rows of
/// <see cref="Components"/>, unit length, largest-|loading| entry positive) and the whole
/// explained-variance spectrum. <see cref="Transform(Dataset, int, CancellationToken)"/> projects
/// any dataset with the same columns.
/// </summary>
public sealed class PcaModel : IBundleConvertible
{
    public const string Kind = "PcaModel";

    public PcaModel(double[] mean, double[] components, int componentCount, double[] explainedVariance,
        double[] explainedVarianceRatio, double[] singularValues, long sampleCount, double totalVariance,
        PcaSelection selection, double? varianceThreshold = null, string[]? featureNames = null)
    {
        int d = mean.Length;
        if (componentCount < 0 || components.LongLength != (long)componentCount * d)
            throw new ArgumentException("Components must be componentCount × features.");
        if (explainedVarianceRatio.Length != explainedVariance.Length || singularValues.Length != explainedVariance.Length)
            throw new ArgumentException("The explained variance, ratio and singular value spectra must have the same length.");
        if (componentCount > explainedVariance.Length)
            throw new ArgumentException("More components than spectrum entries.");
        if (featureNames is not null && featureNames.Length != d) throw new ArgumentException("One feature name per column is needed.");
        Mean = mean;
        Components = components;
        ComponentCount = componentCount;
        ExplainedVariance = explainedVariance;
        ExplainedVarianceRatio = explainedVarianceRatio;
        SingularValues = singularValues;
        SampleCount = sampleCount;
        TotalVariance = totalVariance;
        Selection = selection;
        VarianceThreshold = varianceThreshold;
        FeatureNames = featureNames ?? Enumerable.Range(0, d).Select(i => $"c{i}").ToArray();
    }

    /// <summary>Column means of the fitted data (features).</summary>
    public double[] Mean { get; }

    /// <summary>Principal axes, ComponentCount × FeatureCount row-major (row i = axis i + 1).</summary>
    public double[] Components { get; }

    public int ComponentCount { get; }
    public int FeatureCount => Mean.Length;
    public long SampleCount { get; }

    /// <summary>Variance along every axis, s²/(N − 1), for all min(N, D) axes in descending order.</summary>
    public double[] ExplainedVariance { get; }

    /// <summary>ExplainedVariance / TotalVariance, all min(N, D) axes.</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>Singular values of the centred data, all min(N, D) axes.</summary>
    public double[] SingularValues { get; }

    /// <summary>Total variance (trace of the covariance).</summary>
    public double TotalVariance { get; }

    public PcaSelection Selection { get; }
    public double? VarianceThreshold { get; }
    public string[] FeatureNames { get; }

    /// <summary>Names of the projected columns: pc1 .. pcK.</summary>
    public string[] ComponentNames => NamesFor(ComponentCount);

    internal static string[] NamesFor(int count) => Enumerable.Range(1, count).Select(i => "pc" + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Fraction of the variance the kept components explain.</summary>
    public double KeptVarianceRatio
    {
        get
        {
            double s = 0;
            for (int i = 0; i < ComponentCount; i++) s += ExplainedVarianceRatio[i];
            return s;
        }
    }

    /// <summary>Running sum of <see cref="ExplainedVarianceRatio"/>.</summary>
    public double[] CumulativeVarianceRatio()
    {
        var c = new double[ExplainedVarianceRatio.Length];
        double s = 0;
        for (int i = 0; i < c.Length; i++) c[i] = s += ExplainedVarianceRatio[i];
        return c;
    }

    /// <summary>Axis <paramref name="index"/> (0-based) as a new array.</summary>
    public double[] Component(int index)
    {
        if ((uint)index >= (uint)ComponentCount) throw new ArgumentOutOfRangeException(nameof(index));
        return Components.AsSpan(index * FeatureCount, FeatureCount).ToArray();
    }

    /// <summary>Scores of one row: (x − mean) · axis_i for every kept axis.</summary>
    public void Transform(ReadOnlySpan<double> row, Span<double> scores, Span<double> scratch)
    {
        int d = FeatureCount;
        for (int j = 0; j < d; j++) scratch[j] = row[j] - Mean[j];
        var x = scratch[..d];
        for (int c = 0; c < ComponentCount; c++) scores[c] = Dot(x, Components.AsSpan(c * d, d));
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int j = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= 2 * Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            int w = Vector<double>.Count;
            for (; j <= a.Length - w; j += w) acc += new Vector<double>(a[j..]) * new Vector<double>(b[j..]);
            s = Vector.Sum(acc);
        }
        for (; j < a.Length; j++) s += a[j] * b[j];
        return s;
    }

    /// <summary>
    /// Projects <paramref name="data"/> onto the kept axes: a dataset with the same row keys and
    /// columns pc1..pcK. Rows are independent, so the result does not depend on the thread count.
    /// </summary>
    public Dataset Transform(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        if (data.ColumnCount != FeatureCount)
            throw new SoapLensException("PcaFeatureMismatch", ErrorKind.InvalidArgument,
                $"The PCA model was fitted on {FeatureCount} columns but the data ({data.Source}) have {data.ColumnCount}.", data);
        int n = data.RowCount, d = FeatureCount, k = ComponentCount;
        var output = new double[(long)n * k];
        const int chunk = 1024;
        int chunks = (n + chunk - 1) / chunk;
        var x = data.Values;
        RowChunks.For(chunks, threads, cancel, c =>
        {
            var scratch = new double[d];
            int end = Math.Min(n, (c + 1) * chunk);
            for (int r = c * chunk; r < end; r++)
                Transform(x.AsSpan((int)((long)r * d), d), output.AsSpan((int)((long)r * k), k), scratch);
        });
        var parameters = new Dictionary<string, object> { ["n_components"] = (long)k };
        return new Dataset(output, n, k, data.Frames, data.AtomIds, ComponentNames, $"PCA of {data.Source}", parameters);
    }

    // --- bundles ---------------------------------------------------------------------------

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        AddTo(b, copies: true);
        return b;
    }

    /// <summary>
    /// Adds the model's arrays and attributes to a bundle (also used by <see cref="PcaResult"/>). With
    /// <paramref name="copies"/>, the mean and spectra are also attributes, so that a single-array
    /// export of the model (components) still rebuilds it.
    /// </summary>
    internal void AddTo(DataBundle b, bool copies)
    {
        b.Add("components", NdArray.Of(Components, ComponentCount, FeatureCount), "component", "feature");
        foreach (var (name, values, dim) in new[]
                 {
                     ("explained_variance_ratio", ExplainedVarianceRatio, "spectrum"), ("explained_variance", ExplainedVariance, "spectrum"),
                     ("singular_values", SingularValues, "spectrum"), ("mean", Mean, "feature"),
                 })
        {
            if (copies) BundleArrays.AddWithCopy(b, name, values, [values.Length], dim);
            else b.Add(name, NdArray.Of(values), dim);
        }
        b.Attributes["n_components"] = (long)ComponentCount;
        b.Attributes["n_samples"] = SampleCount;
        b.Attributes["total_variance"] = TotalVariance;
        b.Attributes["selection"] = Selection.ToString();
        if (VarianceThreshold is { } v) b.Attributes["variance_threshold"] = v;
        b.Attributes["feature_names"] = FeatureNames;
    }

    public static PcaModel FromBundle(DataBundle b)
    {
        var comps = b.Get("components").Values;
        var mean = BundleArrays.Get(b, "mean");
        int k = comps.Rank == 2 ? comps.Shape[0] : (mean.Length == 0 ? 0 : (int)(comps.Length / mean.Length));
        var selection = Enum.TryParse<PcaSelection>(b.GetAttribute("selection", nameof(PcaSelection.Count)), true, out var s) ? s : PcaSelection.Count;
        double? threshold = b.Attributes.ContainsKey("variance_threshold") ? b.GetAttribute("variance_threshold", 0.0) : null;
        return new PcaModel(mean, comps.ToDoubleArray(), k,
            BundleArrays.Get(b, "explained_variance"),
            BundleArrays.Get(b, "explained_variance_ratio"),
            BundleArrays.Get(b, "singular_values"),
            b.GetAttribute("n_samples", 0L), b.GetAttribute("total_variance", double.NaN), selection, threshold,
            b.GetStrings("feature_names") is { } names && names.Length == mean.Length ? names : null);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"PCA {FeatureCount} -> {ComponentCount} components ({100 * KeptVarianceRatio:F2} % of the variance, {SampleCount} samples)");
}
