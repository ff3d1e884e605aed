using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

/// <summary>
/// The pca-cu211 reference comparison (reference/pca-cu211/README.md), reusable on any X of shape
/// (14400, 576): the normalised full SOAP of cu211-small frames 0..19 once the SOAP engine exists,
/// and, until then, a dataset rebuilt from the reference files themselves (PcaCu211ReferenceTests).
/// Tolerances as the README states them: explained variance (ratio) |a − b| ≤ 1e-8 × the first entry
/// of the same array, absolute (entries past the numerical rank are round-off); mean 1e-12;
/// the five components, after the sign convention, 1e-7.
/// </summary>
internal static class PcaReferenceCheck
{
    public const int Rows = 14400, Columns = 576, FrameRows = 720;

    public static double[] Load(string name) => Npy.Load(SharedData.Reference("pca-cu211", name + ".npy")).ToDoubleArray();

    /// <summary>Fits PCA on <paramref name="x"/> (all components, as the reference) and checks everything the reference stores.</summary>
    /// <param name="meanTolerance">1e-12 (the README) for exact input; input recomputed by another SOAP
    /// implementation inherits the SOAP tolerance instead (dscribe's own β carries ~1e-11 round-off).</param>
    public static PcaResult Assert(Dataset x, Action<string>? log = null, double meanTolerance = 1e-12)
    {
        Xunit.Assert.Equal(Rows, x.RowCount);
        Xunit.Assert.Equal(Columns, x.ColumnCount);
        var result = Pca.FitTransform(x, new PcaOptions { Threads = 2 });
        AssertModel(result.Model, log, meanTolerance);
        AssertProjectionFrame0(result, log);
        return result;
    }

    public static void AssertModel(PcaModel model, Action<string>? log = null, double meanTolerance = 1e-12)
    {
        Xunit.Assert.Equal(Rows, model.SampleCount);
        Xunit.Assert.Equal(Columns, model.FeatureCount);
        var mean = Load("mean");
        double meanErr = MaxAbsDiff(mean, model.Mean);
        Xunit.Assert.True(meanErr <= meanTolerance, $"mean differs by {meanErr:G3} (tolerance {meanTolerance:G3})");

        var ev = Load("explained_variance");
        var evr = Load("explained_variance_ratio");
        Xunit.Assert.Equal(ev.Length, model.ExplainedVariance.Length);
        double evErr = MaxAbsDiff(ev, model.ExplainedVariance), evrErr = MaxAbsDiff(evr, model.ExplainedVarianceRatio);
        Xunit.Assert.True(evErr <= 1e-8 * ev[0], $"explained variance differs by {evErr:G3} (tolerance {1e-8 * ev[0]:G3})");
        Xunit.Assert.True(evrErr <= 1e-8 * evr[0], $"explained variance ratio differs by {evrErr:G3} (tolerance {1e-8 * evr[0]:G3})");

        // Singular values: s = sqrt(ev (N − 1)), so the same absolute bound maps to sqrt; check the well-resolved ones.
        var sv = Load("singular_values");
        double svErr = 0;
        for (int i = 0; i < sv.Length && ev[i] > 1e-6 * ev[0]; i++) svErr = Math.Max(svErr, Math.Abs(sv[i] - model.SingularValues[i]) / sv[i]);
        Xunit.Assert.True(svErr <= 1e-8, $"singular values differ by {svErr:G3} relative");

        var components = Load("components5");
        Xunit.Assert.True(model.ComponentCount >= 5);
        double compErr = MaxAbsDiff(components, model.Components.AsSpan(0, 5 * Columns).ToArray());
        Xunit.Assert.True(compErr <= 1e-7, $"components differ by {compErr:G3}");

        // The reference's selection: 4 components reach 99.5 %.
        Xunit.Assert.Equal(4, Pca.CountForVariance(model.ExplainedVarianceRatio, 0.995));
        log?.Invoke($"pca-cu211: mean {meanErr:G3}, ev {evErr:G3} (tol {1e-8 * ev[0]:G3}), evr {evrErr:G3} (tol {1e-8 * evr[0]:G3}), sv {svErr:G3} rel, components {compErr:G3} (tol 1e-7)");
    }

    /// <summary>Scores of the frame-0 rows on the first five axes (projection5_frame0.npy).</summary>
    public static void AssertProjectionFrame0(PcaResult result, Action<string>? log = null)
    {
        var expected = Load("projection5_frame0");
        var p = result.Projection;
        double scale = expected.Max(Math.Abs), err = 0;
        for (int r = 0; r < FrameRows; r++)
            for (int c = 0; c < 5; c++) err = Math.Max(err, Math.Abs(p[r, c] - expected[r * 5 + c]));
        Xunit.Assert.True(err <= 1e-6 * scale, $"frame-0 projection differs by {err:G3} (scale {scale:G3})");
        log?.Invoke($"pca-cu211: frame-0 projection {err:G3} (tol {1e-6 * scale:G3})");
    }

    public static double MaxAbsDiff(double[] a, double[] b)
    {
        Xunit.Assert.Equal(a.Length, b.Length);
        double m = 0;
        for (int i = 0; i < a.Length; i++) m = Math.Max(m, Math.Abs(a[i] - b[i]));
        return m;
    }
}
