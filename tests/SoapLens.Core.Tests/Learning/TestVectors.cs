namespace SoapLens.Tests.Learning;

/// <summary>Small vector helpers for building data with a known PCA.</summary>
internal static class TestVectors
{
    public static double[] Random(System.Random rnd, int n) => Enumerable.Range(0, n).Select(_ => rnd.NextDouble() - 0.5).ToArray();

    /// <summary>Modified Gram–Schmidt against unit vectors, twice (orthogonal to round-off), then normalised.</summary>
    public static void Orthonormalise(double[] v, IEnumerable<double[]> basis)
    {
        var list = basis.ToList();
        for (int pass = 0; pass < 2; pass++)
            foreach (var b in list)
            {
                double dot = 0;
                for (int i = 0; i < v.Length; i++) dot += v[i] * b[i];
                for (int i = 0; i < v.Length; i++) v[i] -= dot * b[i];
            }
        double norm = Math.Sqrt(v.Sum(t => t * t));
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
