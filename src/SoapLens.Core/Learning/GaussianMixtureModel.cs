using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// A fitted Gaussian mixture in the SoapLens numbering (<see cref="ClusterNumbering"/>): weights,
/// means, covariances and precision Cholesky factors in scikit-learn's shapes (full (k, d, d),
/// tied (d, d), diag (k, d), spherical (k)), the lower bound of the winning start, and methods to
/// score and label any dataset with the same columns.
/// </summary>
public sealed class GaussianMixtureModel : IBundleConvertible
{
    public const string Kind = "GaussianMixtureModel";
    private readonly GaussianMixture.Parameters _p;

    internal GaussianMixtureModel(GaussianMixture.Parameters parameters, double lowerBound, bool converged, int iterations,
        GaussianMixtureOptions options, string[]? featureNames)
    {
        _p = parameters;
        LowerBound = lowerBound;
        Converged = converged;
        IterationCount = iterations;
        Options = options with { ComponentCount = parameters.K, CovarianceType = parameters.Type };
        FeatureNames = featureNames is not null && featureNames.Length == parameters.D ? featureNames
            : Enumerable.Range(0, parameters.D).Select(i => $"c{i}").ToArray();
    }

    public int ComponentCount => _p.K;
    public int FeatureCount => _p.D;
    public CovarianceType CovarianceType => _p.Type;
    public double[] Weights => _p.Weights;

    /// <summary>Component means, ComponentCount × FeatureCount row-major.</summary>
    public double[] Means => _p.Means;

    /// <summary>Covariances, flattened; shape in <see cref="CovarianceShape"/>.</summary>
    public double[] Covariances => _p.Covariances;

    /// <summary>Cholesky factors of the precisions (scikit-learn's precisions_cholesky_), same shape as the covariances.</summary>
    public double[] PrecisionsCholesky => _p.PrecisionsCholesky;

    public int[] CovarianceShape => _p.Type switch
    {
        CovarianceType.Full => [_p.K, _p.D, _p.D],
        CovarianceType.Tied => [_p.D, _p.D],
        CovarianceType.Diag => [_p.K, _p.D],
        _ => [_p.K],
    };

    /// <summary>Mean log-likelihood lower bound of the winning start (scikit-learn's lower_bound_).</summary>
    public double LowerBound { get; }

    /// <summary>Whether the winning start met the tolerance before max_iter.</summary>
    public bool Converged { get; }

    /// <summary>EM iterations of the winning start (n_iter_).</summary>
    public int IterationCount { get; }

    public GaussianMixtureOptions Options { get; }
    public string[] FeatureNames { get; }

    /// <summary>Free parameters: covariances + means + weights − 1 (scikit-learn's _n_parameters).</summary>
    public int ParameterCount
    {
        get
        {
            int k = _p.K, d = _p.D;
            int cov = _p.Type switch
            {
                CovarianceType.Full => k * d * (d + 1) / 2,
                CovarianceType.Tied => d * (d + 1) / 2,
                CovarianceType.Diag => k * d,
                _ => k,
            };
            return cov + k * d + k - 1;
        }
    }

    private void Check(Dataset data)
    {
        if (data.ColumnCount != FeatureCount)
            throw new SoapLensException("MixtureFeatureMismatch", ErrorKind.InvalidArgument,
                $"The mixture was fitted on {FeatureCount} columns but the data ({data.Source}) have {data.ColumnCount}.", data);
    }

    /// <summary>Mean log-likelihood per row (scikit-learn's score).</summary>
    public double Score(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        Check(data);
        return GaussianMixture.EStep(data.Values, data.RowCount, FeatureCount, _p, null, null, threads, cancel) / data.RowCount;
    }

    /// <summary>Responsibilities, rows × components (predict_proba).</summary>
    public double[] PredictProba(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        Check(data);
        var resp = new double[(long)data.RowCount * ComponentCount];
        GaussianMixture.EStep(data.Values, data.RowCount, FeatureCount, _p, resp, null, threads, cancel);
        return resp;
    }

    /// <summary>Bayesian information criterion on <paramref name="data"/>: −2 n score + p ln n.</summary>
    public double Bic(Dataset data, int threads = 0, CancellationToken cancel = default) =>
        -2 * Score(data, threads, cancel) * data.RowCount + ParameterCount * Math.Log(data.RowCount);

    /// <summary>Akaike information criterion on <paramref name="data"/>: −2 n score + 2 p.</summary>
    public double Aic(Dataset data, int threads = 0, CancellationToken cancel = default) =>
        -2 * Score(data, threads, cancel) * data.RowCount + 2 * ParameterCount;

