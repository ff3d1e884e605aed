using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>Covariance model of each mixture component (scikit-learn's covariance_type).</summary>
public enum CovarianceType
{
    /// <summary>Each component has its own general covariance matrix.</summary>
    Full,
    /// <summary>All components share one general covariance matrix.</summary>
    Tied,
    /// <summary>Each component has its own diagonal covariance.</summary>
    Diag,
    /// <summary>Each component has its own single variance.</summary>
    Spherical,
}

/// <summary>Settings of a Gaussian-mixture fit (scikit-learn's GaussianMixture names in the comments).</summary>
public sealed record GaussianMixtureOptions
{
    /// <summary>n_components.</summary>
    public int ComponentCount { get; init; } = 1;

    /// <summary>covariance_type.</summary>
    public CovarianceType CovarianceType { get; init; } = CovarianceType.Full;

    /// <summary>reg_covar: added to the covariance diagonals.</summary>
    public double RegCovar { get; init; } = 1e-6;

    /// <summary>tol: convergence when the mean log-likelihood lower bound changes by less.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>max_iter: EM iterations per start.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>n_init: starts; the highest lower bound wins.</summary>
    public int InitCount { get; init; } = 1;

    /// <summary>random_state: same stream as NumPy's RandomState(seed).</summary>
    public uint Seed { get; init; }

    /// <summary>Worker threads (≤ 0: all cores). Results do not depend on it.</summary>
    public int Threads { get; init; }
}

/// <summary>
/// Gaussian mixtures as scikit-learn 1.2's GaussianMixture(init_params='kmeans'): responsibilities
/// initialised one-hot from KMeans(n_init=1) drawing from the same NumPy RandomState(seed) stream,
/// EM with the Cholesky-of-precision parametrisation, lower bound = mean log-likelihood of the
/// E-step, stop when it changes by less than tol, best of n_init starts, a final E-step for the
/// labels and responsibilities. Components are then numbered by <see cref="ClusterNumbering"/>.
/// </summary>
public static class GaussianMixture
{
    private const double Log2Pi = 1.8378770664093453;
    private const double TenEps = 10 * 2.220446049250313e-16;

    /// <summary>
    /// Fits and labels every row. Probabilities = the largest responsibility of each row,
    /// Membership = all responsibilities (rows × components); the labels carry the model.
    /// </summary>
    public static ClusterLabels FitPredict(Dataset data, GaussianMixtureOptions options, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var model = Fit(data, options, progress, cancel);
        return model.Label(data, options.Threads, cancel);
    }

    /// <summary>Fits a model. <paramref name="progress"/> gets (start, iteration) on the calling thread.</summary>
    public static GaussianMixtureModel Fit(Dataset data, GaussianMixtureOptions options, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        Validate(data, options);
        var x = data.Values;
        int n = data.RowCount, d = data.ColumnCount, k = options.ComponentCount;
        var rs = new NumpyRandomState(options.Seed);
        var resp = new double[(long)n * k];
        Parameters? best = null;
        double bestBound = double.NegativeInfinity;
        int bestIterations = 0;
        bool bestConverged = false;
        var kmeans = new KMeansOptions { ClusterCount = k, InitCount = 1, Threads = options.Threads };
        for (int init = 0; init < options.InitCount; init++)
        {
            progress?.Invoke(init, 0);
            var start = KMeans.Best(data, kmeans, rs, null, cancel);
            Array.Clear(resp);
            for (int i = 0; i < n; i++) resp[(long)i * k + start.Labels[i]] = 1;
            var p = Estimate(x, n, d, k, resp, options, cancel);
            for (int c = 0; c < k; c++) p.Weights[c] /= n;
            double bound = double.NegativeInfinity;
            bool converged = false;
            int iteration = 0;
            for (iteration = 1; iteration <= options.MaxIterations; iteration++)
            {
                cancel.ThrowIfCancellationRequested();
                double previous = bound;
                bound = EStep(x, n, d, p, resp, null, options.Threads, cancel) / n;
                p = Estimate(x, n, d, k, resp, options, cancel);
                double sum = 0;
                for (int c = 0; c < k; c++) sum += p.Weights[c];
                for (int c = 0; c < k; c++) p.Weights[c] /= sum;
                progress?.Invoke(init, iteration);
                if (Math.Abs(bound - previous) < options.Tolerance) { converged = true; break; }
            }
            iteration = Math.Min(iteration, options.MaxIterations);
            if (bound > bestBound || best is null)
            {
                bestBound = bound;
                best = p;
                bestIterations = iteration;
                bestConverged = converged;
            }
        }

        var order = ClusterNumbering.ByCentre(best!.Means, k, d);
        return new GaussianMixtureModel(best.Permute(order), bestBound, bestConverged, bestIterations, options, data.ColumnNames);
    }

    private static void Validate(Dataset data, GaussianMixtureOptions o)
    {
        KMeans.ValidateData(data, o.ComponentCount, "ComponentCount", $"A mixture of {o.ComponentCount} components", o.Threads);
        if (!(o.RegCovar >= 0)) throw SoapLensException.Argument($"RegCovar must be zero or positive; got {o.RegCovar}.", o.RegCovar);
        if (!(o.Tolerance >= 0)) throw SoapLensException.Argument($"Tolerance must be zero or positive; got {o.Tolerance}.", o.Tolerance);
        if (o.MaxIterations < 1) throw SoapLensException.Argument($"MaxIterations must be at least 1; got {o.MaxIterations}.", o.MaxIterations);
        if (o.InitCount < 1) throw SoapLensException.Argument($"InitCount must be at least 1; got {o.InitCount}.", o.InitCount);
    }

    /// <summary>Mixture parameters in scikit-learn's shapes (covariances: full k·d·d, tied d·d, diag k·d, spherical k).</summary>
    internal sealed record Parameters(CovarianceType Type, int K, int D, double[] Weights, double[] Means, double[] Covariances, double[] PrecisionsCholesky)
    {
        /// <summary>Per-component width of the covariance arrays (0 for tied: one shared block).</summary>
        public int CovWidth => Type switch { CovarianceType.Full => D * D, CovarianceType.Diag => D, CovarianceType.Spherical => 1, _ => 0 };

        public Parameters Permute(int[] order)
        {
            int w = CovWidth;
            return this with
            {
                Weights = order.Select(i => Weights[i]).ToArray(),
                Means = ClusterNumbering.PermuteRows(Means, order, D),
                Covariances = w == 0 ? Covariances : ClusterNumbering.PermuteRows(Covariances, order, w),
                PrecisionsCholesky = w == 0 ? PrecisionsCholesky : ClusterNumbering.PermuteRows(PrecisionsCholesky, order, w),
            };
        }
    }

    /// <summary>
    /// M-step (scikit-learn's _estimate_gaussian_parameters + _compute_precision_cholesky):
    /// nk = Σ resp + 10 eps, means, covariances + reg_covar; weights = nk (callers normalise).
    /// </summary>
    internal static Parameters Estimate(double[] x, int n, int d, int k, double[] resp, GaussianMixtureOptions o, CancellationToken cancel)
    {
        var first = RowChunks.Sum(n, k + k * d, o.Threads, cancel, (start, end, p) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (int c = 0; c < k; c++)
                {
                    double r = resp[(long)i * k + c];
                    if (r == 0) continue;
                    p[c] += r;
                    var s = p.Slice(k + c * d, d);
                    for (int j = 0; j < d; j++) s[j] += r * row[j];
                }
            }
        });
        var nk = new double[k];
        var means = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            nk[c] = first[c] + TenEps;
            for (int j = 0; j < d; j++) means[c * d + j] = first[k + c * d + j] / nk[c];
        }

        var type = o.CovarianceType;
        bool full = type is CovarianceType.Full or CovarianceType.Tied;
        int block = full ? d * d : d;
        var second = RowChunks.Sum(n, k * block, o.Threads, cancel, (start, end, p) =>
        {
            Span<double> diff = stackalloc double[d];
            for (int i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                for (int c = 0; c < k; c++)
                {
                    double r = resp[(long)i * k + c];
                    if (r == 0) continue;
                    for (int j = 0; j < d; j++) diff[j] = row[j] - means[c * d + j];
                    var s = p.Slice(c * block, block);
                    if (full)
                    {
                        for (int a = 0; a < d; a++)
                        {
                            double ra = r * diff[a];
                            for (int b = a; b < d; b++) s[a * d + b] += ra * diff[b];
                        }
                    }
                    else
                    {
                        for (int j = 0; j < d; j++) s[j] += r * diff[j] * diff[j];
                    }
                }
            }
        });

        double[] cov;
        switch (type)
        {
            case CovarianceType.Full:
                cov = new double[k * d * d];
                for (int c = 0; c < k; c++)
                    for (int a = 0; a < d; a++)
                        for (int b = a; b < d; b++)
                        {
                            double v = second[c * block + a * d + b] / nk[c] + (a == b ? o.RegCovar : 0);
                            cov[c * d * d + a * d + b] = v;
                            cov[c * d * d + b * d + a] = v;
                        }
                break;
            case CovarianceType.Tied:
                cov = new double[d * d];
                double total = nk.Sum();
                for (int a = 0; a < d; a++)
                    for (int b = a; b < d; b++)
                    {
                        double s = 0;
                        for (int c = 0; c < k; c++) s += second[c * block + a * d + b];
                        double v = s / total + (a == b ? o.RegCovar : 0);
                        cov[a * d + b] = v;
                        cov[b * d + a] = v;
                    }
                break;
            case CovarianceType.Diag:
                cov = new double[k * d];
                for (int c = 0; c < k; c++)
                    for (int j = 0; j < d; j++) cov[c * d + j] = second[c * d + j] / nk[c] + o.RegCovar;
                break;
            default:
                cov = new double[k];
                for (int c = 0; c < k; c++)
                {
                    double s = 0;
                    for (int j = 0; j < d; j++) s += second[c * d + j] / nk[c] + o.RegCovar;
                    cov[c] = s / d;
                }
                break;
        }
        return new Parameters(type, k, d, nk, means, cov, PrecisionCholesky(type, k, d, cov));
    }

    /// <summary>Cholesky factors of the precisions: (L⁻¹)ᵀ for cov = L Lᵀ (upper), or 1/σ.</summary>
    internal static double[] PrecisionCholesky(CovarianceType type, int k, int d, double[] cov)
    {
        const string Message = "Fitting the mixture model failed because some components have ill-defined empirical covariance " +
                               "(for instance caused by singleton or collapsed samples). Try to decrease the number of components, or increase RegCovar.";
        if (type is CovarianceType.Diag or CovarianceType.Spherical)
        {
            var p = new double[cov.Length];
            for (int i = 0; i < cov.Length; i++)
            {
                if (!(cov[i] > 0)) throw new SoapLensException("MixtureIllDefined", ErrorKind.InvalidData, Message);
                p[i] = 1 / Math.Sqrt(cov[i]);
            }
            return p;
        }
        int blocks = type == CovarianceType.Tied ? 1 : k;
        var result = new double[blocks * d * d];
        var l = new double[d * d];
        for (int c = 0; c < blocks; c++)
        {
            var a = cov.AsSpan(c * d * d, d * d);
            Array.Clear(l);
            for (int i = 0; i < d; i++)
            {
                for (int j = 0; j <= i; j++)
                {
                    double s = a[i * d + j];
                    for (int m = 0; m < j; m++) s -= l[i * d + m] * l[j * d + m];
                    if (i == j)
                    {
                        if (!(s > 0)) throw new SoapLensException("MixtureIllDefined", ErrorKind.InvalidData, Message);
                        l[i * d + i] = Math.Sqrt(s);
                    }
                    else
                    {
                        l[i * d + j] = s / l[j * d + j];
                    }
                }
            }
            // Solve L Y = I (Y lower), then the precision factor is Yᵀ (upper).
            var p = result.AsSpan(c * d * d, d * d);
            for (int col = 0; col < d; col++)
                for (int i = col; i < d; i++)
                {
                    double s = i == col ? 1 : 0;
                    for (int m = col; m < i; m++) s -= l[i * d + m] * p[col * d + m];
                    p[col * d + i] = s / l[i * d + i];   // Y[i][col] stored at p[col][i] = (Yᵀ)[col][i]
                }
        }
        return result;
    }

    /// <summary>
    /// E-step: for each row the log-likelihood log Σ_c w_c N(x | μ_c, Σ_c) (log-sum-exp) and the
    /// responsibilities (written to <paramref name="resp"/>, rows × components); the hard labels
    /// (argmax, first on ties) when <paramref name="labels"/> is given. Returns the sum of the
    /// log-likelihoods in a fixed order.
    /// </summary>
    internal static double EStep(double[] x, int n, int d, Parameters p, double[]? resp, int[]? labels, int threads, CancellationToken cancel)
    {
        int k = p.K;
        var logWeights = p.Weights.Select(w => Math.Log(w)).ToArray();
        var logDet = new double[k];
        for (int c = 0; c < k; c++) logDet[c] = LogDet(p, c);
        return RowChunks.Sum(n, 1, threads, cancel, (start, end, partial) =>
        {
            Span<double> w = stackalloc double[k];
            Span<double> diff = stackalloc double[d];
            for (int i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                double max = double.NegativeInfinity;
                int arg = 0;
                for (int c = 0; c < k; c++)
                {
                    for (int j = 0; j < d; j++) diff[j] = row[j] - p.Means[c * d + j];
                    double v = -0.5 * (d * Log2Pi + Mahalanobis(p, c, diff)) + logDet[c] + logWeights[c];
                    w[c] = v;
                    if (v > max) { max = v; arg = c; }
                }
                double s = 0;
                for (int c = 0; c < k; c++) s += Math.Exp(w[c] - max);
                double lse = Math.Log(s) + max;
                partial[0] += lse;
                if (resp is not null)
                    for (int c = 0; c < k; c++) resp[(long)i * k + c] = Math.Exp(w[c] - lse);
                if (labels is not null) labels[i] = arg;
            }
        })[0];
    }

    /// <summary>‖(x − μ)ᵀ P‖² for the precision Cholesky factor P of component c.</summary>
    private static double Mahalanobis(Parameters p, int c, ReadOnlySpan<double> diff)
    {
        int d = p.D;
        var pc = p.PrecisionsCholesky;
        switch (p.Type)
        {
            case CovarianceType.Full:
            case CovarianceType.Tied:
            {
                int off = p.Type == CovarianceType.Full ? c * d * d : 0;
                double sq = 0;
                for (int j = 0; j < d; j++)
                {
                    double y = 0;
                    for (int i = 0; i <= j; i++) y += diff[i] * pc[off + i * d + j];
                    sq += y * y;
                }
                return sq;
            }
            case CovarianceType.Diag:
            {
                double sq = 0;
                for (int j = 0; j < d; j++) { double y = diff[j] * pc[c * d + j]; sq += y * y; }
                return sq;
            }
            default:
            {
                double sq = 0;
                for (int j = 0; j < d; j++) sq += diff[j] * diff[j];
                return sq * pc[c] * pc[c];
            }
        }
    }

    /// <summary>log det of the precision Cholesky factor (half the log det of the precision).</summary>
    private static double LogDet(Parameters p, int c)
    {
        int d = p.D;
        var pc = p.PrecisionsCholesky;
        double s = 0;
        switch (p.Type)
        {
            case CovarianceType.Full:
            case CovarianceType.Tied:
                int off = p.Type == CovarianceType.Full ? c * d * d : 0;
                for (int j = 0; j < d; j++) s += Math.Log(pc[off + j * d + j]);
                return s;
            case CovarianceType.Diag:
                for (int j = 0; j < d; j++) s += Math.Log(pc[c * d + j]);
                return s;
            default:
                return d * Math.Log(pc[c]);
        }
    }
}
