using SoapLens.Data;
using SoapLens.Learning;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SoapLens.Tests.Learning;

/// <summary>
/// pca-cu211. The reference input (normalised full SOAP of cu211-small frames 0..19) is not stored;
/// it needs the SOAP engine. Until that lands, <see cref="PcaReferenceCheck"/> runs on a (14400, 576)
/// dataset rebuilt from the reference files so that its exact PCA is the reference: the mean, the
/// five reference axes plus random orthogonal directions for the rest of the spectrum, and scores
/// whose columns are centred, orthogonal, scaled to explained_variance·(N − 1), with the frame-0
/// rows equal to projection5_frame0. Once SOAP lands, a test calls PcaReferenceCheck.Assert(X) on
/// the real X (rows t·720 + i).
/// </summary>
public sealed class PcaCu211ReferenceTests : IClassFixture<PcaCu211ReferenceTests.RebuiltInput>
{
    public sealed class RebuiltInput
    {
        public Dataset X { get; } = Rebuild();
        public PcaResult Result => _result ??= Pca.FitTransform(X, new PcaOptions { Threads = 2 });
        private PcaResult? _result;
    }

    private readonly RebuiltInput _input;
    private readonly ITestOutputHelper _out;

    public PcaCu211ReferenceTests(RebuiltInput input, ITestOutputHelper output)
    {
        _input = input;
        _out = output;
    }

    [Fact]
    public void Reference_check_passes_on_data_rebuilt_from_the_reference()
    {
        PcaReferenceCheck.Assert(_input.X, _out.WriteLine);
    }

    [Fact]
    public void Reference_check_fails_on_a_wrong_answer()
    {
        var m = _input.Result.Model;
        // Without the sign convention (first axis flipped).
        var flipped = (double[])m.Components.Clone();
        for (int j = 0; j < m.FeatureCount; j++) flipped[j] = -flipped[j];
        Assert.ThrowsAny<XunitException>(() => PcaReferenceCheck.AssertModel(With(m, components: flipped)));
        // Variance divided by N instead of N − 1.
        var byN = m.ExplainedVariance.Select(v => v * (m.SampleCount - 1.0) / m.SampleCount).ToArray();
        Assert.ThrowsAny<XunitException>(() => PcaReferenceCheck.AssertModel(With(m, explainedVariance: byN)));
    }

    [Fact]
    public void Variance_selection_keeps_four_components_and_projects_frame_zero()
    {
        var r = Pca.FitTransform(_input.X, new PcaOptions { VarianceFraction = 0.995, Threads = 2 });
        Assert.Equal(4, r.ComponentCount);
        Assert.Equal(PcaSelection.Variance, r.Model.Selection);
        Assert.Equal(["pc1", "pc2", "pc3", "pc4"], r.Projection.ColumnNames);
        var expected = PcaReferenceCheck.Load("projection5_frame0");
        for (int row = 0; row < PcaReferenceCheck.FrameRows; row++)
            for (int c = 0; c < 4; c++) Assert.Equal(expected[row * 5 + c], r.Projection[row, c], 1e-12);
    }

    private static PcaModel With(PcaModel m, double[]? components = null, double[]? explainedVariance = null) =>
        new(m.Mean, components ?? m.Components, m.ComponentCount, explainedVariance ?? m.ExplainedVariance, m.ExplainedVarianceRatio,
            m.SingularValues, m.SampleCount, m.TotalVariance, m.Selection, m.VarianceThreshold, m.FeatureNames);