    /// <summary>
    /// Labels every row of <paramref name="data"/> (most responsible component, first on ties) with
    /// Probabilities = the largest responsibility and Membership = all responsibilities; the
    /// parameters record the fit settings, lower bound, and the BIC/AIC on these data.
    /// </summary>
    public ClusterLabels Label(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        Check(data);
        int n = data.RowCount, k = ComponentCount;
        var resp = new double[(long)n * k];
        var labels = new int[n];
        double score = GaussianMixture.EStep(data.Values, n, FeatureCount, _p, resp, labels, threads, cancel) / n;
        var probabilities = new double[n];
        for (int i = 0; i < n; i++) probabilities[i] = resp[(long)i * k + labels[i]];
        var o = Options;
        var parameters = new Dictionary<string, object>
        {
            ["n_components"] = (long)k,
            ["covariance_type"] = o.CovarianceType.ToString().ToLowerInvariant(),
            ["reg_covar"] = o.RegCovar,
            ["tol"] = o.Tolerance,
            ["max_iter"] = (long)o.MaxIterations,
            ["n_init"] = (long)o.InitCount,
            ["random_state"] = (long)o.Seed,
            ["lower_bound"] = LowerBound,
            ["converged"] = Converged,
            ["n_iter"] = (long)IterationCount,
            ["score"] = score,
            ["bic"] = -2 * score * n + ParameterCount * Math.Log(n),
            ["aic"] = -2 * score * n + 2 * ParameterCount,
        };
        return new ClusterLabels(labels, data.Frames, data.AtomIds, k, "GaussianMixture", probabilities, resp, parameters) { Model = this };
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("means", NdArray.Of(Means, ComponentCount, FeatureCount), "component", "feature");
        BundleArrays.AddWithCopy(b, "weights", Weights, [ComponentCount], "component");
        var dims = CovarianceType switch
        {
            CovarianceType.Full => new[] { "component", "feature", "feature2" },
            CovarianceType.Tied => ["feature", "feature2"],
            CovarianceType.Diag => ["component", "feature"],
            _ => ["component"],
        };
        BundleArrays.AddWithCopy(b, "covariances", Covariances, CovarianceShape, dims);
        b.Add("precisions_cholesky", NdArray.Of(PrecisionsCholesky, CovarianceShape), dims);
        b.Attributes["covariance_type"] = CovarianceType.ToString().ToLowerInvariant();
        b.Attributes["lower_bound"] = LowerBound;
        b.Attributes["converged"] = Converged;
        b.Attributes["n_iter"] = (long)IterationCount;
        b.Attributes["reg_covar"] = Options.RegCovar;
        b.Attributes["tol"] = Options.Tolerance;
        b.Attributes["max_iter"] = (long)Options.MaxIterations;
        b.Attributes["n_init"] = (long)Options.InitCount;
        b.Attributes["random_state"] = (long)Options.Seed;
        b.Attributes["feature_names"] = FeatureNames;
        return b;
    }

    public static GaussianMixtureModel FromBundle(DataBundle b)
    {
        var means = b.Get("means").Values;
        int k = means.Shape[0], d = means.Rank > 1 ? means.Shape[1] : 1;
        var type = Enum.Parse<CovarianceType>(b.GetAttribute("covariance_type", "full"), ignoreCase: true);
        var cov = BundleArrays.Get(b, "covariances");
        var p = new GaussianMixture.Parameters(type, k, d, BundleArrays.Get(b, "weights"), means.ToDoubleArray(), cov,
            b.Find("precisions_cholesky")?.Values.ToDoubleArray() ?? GaussianMixture.PrecisionCholesky(type, k, d, cov));
        var options = new GaussianMixtureOptions
        {
            ComponentCount = k,
            CovarianceType = type,
            RegCovar = b.GetAttribute("reg_covar", 1e-6),
            Tolerance = b.GetAttribute("tol", 1e-3),
            MaxIterations = (int)b.GetAttribute("max_iter", 100L),
            InitCount = (int)b.GetAttribute("n_init", 1L),
            Seed = (uint)b.GetAttribute("random_state", 0L),
        };
        return new GaussianMixtureModel(p, b.GetAttribute("lower_bound", double.NaN), b.GetAttribute("converged", false),
            (int)b.GetAttribute("n_iter", 0L), options, b.GetStrings("feature_names"));
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"Gaussian mixture: {ComponentCount} {CovarianceType.ToString().ToLowerInvariant()} components in {FeatureCount} dimensions, lower bound {LowerBound:G8}{(Converged ? "" : " (not converged)")}");
}
