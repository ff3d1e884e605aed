using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>Options of a TICA fit.</summary>
public sealed record TicaOptions
{
    /// <summary>Lag τ in frames (see <see cref="TimeLaggedPairs"/> for how frames pair up).</summary>
    public int Lag { get; init; } = 1;
    /// <summary>Components kept in the projection; null = all.</summary>
    public int? ComponentCount { get; init; }
    /// <summary>Scale projected component i by its eigenvalue λ_i (kinetic map).</summary>
    public bool KineticMap { get; init; }
    /// <summary>Relative Tikhonov regularisation: C00 + ε·I with ε = Regularization · trace(C00).</summary>
    public double Regularization { get; init; } = 1e-10;
    /// <summary>Worker threads (0 = all cores). Results do not depend on it.</summary>
    public int Threads { get; init; }
}

/// <summary>
/// A fitted TICA model (reversible estimator of the reference README §2): the regularised
/// generalised symmetric eigenproblem C0τ v = λ (C00 + εI) v, eigenvalues descending,
/// eigenvectors normalised vᵀ(C00 + εI)v = 1 with the largest-|entry| of each made positive.
/// </summary>
public sealed class TicaModel
{
    public TicaModel(int lag, double[] mean, double[] eigenvalues, double[]? eigenvectors, double regularization, double epsilon,
        long pairCount, string[] featureNames, double[]? c00 = null, double[]? c0t = null)
    {
        int d = mean.Length;
        if (eigenvalues.Length != d) throw new ArgumentException("One eigenvalue per feature is needed.");
        if (eigenvectors is not null && eigenvectors.Length != d * d) throw new ArgumentException("Eigenvectors must be d x d.");
        if (featureNames.Length != d) throw new ArgumentException("One name per feature is needed.");
        Lag = lag;
        Mean = mean;
        Eigenvalues = eigenvalues;
        Eigenvectors = eigenvectors;
        Regularization = regularization;
        Epsilon = epsilon;
        PairCount = pairCount;
        FeatureNames = featureNames;
        C00 = c00;
        C0t = c0t;
    }

    public int Lag { get; }
    public int Dimension => Mean.Length;
    /// <summary>Pooled mean μ of both halves of the pairs.</summary>
    public double[] Mean { get; }
    /// <summary>All d eigenvalues, descending.</summary>
    public double[] Eigenvalues { get; }
    /// <summary>d × d row-major, column i ↔ eigenvalue i (null when rebuilt from a file that did not keep them).</summary>
    public double[]? Eigenvectors { get; }
    /// <summary>The relative regularisation asked for.</summary>
    public double Regularization { get; }
    /// <summary>The ε added to the diagonal of C00 (Regularization · trace C00).</summary>
    public double Epsilon { get; }
    public long PairCount { get; }
    public string[] FeatureNames { get; }
    public double[]? C00 { get; }
    public double[]? C0t { get; }

    /// <summary>Implied timescales −τ/ln λ_i in frames (NaN for λ ≤ 0, +∞ for λ ≥ 1).</summary>
    public double[] Timescales => ImpliedTimescales(Eigenvalues, Lag);

    /// <summary>VAMP-2 = 1 + Σ λ_i² (the 1 is the constant function removed by the mean).</summary>
    public double Vamp2 => Vamp2Cumulative[^1];

    /// <summary>Entry k: 1 + Σ_{i≤k} λ_i², the score when keeping the k + 1 slowest components.</summary>
    public double[] Vamp2Cumulative
    {
        get
        {
            var c = new double[Eigenvalues.Length];
            double s = 1;
            for (int i = 0; i < c.Length; i++) c[i] = s += Eigenvalues[i] * Eigenvalues[i];
            return c;
        }
    }

    public static double[] ImpliedTimescales(IReadOnlyList<double> eigenvalues, int lag)
    {
        var t = new double[eigenvalues.Count];
        for (int i = 0; i < t.Length; i++)
        {
            double l = eigenvalues[i];
            t[i] = l <= 0 || double.IsNaN(l) ? double.NaN : l >= 1 ? double.PositiveInfinity : -lag / Math.Log(l);
        }
        return t;
    }

