using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// A fitted k-means: the centres in the SoapLens numbering (<see cref="ClusterNumbering"/>), the
/// inertia (sum of squared distances of the fitted rows to their centres) and the settings.
/// </summary>
public sealed class KMeansModel : IBundleConvertible
{
    public const string Kind = "KMeansModel";

    public KMeansModel(double[] centres, int clusterCount, int featureCount, double inertia, int iterations, KMeansOptions options,
        string[]? featureNames = null)
    {
        if (centres.Length != clusterCount * featureCount) throw new ArgumentException("Centres must be clusters × features.");
        Centres = centres;
        ClusterCount = clusterCount;
        FeatureCount = featureCount;
        Inertia = inertia;
        IterationCount = iterations;
        Options = options;
        FeatureNames = featureNames is not null && featureNames.Length == featureCount ? featureNames
            : Enumerable.Range(0, featureCount).Select(i => $"c{i}").ToArray();
    }

    /// <summary>Cluster centres, ClusterCount × FeatureCount row-major.</summary>
    public double[] Centres { get; }
    public int ClusterCount { get; }
    public int FeatureCount { get; }
    public double Inertia { get; }

    /// <summary>Lloyd iterations of the winning start.</summary>
    public int IterationCount { get; }
    public KMeansOptions Options { get; }
    public string[] FeatureNames { get; }

    /// <summary>Nearest centre (first on ties) of every row of <paramref name="data"/>.</summary>
    public int[] Predict(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        if (data.ColumnCount != FeatureCount)
            throw new SoapLensException("KMeansFeatureMismatch", ErrorKind.InvalidArgument,
                $"The k-means model was fitted on {FeatureCount} columns but the data ({data.Source}) have {data.ColumnCount}.", data);
        var labels = new int[data.RowCount];
        KMeans.Assign(data.Values, data.RowCount, FeatureCount, ClusterCount, Centres, labels, threads, cancel);
        return labels;
    }

    /// <summary>Labels of <paramref name="data"/> with this model attached.</summary>
    public ClusterLabels ToLabels(Dataset data, int[] labels, KMeansOptions? settings = null)
    {
        var o = settings ?? Options;
        var parameters = new Dictionary<string, object>
        {
            ["n_clusters"] = (long)ClusterCount,
            ["n_init"] = (long)o.InitCount,
            ["max_iter"] = (long)o.MaxIterations,
            ["tol"] = o.Tolerance,
            ["random_state"] = (long)o.Seed,
            ["inertia"] = Inertia,
            ["n_iter"] = (long)IterationCount,
        };
        return new ClusterLabels(labels, data.Frames, data.AtomIds, ClusterCount, "KMeans", parameters: parameters) { Model = this };
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("centers", NdArray.Of(Centres, ClusterCount, FeatureCount), "cluster", "feature");
        b.Attributes["inertia"] = Inertia;
        b.Attributes["n_iter"] = (long)IterationCount;
        b.Attributes["n_init"] = (long)Options.InitCount;
        b.Attributes["max_iter"] = (long)Options.MaxIterations;
        b.Attributes["tol"] = Options.Tolerance;
        b.Attributes["random_state"] = (long)Options.Seed;
        b.Attributes["feature_names"] = FeatureNames;
        return b;
    }

    public static KMeansModel FromBundle(DataBundle b)
    {
        var c = b.Get("centers").Values;
        int k = c.Shape[0], d = c.Rank > 1 ? c.Shape[1] : 1;
        var options = new KMeansOptions
        {
            ClusterCount = k,
            InitCount = (int)b.GetAttribute("n_init", 10L),
            MaxIterations = (int)b.GetAttribute("max_iter", 300L),
            Tolerance = b.GetAttribute("tol", 1e-4),
            Seed = (uint)b.GetAttribute("random_state", 0L),
        };
        return new KMeansModel(c.ToDoubleArray(), k, d, b.GetAttribute("inertia", double.NaN), (int)b.GetAttribute("n_iter", 0L), options,
            b.GetStrings("feature_names"));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"k-means: {ClusterCount} clusters in {FeatureCount} dimensions, inertia {Inertia:G6}");
}
