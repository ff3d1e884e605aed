using MathNet.Numerics.LinearAlgebra;
using SoapLens.Learning;

namespace SoapLens.Tests.Learning;

/// <summary>The two numeric building blocks of PCA: the scatter (covariance) kernel and the eigensolver.</summary>
public class PcaKernelTests
{
    internal static double[] RandomMatrix(int rows, int cols, int seed, double offset = 0)
    {
        var rnd = new Random(seed);
        var x = new double[rows * cols];
        for (int i = 0; i < x.Length; i++) x[i] = offset + rnd.NextDouble() - 0.5;
        return x;
    }

    /// <summary>Straightforward two-pass covariance: exact mean, then Σ (x − μ)(x − μ)ᵀ element by element.</summary>
    internal static double[] NaiveScatter(double[] x, int rows, int cols, out double[] mean)
    {
        mean = new double[cols];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++) mean[j] += x[r * cols + j];
        for (int j = 0; j < cols; j++) mean[j] /= rows;
        var s = new double[cols * cols];
        var c = new double[cols];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++) c[j] = x[r * cols + j] - mean[j];
            for (int i = 0; i < cols; i++)
                for (int j = 0; j < cols; j++) s[i * cols + j] += c[i] * c[j];
        }
        return s;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(300, 17)]
    [InlineData(1500, 40)]
    [InlineData(2100, 33)]
    public void Scatter_matches_a_two_pass_covariance(int rows, int cols)
    {
        var x = RandomMatrix(rows, cols, rows + cols, offset: 3.0);
        var expected = NaiveScatter(x, rows, cols, out var mean);
        var m = ScatterMatrix.ColumnMeans(x, rows, cols, 1, CancellationToken.None);
        for (int j = 0; j < cols; j++) Assert.Equal(mean[j], m[j], 1e-14);
        var s = ScatterMatrix.Compute(x, rows, cols, m, 2, CancellationToken.None);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < s.Length; i++) Assert.True(Math.Abs(s[i] - expected[i]) <= 1e-13 * scale * Math.Max(1, rows / 100.0), $"element {i}: {s[i]} vs {expected[i]}");
        for (int i = 0; i < cols; i++)
            for (int j = 0; j < cols; j++) Assert.Equal(s[i * cols + j], s[j * cols + i]);
    }

    [Fact]
    public void Scatter_is_bit_identical_for_any_thread_count_and_instruction_set()
    {
        int rows = 5000, cols = 37;
        var x = RandomMatrix(rows, cols, 11);
        var mean = ScatterMatrix.ColumnMeans(x, rows, cols, 1, CancellationToken.None);
        Assert.Equal(mean, ScatterMatrix.ColumnMeans(x, rows, cols, 2, CancellationToken.None));
        Assert.Equal(mean, ScatterMatrix.ColumnMeans(x, rows, cols, 4, CancellationToken.None));
        var reference = ScatterMatrix.Compute(x, rows, cols, mean, 1, CancellationToken.None, level: SimdLevel.Scalar);
        foreach (var level in new[] { SimdLevel.Scalar, SimdLevel.Avx2, SimdLevel.Avx512 })
            foreach (var threads in new[] { 1, 2, 3, 8 })
                Assert.Equal(reference, ScatterMatrix.Compute(x, rows, cols, mean, threads, CancellationToken.None, level: level));
    }

    [Fact]
    public void Scatter_depends_on_the_block_size_only_through_round_off()
    {
        int rows = 3001, cols = 20;
        var x = RandomMatrix(rows, cols, 5, offset: 1);
        var mean = ScatterMatrix.ColumnMeans(x, rows, cols, 1, CancellationToken.None);
        var a = ScatterMatrix.Compute(x, rows, cols, mean, 2, CancellationToken.None, blockRows: 128);
        foreach (var block in new[] { 1, 7, 64, 1000, 5000 })
        {
            var b = ScatterMatrix.Compute(x, rows, cols, mean, 2, CancellationToken.None, blockRows: block);
            double scale = a.Max(Math.Abs);
            for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-13 * scale, $"block {block}, element {i}");
        }
    }

    private static double[] RandomSymmetric(int n, int seed)
    {
        var rnd = new Random(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rnd.NextDouble() - 0.5;
        return a;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(97)]
    [InlineData(300)]
    public void Eigen_decomposition_matches_MathNet_with_small_residuals(int n)
    {
        var a = RandomSymmetric(n, n);
        var evd = Matrix<double>.Build.DenseOfRowMajor(n, n, a).Evd(Symmetricity.Symmetric);
        var expected = evd.EigenValues.Select(z => z.Real).OrderByDescending(v => v).ToArray();
        var eig = SymmetricEigen.Decompose((double[])a.Clone(), n, 2, CancellationToken.None);
        double norm = expected.Max(Math.Abs);
        for (int i = 0; i < n; i++) Assert.True(Math.Abs(eig.Values[i] - expected[i]) <= 1e-13 * norm * Math.Max(1, n / 10.0), $"eigenvalue {i}");
        int q = Math.Min(n, 12);
        var v = eig.Vectors(q, CancellationToken.None);
        for (int c = 0; c < q; c++)
        {
            // ‖A v − λ v‖ and orthonormality.
            double res = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i * n + j] * v[c * n + j];
                res = Math.Max(res, Math.Abs(s - eig.Values[c] * v[c * n + i]));
            }
            Assert.True(res <= 1e-12 * Math.Max(norm, 1), $"residual of vector {c}: {res}");
            for (int c2 = 0; c2 <= c; c2++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[c * n + i] * v[c2 * n + i];
                Assert.Equal(c == c2 ? 1.0 : 0.0, dot, 1e-12);
            }
        }
    }

    [Fact]
    public void Eigen_decomposition_is_identical_for_any_thread_count_on_a_large_matrix()
    {
        int n = 400;   // large enough for the sliced product
        var a = RandomSymmetric(n, 3);
        var e1 = SymmetricEigen.Decompose((double[])a.Clone(), n, 1, CancellationToken.None);
        var e2 = SymmetricEigen.Decompose((double[])a.Clone(), n, 2, CancellationToken.None);
        Assert.Equal(e1.Values, e2.Values);
        Assert.Equal(e1.Vectors(3, CancellationToken.None), e2.Vectors(3, CancellationToken.None));
    }

    [Fact]
    public void Eigen_decomposition_handles_diagonal_and_degenerate_matrices()
    {
        int n = 6;
        var a = new double[n * n];
        double[] diag = [3, 1, 3, 0, 2, 0];
        for (int i = 0; i < n; i++) a[i * n + i] = diag[i];
        var eig = SymmetricEigen.Decompose(a, n, 1, CancellationToken.None);
        Assert.Equal([3, 3, 2, 1, 0, 0], eig.Values);
        var v = eig.Vectors(n, CancellationToken.None);
        // Each vector is a unit vector of the eigenvalue's own coordinate.
        for (int c = 0; c < n; c++)
        {
            int at = Enumerable.Range(0, n).Single(i => Math.Abs(v[c * n + i]) > 0.5);
            Assert.Equal(eig.Values[c], diag[at]);
        }
    }
}