    /// <summary>Solves the TICA eigenproblem from reversible covariances.</summary>
    public static TicaModel Fit(LaggedCovariance cov, int lag, double regularization, string[]? featureNames = null)
    {
        if (!cov.Reversible) throw new ArgumentException("TICA needs the reversible (symmetrised) covariances.");
        if (!(regularization >= 0)) throw SoapLensException.Argument($"Regularization must be zero or positive, got {regularization}.", regularization);
        int d = cov.Dimension;
        var c00r = DenseMath.Regularise(cov.C00, d, regularization, out double eps);
        // Cholesky route (as LAPACK sygvd): C00r = L·Lᵀ turns the generalised problem into the symmetric
        // L⁻¹ C0τ L⁻ᵀ q = λ q with v = L⁻ᵀ q, so vᵀ C00r v = 1. With C0τ symmetric, L⁻¹C0τL⁻ᵀ = L⁻¹(L⁻¹C0τ)ᵀ.
        var l = DenseMath.CholeskyLower(c00r, d, "instantaneous");
        var y = DenseMath.ForwardSolve(l, cov.C0t, d, d);
        var m = DenseMath.ForwardSolve(l, DenseMath.Transpose(y, d, d), d, d);
        var (lambda, q) = DenseMath.SymmetricEigen(DenseMath.Symmetrise(m, d), d);
        var v = DenseMath.BackSolveTransposed(l, q, d, d);
        DenseMath.FixColumnSigns(v, d, d);
        return new TicaModel(lag, cov.Mean0, lambda, v, regularization, eps, cov.PairCount,
            featureNames ?? Enumerable.Range(0, d).Select(i => $"c{i}").ToArray(), cov.C00, cov.C0t);
    }

    /// <summary>Y = (X − μ)·V[:, 0..k) (each column times λ_i with the kinetic map), rows in input order.</summary>
    public double[] Transform(double[] values, int rowCount, int componentCount, bool kineticMap, int threads = 0, CancellationToken cancel = default)
    {
        var v = Eigenvectors ?? throw new SoapLensException("ModelIncomplete", ErrorKind.InvalidOperation,
            "This TICA model has no eigenvectors (it was rebuilt from a projection-only file); fit it again or import it from a format that keeps every array.");
        int d = Dimension, k = componentCount;
        if (k < 1 || k > d) throw SoapLensException.Argument($"ComponentCount must be 1..{d}, got {k}.", k);
        if (values.LongLength != (long)rowCount * d)
            throw SoapLensException.Argument($"The data has {values.LongLength / Math.Max(rowCount, 1)} columns; this model was fitted on {d}.");
        var y = new double[(long)rowCount * k];
        var scale = new double[k];
        for (int j = 0; j < k; j++) scale[j] = kineticMap ? Eigenvalues[j] : 1.0;
        const int block = 1024;
        int blocks = (rowCount + block - 1) / block;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancel };
        // The first k eigenvectors as contiguous rows, so each projection is a dot product over memory in order.
        var vt = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++) vt[c * d + j] = v[j * d + c];
        Parallel.For(0, blocks, po, b =>
        {
            var centred = new double[d];
            for (int r = b * block, hi = Math.Min(rowCount, r + block); r < hi; r++)
            {
                for (int j = 0; j < d; j++) centred[j] = values[(long)r * d + j] - Mean[j];
                for (int c = 0; c < k; c++)
                {
                    double s = 0;
                    var vc = vt.AsSpan(c * d, d);
                    for (int j = 0; j < d; j++) s += centred[j] * vc[j];
                    y[(long)r * k + c] = s * scale[c];
                }
            }
        });
        return y;
    }

    public override string ToString() => $"TICA model, lag {Lag}, d = {Dimension}, λ1 = {(Dimension > 0 ? Eigenvalues[0] : double.NaN):G6}";
}

/// <summary>Fits TICA on datasets.</summary>
public static class Tica
{
    /// <summary>Covariances of the dataset's time-lagged pairs (rule: <see cref="TimeLaggedPairs"/>), then the model and the projection.</summary>
    public static TicaResult Fit(Dataset data, TicaOptions options, CancellationToken cancel = default, Action<long, long>? progress = null)
    {
        var pairs = TimeLaggedPairs.Build(data, options.Lag);
        var cov = LaggedCovariance.Estimate(data.Values, data.ColumnCount, pairs.Start, pairs.End, reversible: true,
            options.Threads, cancel, progress);
        var model = TicaModel.Fit(cov, options.Lag, options.Regularization, data.ColumnNames);
        int k = options.ComponentCount ?? data.ColumnCount;
        if (k < 1 || k > data.ColumnCount)
            throw SoapLensException.Argument($"ComponentCount must be between 1 and the {data.ColumnCount} columns of the data, got {k}.", k);
        var y = model.Transform(data.Values, data.RowCount, k, options.KineticMap, options.Threads, cancel);
        return new TicaResult(model, y, data.RowCount, k, data.Frames, data.AtomIds, options.KineticMap, pairs.SingleSeries, data.Source);
    }

    /// <summary>One model from the pooled pairs of several trajectories; one result (projection) per trajectory.</summary>
    public static TicaResult[] Fit(TrajectoryParts parts, TicaOptions options, CancellationToken cancel = default, Action<long, long>? progress = null)
    {
        var all = Fit(parts.Combined, options, cancel, progress);
        if (parts.Parts.Count == 1) return [all];
        return parts.Parts.Select((x, i) => new TicaResult(all.Model, parts.Slice(all.Projection, all.ComponentCount, i), x.RowCount,
            all.ComponentCount, x.Frames, x.AtomIds, all.KineticMap, parts.IsSingleSeries(i), x.Source)).ToArray();
    }
}
