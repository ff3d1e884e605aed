using SoapLens.Pipeline;

namespace SoapLens.Descriptors;

/// <summary>
/// dscribe's GTO radial basis for one parameter set, with everything the expansion needs
/// precomputed once: primitives r^l exp(−α_{nl} r²) decaying to 10⁻³ at a_n (a_n evenly spaced from
/// 1 Å to r_cut), their symmetric Löwdin orthonormaliser β = S^{−1/2} per l, and the constants of
/// the analytic Gaussian integral (methods.md §2).
/// </summary>
public sealed class GtoBasis
{
    public GtoBasis(SoapParameters p)
    {
        NMax = p.NMax;
        LMax = p.LMax;
        int n = NMax, lc = LMax + 1;
        double eta = 1.0 / (2 * p.Sigma * p.Sigma);
        Eta = eta;
        Alpha = new double[lc * n];
        Beta = new double[lc * n * n];
        SmearedAlpha = new double[lc * n];
        Coefficients = new double[lc * n * n];
        var a = new double[n];
        for (int k = 0; k < n; k++) a[k] = n == 1 ? 1.0 : k * ((p.RCut - 1) / (n - 1)) + 1; // rounded as numpy.linspace does
        if (n > 1) a[n - 1] = p.RCut; // numpy.linspace sets the end point exactly
        var s = new double[n * n];
        for (int l = 0; l < lc; l++)
        {
            for (int k = 0; k < n; k++) Alpha[l * n + k] = -Math.Log(1e-3 / Math.Pow(a[k], l)) / (a[k] * a[k]);
            double gamma = GammaHalfInteger(l);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    s[i * n + j] = 0.5 * gamma * Math.Pow(Alpha[l * n + i] + Alpha[l * n + j], -(l + 1.5));
            InverseSquareRoot(s, n, l, Beta.AsSpan(l * n * n, n * n));
            for (int k = 0; k < n; k++)
            {
                double al = Alpha[l * n + k];
                SmearedAlpha[l * n + k] = al * eta / (al + eta);
                // π^{3/2} η^l (α+η)^{−(l+3/2)}, written to stay finite for large l.
                double gauss = Math.Pow(Math.PI, 1.5) * Math.Pow(eta / (al + eta), l) * Math.Pow(al + eta, -1.5);
                for (int row = 0; row < n; row++)
                    Coefficients[(l * n + row) * n + k] = Beta[(l * n + row) * n + k] * gauss;
            }
        }
    }

    public int NMax { get; }
    public int LMax { get; }

    /// <summary>η = 1/(2σ²).</summary>
    public double Eta { get; }

    /// <summary>α_{nl} at [l·n_max + n].</summary>
    public double[] Alpha { get; }

    /// <summary>β^{(l)} = (S^{(l)})^{−1/2} at [(l·n_max + n)·n_max + n'].</summary>
    public double[] Beta { get; }

    /// <summary>α_{n'l}·η/(α_{n'l}+η): the Gaussian exponent of a neighbour's contribution, at [l·n_max + n'].</summary>
    public double[] SmearedAlpha { get; }

    /// <summary>
    /// β^{(l)}_{nn'}·π^{3/2} η^l (α_{n'l}+η)^{−(l+3/2)} at [(l·n_max + n)·n_max + n']: applied once per
    /// centre to the sums Σ_i exp(−α' r_i²) r_i^l Y_lm(r̂_i) to give the coefficients c_{nlm}.
    /// </summary>
    public double[] Coefficients { get; }

    /// <summary>Γ(l + 3/2) = (2l+1)!! √π / 2^{l+1}.</summary>
    internal static double GammaHalfInteger(int l)
    {
        double g = Math.Sqrt(Math.PI) / 2; // Γ(3/2)
        for (int k = 1; k <= l; k++) g *= k + 0.5;
        return g;
    }

    /// <summary>
    /// S^{−1/2} of the overlap matrix. S is strongly graded (its diagonal spans many decades at high
    /// l), so positive definiteness is judged on the unit-diagonal matrix D^{−1/2} S D^{−1/2}, and the
    /// eigen-decomposition uses cyclic Jacobi with the relative stopping test |s_pq| ≤ ε√(s_pp s_qq),
    /// which keeps the small eigenvalues of such matrices accurate.
    /// </summary>
    private static void InverseSquareRoot(double[] s, int n, int l, Span<double> result)
    {
        var scaled = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) scaled[i * n + j] = s[i * n + j] / Math.Sqrt(s[i * n + i] * s[j * n + j]);
        Jacobi(scaled, n, new double[n * n]);
        double smallest = double.MaxValue;
        for (int i = 0; i < n; i++) smallest = Math.Min(smallest, scaled[i * n + i]);
        if (!(smallest > 1e-12))
            throw new SoapLensException("SoapBasisSingular", ErrorKind.InvalidArgument,
                $"The GTO overlap matrix for l = {l} is not numerically positive definite (smallest eigenvalue of its normalised form " +
                $"{smallest:g3}): the radial functions are linearly dependent, so the basis cannot be orthonormalised. " +
                "Lower NMax (or LMax), or increase RCut.");
        var a = (double[])s.Clone();
        var v = new double[n * n];
        Jacobi(a, n, v);
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = 1 / Math.Sqrt(a[i * n + i]);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++) sum += v[i * n + k] * w[k] * v[j * n + k];
                result[i * n + j] = sum;
            }
    }

    /// <summary>Diagonalises the symmetric matrix a in place (eigenvalues on the diagonal); v receives the eigenvectors as columns.</summary>
    private static void Jacobi(double[] a, int n, double[] v)
    {
        Array.Clear(v);
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q], app = a[p * n + p], aqq = a[q * n + q];
                    if (Math.Abs(apq) <= 1e-17 * Math.Sqrt(Math.Abs(app * aqq))) continue;
                    rotated = true;
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Abs(theta) > 1e150 ? 0.5 / theta
                        : (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), sn = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - sn * akq;
                        a[k * n + q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - sn * aqk;
                        a[q * n + k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - sn * vkq;
                        v[k * n + q] = sn * vkp + c * vkq;
                    }
                }
            if (!rotated) break;
        }
    }
}
