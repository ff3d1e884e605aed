using MathNet.Numerics.LinearAlgebra;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>
/// Small dense linear algebra on row-major arrays (d × d with d up to a few hundred): products in a
/// fixed loop order, and MathNet's symmetric eigen-decomposition and SVD.
/// </summary>
internal static class DenseMath
{
    /// <summary>C (n × m) = A (n × k) · B (k × m).</summary>
    public static double[] Multiply(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            var ci = c.AsSpan(i * m, m);
            for (int p = 0; p < k; p++)
            {
                double aip = a[i * k + p];
                if (aip == 0) continue;
                var bp = b.AsSpan(p * m, m);
                for (int j = 0; j < m; j++) ci[j] += aip * bp[j];
            }
        }
        return c;
    }

    /// <summary>C (k × m) = Aᵀ · B with A (n × k), B (n × m).</summary>
    public static double[] MultiplyTransposeA(double[] a, double[] b, int n, int k, int m)
    {
        var c = new double[k * m];
        for (int r = 0; r < n; r++)
        {
            var br = b.AsSpan(r * m, m);
            for (int i = 0; i < k; i++)
            {
                double ari = a[r * k + i];
                if (ari == 0) continue;
                var ci = c.AsSpan(i * m, m);
                for (int j = 0; j < m; j++) ci[j] += ari * br[j];
            }
        }
        return c;
    }

    public static double[] Transpose(double[] a, int n, int m)
    {
        var t = new double[a.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) t[j * n + i] = a[i * m + j];
        return t;
    }

    public static double Trace(double[] a, int d)
    {
        double t = 0;
        for (int i = 0; i < d; i++) t += a[i * d + i];
        return t;
    }

    /// <summary>(A + Aᵀ)/2, which removes rounding asymmetry before a symmetric solver.</summary>
    public static double[] Symmetrise(double[] a, int d)
    {
        var s = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++) s[i * d + j] = 0.5 * (a[i * d + j] + a[j * d + i]);
        return s;
    }

    /// <summary>Eigenvalues (descending) and eigenvectors (columns of a row-major d × d array) of a symmetric matrix.</summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(double[] a, int d)
    {
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i]))
                throw SoapLensException.InvalidData("The covariance matrix holds NaN or infinite values; remove non-finite rows or columns from the input.");
        var evd = Matrix<double>.Build.DenseOfRowMajor(d, d, a).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ThenBy(i => i).ToArray();
        var values = new double[d];
        var vectors = new double[d * d];
        var u = evd.EigenVectors;
        for (int c = 0; c < d; c++)
        {
            values[c] = evd.EigenValues[order[c]].Real;
            for (int r = 0; r < d; r++) vectors[r * d + c] = u[r, order[c]];
        }
        return (values, vectors);
    }

    /// <summary>Singular values, descending.</summary>
    public static double[] SingularValues(double[] a, int n, int m) =>
        Matrix<double>.Build.DenseOfRowMajor(n, m, a).Svd(computeVectors: false).S.ToArray();

    /// <summary>
    /// W = U·diag(s^{-1/2}) for a symmetric positive definite C = U·diag(s)·Uᵀ, so WᵀCW = I
    /// (the whitening transform; columns follow descending s).
    /// </summary>
    public static double[] Whitening(double[] c, int d, string what) => WhiteningWithBasis(c, d, what).W;

    private static (double[] W, double[] U) WhiteningWithBasis(double[] c, int d, string what)
    {
        var (s, u) = SymmetricEigen(c, d);
        var w = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            if (!(s[j] > 0))
                throw new SoapLensException("CovarianceSingular", ErrorKind.InvalidData,
                    $"The {what} covariance is not positive definite (eigenvalue {s[j]:G3}); raise -Regularization or drop constant columns.");
            double f = 1.0 / Math.Sqrt(s[j]);
            for (int i = 0; i < d; i++) w[i * d + j] = u[i * d + j] * f;
        }
        return (w, u);
    }

    /// <summary>The symmetric inverse square root C^{-1/2} = U·diag(s^{-1/2})·Uᵀ.</summary>
    public static double[] InverseSquareRoot(double[] c, int d, string what)
    {
        var (w, u) = WhiteningWithBasis(c, d, what);
        return Multiply(w, Transpose(u, d, d), d, d, d);
    }

    /// <summary>Lower Cholesky factor L (row-major) of a symmetric positive definite C = L·Lᵀ.</summary>
    public static double[] CholeskyLower(double[] c, int d, string what)
    {
        var l = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            var lj = l.AsSpan(j * d, j);
            double s = c[j * d + j];
            for (int k = 0; k < j; k++) s -= lj[k] * lj[k];
            if (!(s > 0))
                throw new SoapLensException("CovarianceSingular", ErrorKind.InvalidData,
                    $"The {what} covariance is not positive definite (pivot {s:G3} at column {j}); raise -Regularization or drop constant columns.");
            double ljj = Math.Sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++)
            {
                var li = l.AsSpan(i * d, j);
                double t = c[i * d + j];
                for (int k = 0; k < j; k++) t -= li[k] * lj[k];
                l[i * d + j] = t / ljj;
            }
        }
        return l;
    }

    /// <summary>Y = L⁻¹·B for lower-triangular L (d × d) and B (d × m), by forward substitution over rows.</summary>
    public static double[] ForwardSolve(double[] l, double[] b, int d, int m)
    {
        var y = (double[])b.Clone();
        for (int i = 0; i < d; i++)
        {
            var yi = y.AsSpan(i * m, m);
            for (int k = 0; k < i; k++)
            {
                double lik = l[i * d + k];
                if (lik == 0) continue;
                var yk = y.AsSpan(k * m, m);
                for (int j = 0; j < m; j++) yi[j] -= lik * yk[j];
            }
            double inv = 1.0 / l[i * d + i];
            for (int j = 0; j < m; j++) yi[j] *= inv;
        }
        return y;
    }

    /// <summary>X = L⁻ᵀ·B for lower-triangular L (d × d) and B (d × m), by back substitution with Lᵀ.</summary>
    public static double[] BackSolveTransposed(double[] l, double[] b, int d, int m)
    {
        var x = (double[])b.Clone();
        for (int i = d - 1; i >= 0; i--)
        {
            var xi = x.AsSpan(i * m, m);
            for (int k = i + 1; k < d; k++)
            {
                double lki = l[k * d + i];
                if (lki == 0) continue;
                var xk = x.AsSpan(k * m, m);
                for (int j = 0; j < m; j++) xi[j] -= lki * xk[j];
            }
            double inv = 1.0 / l[i * d + i];
            for (int j = 0; j < m; j++) xi[j] *= inv;
        }
        return x;
    }

    /// <summary>C + ε·I with ε = relative · trace(C) (the reference README's regularisation).</summary>
    public static double[] Regularise(double[] c, int d, double relative, out double epsilon)
    {
        epsilon = relative * Trace(c, d);
        var r = (double[])c.Clone();
        for (int i = 0; i < d; i++) r[i * d + i] += epsilon;
        return r;
    }

    /// <summary>Makes the entry of largest |value| of each column positive (the first one on ties).</summary>
    public static void FixColumnSigns(double[] v, int rows, int cols)
    {
        for (int c = 0; c < cols; c++)
        {
            int best = 0;
            double bestAbs = -1;
            for (int r = 0; r < rows; r++)
            {
                double a = Math.Abs(v[r * cols + c]);
                if (a > bestAbs) { bestAbs = a; best = r; }
            }
            if (v[best * cols + c] < 0)
                for (int r = 0; r < rows; r++) v[r * cols + c] = -v[r * cols + c];
        }
    }
}
