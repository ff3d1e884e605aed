using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>Settings of a PCA fit. At most one of ComponentCount and VarianceFraction.</summary>
public sealed record PcaOptions
{
    /// <summary>Keep this many components (scikit-learn n_components as an int).</summary>
    public int? ComponentCount { get; init; }

    /// <summary>Keep the fewest components whose cumulative ratio exceeds this fraction (n_components as a float in (0, 1)).</summary>
    public double? VarianceFraction { get; init; }

    /// <summary>Worker threads (≤ 0: all cores). Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Rows per block of the covariance kernel (0: chosen from the column count; changes only the round-off).</summary>
    public int BlockRows { get; init; }

    /// <summary>Forces a kernel instruction set (tests).</summary>
    internal SimdLevel? Simd { get; init; }
}

/// <summary>
/// Principal component analysis with scikit-learn's numbers (PCA(svd_solver='full')): centred,
/// not whitened; explained variance s²/(N − 1) and its ratios; components by count or by a
/// cumulative-variance fraction (sklearn's rule: the first count whose cumulative ratio is
/// strictly greater than the fraction). Sign convention (methods.md): the largest-|loading| entry of
/// each axis is positive, the first such entry when several tie.
/// <para>
/// Algorithm: column means in a fixed order, then the centred covariance accumulated in row blocks
/// by a register-blocked SYRK kernel (no second copy of the data), then a symmetric
/// eigen-decomposition computing eigenvectors only for the kept axes. The eigenvalues of the
/// covariance are the squared singular values of the centred data divided by N − 1.
/// </para>
/// </summary>
public static class Pca
{
    /// <summary>
    /// Fits a PCA. <paramref name="progress"/>, if given, is called on the calling thread with a
    /// phase name and the fraction done.
    /// </summary>
    public static PcaModel Fit(Dataset data, PcaOptions options, Action<string, double>? progress = null, CancellationToken cancel = default)
    {
        int n = data.RowCount, d = data.ColumnCount;
        Validate(data, options);
        var mean = ScatterMatrix.ColumnMeans(data.Values, n, d, options.Threads, cancel);
        CheckFinite(data, mean);
        progress?.Invoke("covariance", 0);
        var scatter = ScatterMatrix.Compute(data.Values, n, d, mean, options.Threads, cancel, options.BlockRows, options.Simd,
            rows => progress?.Invoke("covariance", (double)rows / n));
        double trace = 0;
        for (int j = 0; j < d; j++) trace += scatter[(long)j * d + j];
        if (!(trace > 0))
            throw new SoapLensException("PcaZeroVariance", ErrorKind.InvalidData,
                $"The data ({data.Source}) have zero variance: every row is the same, so there are no principal axes.", data);
        progress?.Invoke("eigen-decomposition", 0);
        var eig = SymmetricEigen.Decompose(scatter, d, options.Threads, cancel);

        int m = Math.Min(n, d);
        double dof = n - 1.0;
        var ev = new double[m];
        var ratio = new double[m];
        var sv = new double[m];
        double total = trace / dof;
        for (int i = 0; i < m; i++)
        {
            // Round-off can leave null directions a hair below zero; a variance cannot be.
            double lambda = Math.Max(eig.Values[i], 0);
            ev[i] = lambda / dof;
            ratio[i] = ev[i] / total;
            sv[i] = Math.Sqrt(lambda);
        }

        int k;
        PcaSelection selection;
        if (options.ComponentCount is { } count)
        {
            k = count;
            selection = PcaSelection.Count;
        }
        else if (options.VarianceFraction is { } fraction)
        {
            k = CountForVariance(ratio, fraction);
            selection = PcaSelection.Variance;
        }
        else
        {
            k = m;
            selection = PcaSelection.All;
        }

        var components = eig.Vectors(k, cancel);
        ApplySignConvention(components, k, d);
        progress?.Invoke("eigen-decomposition", 1);
        return new PcaModel(mean, components, k, ev, ratio, sv, n, total, selection, options.VarianceFraction, data.ColumnNames);
    }

    /// <summary>Fits on <paramref name="data"/> and projects it.</summary>
    public static PcaResult FitTransform(Dataset data, PcaOptions options, Action<string, double>? progress = null, CancellationToken cancel = default)
    {
        var model = Fit(data, options, progress, cancel);
        progress?.Invoke("projection", 0);
        var projection = model.Transform(data, options.Threads, cancel);
        progress?.Invoke("projection", 1);
        return new PcaResult(model, projection);
    }

    /// <summary>
    /// scikit-learn's rule: searchsorted(cumsum(ratio), fraction, side='right') + 1, i.e. the first
    /// count whose cumulative ratio is strictly greater than the fraction (capped at the spectrum length).
    /// </summary>
    public static int CountForVariance(ReadOnlySpan<double> ratio, double fraction)
    {
        double cum = 0;
        for (int i = 0; i < ratio.Length; i++)
        {
            cum += ratio[i];
            if (cum > fraction) return i + 1;
        }
        return ratio.Length;
    }

    /// <summary>Makes the first largest-|loading| entry of each row positive.</summary>
    public static void ApplySignConvention(Span<double> components, int count, int features)
    {
        for (int c = 0; c < count; c++)
        {
            var row = components.Slice(c * features, features);
            int best = 0;
            double max = -1;
            for (int j = 0; j < features; j++)
            {
                double a = Math.Abs(row[j]);
                if (a > max) { max = a; best = j; }
            }
            if (row[best] < 0)
                for (int j = 0; j < features; j++) row[j] = -row[j];
        }
    }

    private static void Validate(Dataset data, PcaOptions o)
    {
        int n = data.RowCount, d = data.ColumnCount;
        if (o.ComponentCount is not null && o.VarianceFraction is not null)
            throw SoapLensException.Argument("Give either a component count or a variance fraction, not both.");
        if (d < 1) throw SoapLensException.Argument($"The data ({data.Source}) have no columns.", data);
        if (n < 2)
            throw new SoapLensException("PcaTooFewRows", ErrorKind.InvalidData,
                $"PCA needs at least 2 rows; the data ({data.Source}) have {n}.", data);
        int m = Math.Min(n, d);
        if (o.ComponentCount is { } k && (k < 1 || k > m))
            throw SoapLensException.Argument($"ComponentCount must be between 1 and min(rows, columns) = {m}; got {k}.", k);
        if (o.VarianceFraction is { } v && !(v > 0 && v < 1))
            throw SoapLensException.Argument(string.Create(CultureInfo.InvariantCulture, $"Variance must be a fraction strictly between 0 and 1; got {v}."), v);
    }

    /// <summary>A non-finite column mean means a NaN or infinity somewhere: name the first one.</summary>
    internal static void CheckFinite(Dataset data, double[] mean)
    {
        bool ok = true;
        foreach (var m in mean) ok &= double.IsFinite(m);
        if (ok) return;
        var x = data.Values;
        int d = data.ColumnCount;
        for (long i = 0; i < x.LongLength; i++)
        {
            if (double.IsFinite(x[i])) continue;
            int r = (int)(i / d), c = (int)(i % d);
            throw new SoapLensException("NonFiniteValue", ErrorKind.InvalidData,
                $"The data ({data.Source}) hold {x[i].ToString(CultureInfo.InvariantCulture)} at row {r} (frame {data.Frames[r]}, atom {data.AtomIds[r]}), column '{data.ColumnNames[c]}'.", data);
        }
    }
}
