using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

/// <summary>PCA on synthetic data with known answers.</summary>
public class PcaTests
{
    /// <summary>
    /// Exact low-rank data: mean + Σ_c s_c a_c with orthonormal axes a_c and centred, mutually
    /// orthogonal score columns of known norms, so the PCA is known in closed form.
    /// </summary>
    private static (Dataset Data, double[] Mean, double[][] Axes, double[] Variances) LowRank(int n, int d, double[] variances, int seed)
    {
        var rnd = new Random(seed);
        int r = variances.Length;
        var axes = new double[r][];
        for (int c = 0; c < r; c++)
        {
            axes[c] = Enumerable.Range(0, d).Select(_ => rnd.NextDouble() - 0.5).ToArray();
            TestVectors.Orthonormalise(axes[c], axes.Take(c));
        }
        var basis = new List<double[]> { Enumerable.Repeat(1 / Math.Sqrt(n), n).ToArray() };
        var scores = new double[r][];
        for (int c = 0; c < r; c++)
        {
            var s = Enumerable.Range(0, n).Select(_ => rnd.NextDouble() - 0.5).ToArray();
            TestVectors.Orthonormalise(s, basis);
            basis.Add((double[])s.Clone());
            double scale = Math.Sqrt(variances[c] * (n - 1));
            scores[c] = s.Select(v => v * scale).ToArray();
        }
        var mean = Enumerable.Range(0, d).Select(j => 10.0 + j).ToArray();   // large offset: tests the centring
        var x = new double[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
            {
                double v = mean[j];
                for (int c = 0; c < r; c++) v += scores[c][i] * axes[c][j];
                x[i * d + j] = v;
            }
        return (Dataset.FromGrid(x, Enumerable.Range(0, n / 10).ToArray(), Enumerable.Range(100, 10).ToArray(), d), mean, axes, variances);
    }

    [Fact]
    public void Exact_low_rank_data_give_the_known_spectrum_axes_and_mean()
    {
        double[] variances = [4.0, 1.0, 0.25, 0.01];
        var (data, mean, axes, _) = LowRank(500, 23, variances, 1);
        var model = Pca.Fit(data, new PcaOptions { Threads = 2 });
        Assert.Equal(PcaSelection.All, model.Selection);
        Assert.Equal(23, model.ComponentCount);
        Assert.Equal(500, model.SampleCount);
        for (int j = 0; j < 23; j++) Assert.Equal(mean[j], model.Mean[j], 1e-12);
        double total = variances.Sum();
        Assert.Equal(total, model.TotalVariance, 1e-12);
        for (int c = 0; c < 23; c++)
        {
            double expected = c < 4 ? variances[c] : 0;
            Assert.Equal(expected, model.ExplainedVariance[c], 1e-12);
            Assert.Equal(expected / total, model.ExplainedVarianceRatio[c], 1e-12);
            Assert.Equal(Math.Sqrt(expected * 499), model.SingularValues[c], 1e-6);
        }
        for (int c = 0; c < 4; c++)
        {
            // Same axis up to sign, and the sign is the convention's.
            var got = model.Component(c);
            double dot = got.Zip(axes[c], (a, b) => a * b).Sum();
            Assert.Equal(1.0, Math.Abs(dot), 1e-10);
            int arg = Array.IndexOf(got, got.MaxBy(Math.Abs));
            Assert.True(got[arg] > 0, "largest-|loading| entry positive");
        }
        var cum = model.CumulativeVarianceRatio();
        Assert.Equal(1.0, cum[^1], 1e-12);
    }

    [Fact]
    public void Sign_convention_makes_the_first_largest_loading_positive()
    {
        double[] comps = [0.1, -0.7, 0.7, 0.1, /**/ -0.5, 0.5, 0.2, -0.1, /**/ 0.3, 0.2, -0.3, 0.0];
        Pca.ApplySignConvention(comps, 3, 4);
        // Row 0: |−0.7| = |0.7| tie, the first (negative) one decides: flipped.
        Assert.Equal([-0.1, 0.7, -0.7, -0.1], comps[..4]);
        Assert.Equal([0.5, -0.5, -0.2, 0.1], comps[4..8]);
        Assert.Equal([0.3, 0.2, -0.3, 0.0], comps[8..]);
    }

    [Fact]
    public void Variance_selection_follows_scikit_learn()
    {
        double[] ratio = [0.5, 0.3, 0.15, 0.05];
        Assert.Equal(1, Pca.CountForVariance(ratio, 0.4));
        Assert.Equal(2, Pca.CountForVariance(ratio, 0.5));   // 0.5 is not > 0.5
        Assert.Equal(3, Pca.CountForVariance(ratio, 0.8));   // 0.8 is not > 0.8 (searchsorted side='right')
        Assert.Equal(3, Pca.CountForVariance(ratio, 0.9));
        Assert.Equal(4, Pca.CountForVariance(ratio, 0.99));
        Assert.Equal(4, Pca.CountForVariance(ratio, 0.9999999));

        var (data, _, _, _) = LowRank(400, 12, [4.0, 1.0, 0.25, 0.01], 2);
        var total = 5.26;
        var m = Pca.Fit(data, new PcaOptions { VarianceFraction = 5.0 / total + 1e-9 });
        Assert.Equal(3, m.ComponentCount);
        Assert.Equal(PcaSelection.Variance, m.Selection);
        Assert.Equal(5.0 / total + 1e-9, m.VarianceThreshold);
        Assert.Equal(2, Pca.Fit(data, new PcaOptions { VarianceFraction = 0.9 }).ComponentCount);
        Assert.Equal(2, Pca.Fit(data, new PcaOptions { ComponentCount = 2 }).ComponentCount);
    }

    [Fact]
    public void Transform_of_new_data_uses_the_fitted_mean_and_axes()
    {
        var (data, _, _, _) = LowRank(300, 9, [3.0, 1.0, 0.5], 3);
        var result = Pca.FitTransform(data, new PcaOptions { ComponentCount = 3 });
        var model = result.Model;
        Assert.Equal(data.Frames, result.Projection.Frames);
        Assert.Equal(data.AtomIds, result.Projection.AtomIds);
        Assert.Equal(["pc1", "pc2", "pc3"], result.Projection.ColumnNames);
        // New rows: explicit (x − mean)·axis.
        var rnd = new Random(9);
        var fresh = Enumerable.Range(0, 7 * 9).Select(_ => rnd.NextDouble() * 20).ToArray();
        var projected = model.Transform(Dataset.FromMatrix(fresh, 7, 9));
        for (int i = 0; i < 7; i++)
            for (int c = 0; c < 3; c++)
            {
                double s = 0;
                for (int j = 0; j < 9; j++) s += (fresh[i * 9 + j] - model.Mean[j]) * model.Components[c * 9 + j];
                Assert.Equal(s, projected[i, c], 1e-12);
            }
        // The scores of the fitted data have the explained variances.
        for (int c = 0; c < 3; c++)
        {
            double ss = 0;
            for (int i = 0; i < 300; i++) ss += result.Projection[i, c] * result.Projection[i, c];
            Assert.Equal(model.ExplainedVariance[c], ss / 299, 1e-10);
        }
        var wrong = Assert.Throws<SoapLensException>(() => model.Transform(Dataset.FromMatrix(new double[8], 1, 8)));
        Assert.Equal("PcaFeatureMismatch", wrong.ErrorId);
    }

    [Fact]
    public void Fit_is_bit_identical_for_any_thread_count()
    {
        var x = PcaKernelTests.RandomMatrix(1500, 300, 4, offset: 0.3);
        var data = Dataset.FromMatrix(x, 1500, 300);
        var a = Pca.FitTransform(data, new PcaOptions { ComponentCount = 6, Threads = 1 });
        var b = Pca.FitTransform(data, new PcaOptions { ComponentCount = 6, Threads = 2 });
        var c = Pca.FitTransform(data, new PcaOptions { ComponentCount = 6, Threads = 5 });
        Assert.Equal(a.Model.ExplainedVariance, b.Model.ExplainedVariance);
        Assert.Equal(a.Model.Components, b.Model.Components);
        Assert.Equal(a.Projection.Values, b.Projection.Values);
        Assert.Equal(a.Model.Components, c.Model.Components);
        Assert.Equal(a.Projection.Values, c.Projection.Values);
    }

    [Fact]
    public void Block_size_changes_only_the_round_off()
    {
        var (data, _, _, _) = LowRank(2000, 40, [2.0, 1.0, 0.3, 0.1, 0.05], 5);
        var a = Pca.Fit(data, new PcaOptions { ComponentCount = 5, BlockRows = 128 });
        foreach (var block in new[] { 3, 50, 1000, 4096 })
        {
            var b = Pca.Fit(data, new PcaOptions { ComponentCount = 5, BlockRows = block });
            for (int i = 0; i < a.ExplainedVariance.Length; i++) Assert.Equal(a.ExplainedVariance[i], b.ExplainedVariance[i], 1e-13);
            for (int i = 0; i < a.Components.Length; i++) Assert.Equal(a.Components[i], b.Components[i], 1e-11);
        }
    }

    [Fact]
    public void More_columns_than_rows_keep_min_rows_columns_components()
    {
        var x = PcaKernelTests.RandomMatrix(6, 20, 8);
        var m = Pca.Fit(Dataset.FromMatrix(x, 6, 20), new PcaOptions());
        Assert.Equal(6, m.ComponentCount);
        Assert.Equal(6, m.ExplainedVariance.Length);
        Assert.Equal(0, m.ExplainedVariance[5], 1e-12);   // centred 6 rows span 5 directions
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var x = PcaKernelTests.RandomMatrix(50, 4, 1);
        x[17 * 4 + 2] = double.NaN;
        var nan = Assert.Throws<SoapLensException>(() => Pca.Fit(Dataset.FromMatrix(x, 50, 4), new PcaOptions()));
        Assert.Equal("NonFiniteValue", nan.ErrorId);
        Assert.Contains("row 17", nan.Message);
        Assert.Contains("'c2'", nan.Message);
        var ok = Dataset.FromMatrix(PcaKernelTests.RandomMatrix(50, 4, 1), 50, 4);
        Assert.Equal("InvalidArgument", Assert.Throws<SoapLensException>(() => Pca.Fit(ok, new PcaOptions { ComponentCount = 5 })).ErrorId);
        Assert.Equal("InvalidArgument", Assert.Throws<SoapLensException>(() => Pca.Fit(ok, new PcaOptions { VarianceFraction = 1.0 })).ErrorId);
        Assert.Equal("InvalidArgument", Assert.Throws<SoapLensException>(() => Pca.Fit(ok, new PcaOptions { ComponentCount = 2, VarianceFraction = 0.5 })).ErrorId);
        Assert.Equal("PcaTooFewRows", Assert.Throws<SoapLensException>(() => Pca.Fit(Dataset.FromMatrix([1, 2], 1, 2), new PcaOptions())).ErrorId);
        Assert.Equal("PcaZeroVariance", Assert.Throws<SoapLensException>(() => Pca.Fit(Dataset.FromMatrix(new double[20], 10, 2), new PcaOptions())).ErrorId);
    }

    [Fact]
    public void Result_exports_projection_components_and_ratios_and_round_trips()
    {
        var (data, _, _, _) = LowRank(200, 8, [3.0, 1.0, 0.5], 6);
        var result = Pca.FitTransform(data, new PcaOptions { ComponentCount = 2 });
        using var tmp = new TempDir();
        var path = tmp.File("pca.npy");
        var npy = DataFormats.Resolve(path, null);
        npy.Write(result.ToBundle(), path, new ExportOptions(), CancellationToken.None);
        var projection = Npy.Load(path);
        Assert.Equal(NdType.Float64, projection.DType);
        Assert.Equal([200, 2], projection.Shape);
        Assert.Equal(result.Projection.Values, projection.ToDoubleArray());
        var comps = tmp.File("components.npy");
        npy.Write(result.ToBundle(), comps, new ExportOptions { ArrayName = "components" }, CancellationToken.None);
        Assert.Equal([2, 8], Npy.Load(comps).Shape);
        var evr = tmp.File("evr.npy");
        npy.Write(result.ToBundle(), evr, new ExportOptions { ArrayName = "explained_variance_ratio" }, CancellationToken.None);
        Assert.Equal([8], Npy.Load(evr).Shape);

        // A single-array export comes back as the projection (keys and pc names kept) ...
        var fromNpy = Assert.IsType<Dataset>(ResultRegistry.FromBundle(npy.Read(path, new ImportOptions(), CancellationToken.None)));
        Assert.Equal(result.Projection.Values, fromNpy.Values);
        Assert.Equal(result.Projection.Frames, fromNpy.Frames);
        Assert.Equal(result.Projection.AtomIds, fromNpy.AtomIds);
        Assert.Equal(["pc1", "pc2"], fromNpy.ColumnNames);
        var fromCsv = FileRoundTrip.Through<Dataset>(result, "pca.csv");
        Assert.Equal(result.Projection.Values, fromCsv.Values);

        // ... a whole bundle (HDF5, memory) as the result ...
        var back = Assert.IsType<PcaResult>(ResultRegistry.FromBundle(result.ToBundle()));
        Assert.Equal(result.Projection.Values, back.Projection.Values);
        Assert.Equal(result.Model.Components, back.Model.Components);
        Assert.Equal(result.Model.ExplainedVarianceRatio, back.Model.ExplainedVarianceRatio);
        Assert.Equal(result.Model.Mean, back.Model.Mean);
        Assert.Equal(PcaSelection.Count, back.Model.Selection);

        // ... and the model alone round-trips through .npy (its mean and spectra travel as attributes).
        var modelPath = tmp.File("model.npy");
        npy.Write(result.Model.ToBundle(), modelPath, new ExportOptions(), CancellationToken.None);
        Assert.Equal([2, 8], Npy.Load(modelPath).Shape);
        var model = Assert.IsType<PcaModel>(ResultRegistry.FromBundle(npy.Read(modelPath, new ImportOptions(), CancellationToken.None)));
        Assert.Equal(result.Model.Components, model.Components);
        Assert.Equal(result.Model.Mean, model.Mean);
        Assert.Equal(result.Model.ExplainedVariance, model.ExplainedVariance);
        Assert.Equal(result.Model.FeatureNames, model.FeatureNames);
        Assert.Equal(result.Projection.Values, model.Transform(data).Values);
    }

    [Fact]
    public void Result_gives_per_atom_columns_by_frame_and_atom_id()
    {
        var (data, _, _, _) = LowRank(200, 8, [3.0, 1.0], 7);   // frames 0..19, atoms 100..109
        var result = Pca.FitTransform(data, new PcaOptions { ComponentCount = 2 });
        IPerAtomColumns columns = result;
        Assert.Equal(["pc1", "pc2"], columns.ColumnNames);
        var dst = new double[3 * 2];
        Assert.True(columns.TryGetFrame(4, [109, 100, 555], dst));
        Assert.Equal(result.Projection[4 * 10 + 9, 0], dst[0]);
        Assert.Equal(result.Projection[4 * 10 + 9, 1], dst[1]);
        Assert.Equal(result.Projection[4 * 10, 0], dst[2]);
        Assert.True(double.IsNaN(dst[4]) && double.IsNaN(dst[5]));
        Assert.False(columns.TryGetFrame(20, [100], dst));
        Assert.Same(result.Projection, ((IDatasetSource)result).ToDataset());
        PcaModel asModel = result;
        Assert.Same(result.Model, asModel);
    }
}
