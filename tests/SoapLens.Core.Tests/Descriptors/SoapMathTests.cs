using SoapLens.Descriptors;

namespace SoapLens.Tests.Descriptors;

public class SoapMathTests
{
    [Fact]
    public void Vector_exponential_is_accurate_to_about_one_ulp_and_tiny_far_below()
    {
        var rng = new Random(3);
        double worst = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double x = -rng.NextDouble() * 700;
            if (i % 4 == 0) x = -rng.NextDouble() * 2;
            double e = SimdScalar.Exp(new SimdScalar(x)).V;
            double r = Math.Exp(x);
            worst = Math.Max(worst, Math.Abs(e - r) / r);
        }
        Assert.True(worst < 4e-16, $"worst relative error {worst:e2}");
        Assert.Equal(1.0, SimdScalar.Exp(new SimdScalar(0)).V);
        Assert.Equal(Math.Exp(-708), SimdScalar.Exp(new SimdScalar(-709)).V, 1e-310);
        Assert.Equal(SimdScalar.Exp(new SimdScalar(-708)).V, SimdScalar.Exp(new SimdScalar(-1e6)).V);
    }

    private static double[] Harmonics(int lMax, double x, double y, double z)
    {
        var h = new SolidHarmonics(lMax);
        var r = new double[h.Count];
        h.Evaluate(new SimdScalar(x), new SimdScalar(y), new SimdScalar(z), new SimdScalar(x * x + y * y + z * z), ref r[0], 1);
        return r;
    }

    private static double Legendre(int l, double t)
    {
        double p0 = 1, p1 = t;
        if (l == 0) return p0;
        for (int k = 2; k <= l; k++) (p0, p1) = (p1, ((2 * k - 1) * t * p1 - (k - 1) * p0) / k);
        return p1;
    }

    [Fact]
    public void Harmonics_obey_the_addition_theorem_up_to_l_20()
    {
        // Σ_m Y_lm(a) Y_lm(b) = (2l+1)/(4π) P_l(a·b) holds only for a real orthonormal basis of each l.
        const int lMax = 20;
        var rng = new Random(5);
        for (int trial = 0; trial < 20; trial++)
        {
            double[] a = [rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5];
            double[] b = [rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5];
            double ra = Math.Sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]), rb = Math.Sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
            var ya = Harmonics(lMax, a[0] / ra, a[1] / ra, a[2] / ra);
            var yb = Harmonics(lMax, b[0] / rb, b[1] / rb, b[2] / rb);
            double cos = (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (ra * rb);
            for (int l = 0; l <= lMax; l++)
            {
                double sum = 0;
                for (int k = l * l; k < (l + 1) * (l + 1); k++) sum += ya[k] * yb[k];
                Assert.Equal((2 * l + 1) / (4 * Math.PI) * Legendre(l, cos), sum, 1e-12);
            }
        }
    }

    [Fact]
    public void Harmonics_are_solid_harmonics_with_the_usual_low_order_forms()
    {
        double x = 0.3, y = -1.1, z = 0.7;
        var s = Harmonics(2, x, y, z);
        double c0 = 0.5 / Math.Sqrt(Math.PI), c1 = Math.Sqrt(3 / (4 * Math.PI));
        Assert.Equal(c0, s[0], 15);
        // l = 1 spans {x, y, z} with the same normalisation (sign and order are free).
        Assert.Equal(new[] { c1 * y, c1 * z, c1 * x }.Select(Math.Abs).Order(), new[] { s[1], s[2], s[3] }.Select(Math.Abs).Order(), new ToleranceComparer(1e-15));
        Assert.Equal(Math.Sqrt(5 / (16 * Math.PI)) * (3 * z * z - (x * x + y * y + z * z)), s[6], 14);
        var origin = Harmonics(8, 0, 0, 0);
        Assert.Equal(c0, origin[0]);
        Assert.All(origin[1..], v => Assert.Equal(0.0, v));
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