    /// <summary>A (14400, 576) dataset whose exact PCA is the pca-cu211 reference (see the class summary).</summary>
    internal static Dataset Rebuild()
    {
        const int n = PcaReferenceCheck.Rows, d = PcaReferenceCheck.Columns, f = PcaReferenceCheck.FrameRows, m = n - f;
        var mean = PcaReferenceCheck.Load("mean");
        var ev = PcaReferenceCheck.Load("explained_variance");
        var comps = PcaReferenceCheck.Load("components5");
        var proj = PcaReferenceCheck.Load("projection5_frame0");
        int rank = ev.Count(v => v > 1e-12 * ev[0]);
        var rnd = new Random(2024);

        // Axes: the five reference components, then random directions orthonormalised against them.
        var axes = new double[rank][];
        for (int c = 0; c < rank; c++)
        {
            axes[c] = c < 5 ? comps.AsSpan(c * d, d).ToArray() : TestVectors.Random(rnd, d);
            if (c >= 5) TestVectors.Orthonormalise(axes[c], axes.Take(c));
        }

        // Scores of the first five axes: frame-0 rows fixed; the other rows R = −1σᵀ/m + Q U with Q
        // orthonormal and orthogonal to 1, UᵀU = diag(λ) − PᵀP − σσᵀ/m, so the columns are centred,
        // orthogonal and have squared norm λ_c = ev_c (n − 1).
        var sigma = new double[5];
        var h = new double[25];
        for (int c = 0; c < 5; c++)
        {
            for (int r = 0; r < f; r++) sigma[c] += proj[r * 5 + c];
            for (int e = 0; e < 5; e++)
            {
                double s = 0;
                for (int r = 0; r < f; r++) s += proj[r * 5 + c] * proj[r * 5 + e];
                h[c * 5 + e] = (c == e ? ev[c] * (n - 1) : 0) - s;
            }
        }
        for (int c = 0; c < 5; c++)
            for (int e = 0; e < 5; e++) h[c * 5 + e] -= sigma[c] * sigma[e] / m;
        var u = CholeskyUpper(h, 5);
        var onesM = Enumerable.Repeat(1 / Math.Sqrt(m), m).ToArray();
        var q = new double[5][];
        for (int e = 0; e < 5; e++)
        {
            q[e] = TestVectors.Random(rnd, m);
            TestVectors.Orthonormalise(q[e], q.Take(e).Prepend(onesM));
        }
        var scores = new double[rank][];
        for (int c = 0; c < 5; c++)
        {
            var s = new double[n];
            for (int r = 0; r < f; r++) s[r] = proj[r * 5 + c];
            for (int r = 0; r < m; r++)
            {
                double v = -sigma[c] / m;
                for (int e = 0; e <= c; e++) v += q[e][r] * u[e * 5 + c];
                s[f + r] = v;
            }
            scores[c] = s;
        }
        // The other axes: random scores orthogonal to 1 and to every earlier score column.
        var unit = new List<double[]> { Enumerable.Repeat(1 / Math.Sqrt(n), n).ToArray() };
        for (int c = 0; c < 5; c++)
        {
            double norm = Math.Sqrt(scores[c].Sum(v => v * v));
            unit.Add(scores[c].Select(v => v / norm).ToArray());
        }
        for (int c = 5; c < rank; c++)
        {
            var s = TestVectors.Random(rnd, n);
            TestVectors.Orthonormalise(s, unit);
            unit.Add((double[])s.Clone());
            double scale = Math.Sqrt(ev[c] * (n - 1));
            for (int r = 0; r < n; r++) s[r] *= scale;
            scores[c] = s;
        }

        var x = new double[n * d];
        for (int r = 0; r < n; r++)
        {
            var row = x.AsSpan(r * d, d);
            mean.CopyTo(row);
            for (int c = 0; c < rank; c++)
            {
                double s = scores[c][r];
                var a = axes[c];
                for (int j = 0; j < d; j++) row[j] += s * a[j];
            }
        }
        var frames = new int[n];
        var atoms = new int[n];
        for (int r = 0; r < n; r++) { frames[r] = r / f; atoms[r] = r % f; }
        return new Dataset(x, n, d, frames, atoms, null, "pca-cu211 rebuilt");
    }

    /// <summary>Upper U with UᵀU = A (A symmetric positive definite, k × k).</summary>
    private static double[] CholeskyUpper(double[] a, int k)
    {
        var u = new double[k * k];
        for (int i = 0; i < k; i++)
        {
            double s = a[i * k + i];
            for (int p = 0; p < i; p++) s -= u[p * k + i] * u[p * k + i];
            Assert.True(s > 0, "the rebuilt score covariance must be positive definite");
            u[i * k + i] = Math.Sqrt(s);
            for (int j = i + 1; j < k; j++)
            {
                double t = a[i * k + j];
                for (int p = 0; p < i; p++) t -= u[p * k + i] * u[p * k + j];
                u[i * k + j] = t / u[i * k + i];
            }
        }
        return u;
    }
}
