using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>Time-lagged pairing rules, the covariance kernel, and how CV results convert, export and import.</summary>
public sealed class CvDataTests
{
    private static double[] Random(int n, long seed)
    {
        var r = new SeededRandom(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.NextNormal();
        return v;
    }

    /// <summary>3 atoms (ids 7, 3, 9) × 40 frames (0, 1, ...), each atom an AR(1) series of 3 features, frame-major.</summary>
    private static Dataset PerAtom(int frames = 40)
    {
        int[] ids = [7, 3, 9];
        var noise = Random(frames * ids.Length * 3, 17);
        var v = new double[frames * ids.Length * 3];
        for (int f = 0; f < frames; f++)
            for (int a = 0; a < ids.Length; a++)
                for (int j = 0; j < 3; j++)
                {
                    int i = (f * ids.Length + a) * 3 + j;
                    v[i] = (f == 0 ? 0 : 0.9 * v[((f - 1) * ids.Length + a) * 3 + j]) + noise[i] + a;
                }
        return Dataset.FromGrid(v, Enumerable.Range(0, frames).ToArray(), ids, 3);
    }

    [Fact]
    public void A_single_frame_dataset_is_one_series_in_row_order()
    {
        var d = Dataset.FromMatrix(Random(20, 1), 10, 2);
        var p = TimeLaggedPairs.Build(d, 3);
        Assert.True(p.SingleSeries);
        Assert.Equal(Enumerable.Range(0, 7), p.Start);
        Assert.Equal(Enumerable.Range(3, 7), p.End);
        var e = Assert.Throws<SoapLensException>(() => TimeLaggedPairs.Build(d, 10));
        Assert.Contains("10 rows", e.Message);
        Assert.Throws<SoapLensException>(() => TimeLaggedPairs.Build(d, 0));
    }

    [Fact]
    public void Per_atom_rows_pair_within_each_atom_at_frame_plus_lag()
    {
        var d = PerAtom();
        var p = TimeLaggedPairs.Build(d, 2);
        Assert.False(p.SingleSeries);
        Assert.Equal(3, p.SeriesCount);
        Assert.Equal(3 * 38, p.Count);
        for (int i = 0; i < p.Count; i++)
        {
            Assert.Equal(d.AtomIds[p.Start[i]], d.AtomIds[p.End[i]]);
            Assert.Equal(d.Frames[p.Start[i]] + 2, d.Frames[p.End[i]]);
        }
        // Lag counts stored frame numbers: frames 0, 10, 20 ... pair only at lag 10.
        var strided = new Dataset(d.Values, d.RowCount, 3, d.Frames.Select(f => 10 * f).ToArray(), d.AtomIds);
        var err = Assert.Throws<SoapLensException>(() => TimeLaggedPairs.Build(strided, 1));
        Assert.Contains("frame numbers", err.Message);
        Assert.Equal(3 * 39, TimeLaggedPairs.Build(strided, 10).Count);
        // Duplicate keys are refused.
        var dup = new Dataset(d.Values, d.RowCount, 3, d.Frames.Select(_ => 1).Append(2).Skip(1).ToArray(), d.AtomIds.Select(_ => 5).ToArray());
        Assert.Throws<SoapLensException>(() => TimeLaggedPairs.Build(dup, 1));
    }

    [Fact]
    public void Row_order_of_a_per_atom_dataset_does_not_change_tica()
    {
        var d = PerAtom();
        var order = Enumerable.Range(0, d.RowCount).Reverse().ToArray();
        var v = new double[d.Values.Length];
        for (int r = 0; r < order.Length; r++) d.Row(order[r]).CopyTo(v.AsSpan(r * 3, 3));
        var shuffled = new Dataset(v, d.RowCount, 3, order.Select(r => d.Frames[r]).ToArray(), order.Select(r => d.AtomIds[r]).ToArray());
        var a = Tica.Fit(d, new TicaOptions { Lag = 1 });
        var b = Tica.Fit(shuffled, new TicaOptions { Lag = 1 });
        Assert.True(CvReference.AbsoluteError(a.Eigenvalues, b.Eigenvalues) < 1e-12);
        // Projections follow the input rows.
        for (int r = 0; r < order.Length; r++)
            for (int c = 0; c < 3; c++) Assert.Equal(a.Projection[order[r] * 3 + c], b.Projection[r * 3 + c], 10);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(13)]
    public void Covariances_match_a_plain_loop_and_are_identical_for_any_thread_count(int d)
    {
        int n = 3000, lag = 4;
        var x = Random(n * d, d);
        for (int i = d; i < x.Length; i++) x[i] += 0.5 * x[i - d] + 3; // correlated in time, non-zero mean
        var p = TimeLaggedPairs.ForSeries(n, lag);
        var c1 = LaggedCovariance.Estimate(x, d, p.Start, p.End, reversible: false, threads: 1);
        var c2 = LaggedCovariance.Estimate(x, d, p.Start, p.End, reversible: false, threads: 2);
        var c4 = LaggedCovariance.Estimate(x, d, p.Start, p.End, reversible: false, threads: 4);
        Assert.Equal(c1.C0t, c2.C0t);
        Assert.Equal(c1.C0t, c4.C0t);
        Assert.Equal(c1.C00, c4.C00);
        int m = p.Count;
        var mu0 = new double[d];
        var mut = new double[d];
        for (int t = 0; t < m; t++)
            for (int j = 0; j < d; j++) { mu0[j] += x[t * d + j] / m; mut[j] += x[(t + lag) * d + j] / m; }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double s = 0, s0 = 0;
                for (int t = 0; t < m; t++)
                {
                    s += (x[t * d + i] - mu0[i]) * (x[(t + lag) * d + j] - mut[j]);
                    s0 += (x[t * d + i] - mu0[i]) * (x[t * d + j] - mu0[j]);
                }
                Assert.Equal(s / m, c1.C0t[i * d + j], 10);
                Assert.Equal(s0 / m, c1.C00[i * d + j], 10);
            }
    }

    [Fact]
    public void Kinetic_map_scales_components_by_their_eigenvalues()
    {
        var d = CvReference.Features("triplewell", "xy");
        var a = Tica.Fit(d, new TicaOptions { Lag = 10 });
        var k = Tica.Fit(d, new TicaOptions { Lag = 10, KineticMap = true });
        for (int r = 0; r < 50; r++)
            for (int c = 0; c < 2; c++) Assert.Equal(a.Projection[r * 2 + c] * a.Eigenvalues[c], k.Projection[r * 2 + c], 14);
        Assert.Throws<SoapLensException>(() => Tica.Fit(d, new TicaOptions { Lag = 10, ComponentCount = 3 }));
    }

    [Fact]
    public void Constant_columns_are_handled_by_the_regularisation_and_all_constant_data_is_refused()
    {
        var x = Random(2000, 3);
        var v = new double[1000 * 3];
        for (int i = 0; i < 1000; i++) { v[3 * i] = x[2 * i]; v[3 * i + 1] = 4.0; v[3 * i + 2] = x[2 * i + 1]; }
        var r = Tica.Fit(Dataset.FromMatrix(v, 1000, 3), new TicaOptions { Lag = 1 });
        Assert.All(r.Eigenvalues, l => Assert.True(double.IsFinite(l) && Math.Abs(l) < 1));
        var flat = Dataset.FromMatrix(Enumerable.Repeat(1.0, 200).ToArray(), 100, 2);
        var e = Assert.Throws<SoapLensException>(() => Tica.Fit(flat, new TicaOptions { Lag = 1 }));
        Assert.Equal("CovarianceSingular", e.ErrorId);
    }

    [Fact]
    public void Results_are_datasets_and_per_atom_columns()
    {
        var d = PerAtom();
        var r = Tica.Fit(d, new TicaOptions { Lag = 1, ComponentCount = 2 });
        var ds = r.ToDataset();
        Assert.Equal(d.Frames, ds.Frames);
        Assert.Equal(d.AtomIds, ds.AtomIds);
        Assert.Equal(["tic1", "tic2"], ds.ColumnNames);
        var dest = new double[2 * 2];
        Assert.True(r.TryGetFrame(5, [9, 100], dest));
        int row = Enumerable.Range(0, d.RowCount).Single(i => d.Frames[i] == 5 && d.AtomIds[i] == 9);
        Assert.Equal(r.Projection[row * 2], dest[0]);
        Assert.Equal(r.Projection[row * 2 + 1], dest[1]);
        Assert.True(double.IsNaN(dest[2]) && double.IsNaN(dest[3]));
        Assert.False(r.TryGetFrame(1000, [9], dest));
    }

    [Fact]
    public void Langevin_trajectory_is_a_dataset_and_a_trajectory()
    {
        var run = LangevinSimulator.Run(Potential2D.DoubleWell, new LangevinOptions { Steps = 1000, SaveEvery = 10 });
        var ds = run.ToDataset();
        Assert.Equal(100, ds.RowCount);
        Assert.Equal(["x", "y"], ds.ColumnNames);
        Assert.Equal(Enumerable.Range(0, 100), ds.Frames);
        Assert.Equal(run.Positions, ds.Values);
        var t = run.ToTrajectory();
        var frames = t.LoadFrames();
        Assert.Equal(100, frames.Count);
        Assert.Equal(run.X(42), frames[42].Positions[0]);
        Assert.Equal(run.Y(42), frames[42].Positions[1]);
        Assert.Equal(0.43, frames[42].Time!.Value, 12);
    }

    /// <summary>A file round trip that also hands back the array written (for .npy files).</summary>
    private static object RoundTrip(IBundleConvertible result, string file, out NdArray written, string? array = null)
    {
        NdArray w = NdArray.Of(new double[1]);
        var back = FileRoundTrip.Through(result, file, new ExportOptions { ArrayName = array }, path =>
        {
            if (file.EndsWith(".npy")) w = Npy.Load(path);
        });
        written = w;
        return back;
    }

    [Fact]
    public void Tica_result_exports_its_projection_and_eigenvalues_as_npy()
    {
        var d = CvReference.Features("doublewell", "poly");
        var r = Tica.Fit(d, new TicaOptions { Lag = 10, ComponentCount = 2 });
        var back = Assert.IsType<TicaResult>(RoundTrip(r, "t.npy", out var written));
        Assert.Equal([20000, 2], written.Shape);
        Assert.Equal(NdType.Float64, written.DType);
        Assert.Equal(r.Projection, written.ToDoubleArray());
        Assert.Equal(r.Projection, back.Projection);
        Assert.Equal(r.Eigenvalues, back.Eigenvalues);
        Assert.Equal(r.Timescales, back.Timescales);
        Assert.Equal(10, back.Lag);
        Assert.Null(back.Model.Eigenvectors); // the .npy keeps only the projection
        var ex = Assert.Throws<SoapLensException>(() => back.Model.Transform(d.Values, d.RowCount, 1, false));
        Assert.Equal("ModelIncomplete", ex.ErrorId);

        RoundTrip(r, "e.npy", out var ev, "eigenvalues");
        Assert.Equal(r.Eigenvalues, ev.ToDoubleArray());
        RoundTrip(r, "ts.npy", out var ts, "timescales");
        Assert.Equal(r.Timescales, ts.ToDoubleArray());
        RoundTrip(r, "v.npy", out var vec, "eigenvectors");
        Assert.Equal([5, 5], vec.Shape);

        var csv = Assert.IsType<TicaResult>(RoundTrip(r, "t.csv", out _));
        Assert.Equal(r.Projection, csv.Projection);
    }

    [Fact]
    public void Every_cv_result_survives_a_full_bundle_round_trip()
    {
        var data = CvReference.Features("triplewell", "xy");
        var small = Dataset.FromMatrix(data.Values.AsSpan(0, 4000).ToArray(), 2000, 2);
        var tica = Tica.Fit(small, new TicaOptions { Lag = 3 });
        var t2 = Assert.IsType<TicaResult>(ResultRegistry.FromBundle(tica.ToBundle()));
        Assert.Equal(tica.Model.Eigenvectors, t2.Model.Eigenvectors);
        Assert.Equal(tica.Model.Mean, t2.Model.Mean);

        var vamp = Vamp.Score(small, new VampOptions { Lag = 3 });
        var v2 = Assert.IsType<VampScore>(ResultRegistry.FromBundle(vamp.ToBundle()));
        Assert.Equal(vamp.SingularValues, v2.SingularValues);
        Assert.Equal(vamp.Koopman, v2.Koopman);
        Assert.Equal(vamp.Score, v2.Score);
        var v3 = Assert.IsType<VampScore>(RoundTrip(vamp, "s.npy", out var sv));
        Assert.Equal(vamp.SingularValues, sv.ToDoubleArray());
        Assert.Equal(vamp.Vamp2, v3.Vamp2);

        var ef = EigenfunctionCv.Train(small, new EigenfunctionCvOptions { Lag = 3, Hidden = [6], Epochs = 2, BatchSize = 300 });
        var e2 = Assert.IsType<EigenfunctionCvResult>(ResultRegistry.FromBundle(ef.ToBundle()));
        Assert.Equal(ef.Transform(small), e2.Transform(small));
        Assert.Equal(ef.History.TrainingLoss, e2.History.TrainingLoss);
        Assert.Equal(ef.Settings.Hidden, e2.Settings.Hidden);
        var e3 = Assert.IsType<EigenfunctionCvResult>(RoundTrip(ef, "ef.npy", out var efp));
        Assert.Equal([2000, 2], efp.Shape);
        Assert.Equal(ef.Eigenvalues, e3.Eigenvalues);

        var ae = AutoencoderCv.Train(small, new AutoencoderCvOptions { ComponentCount = 1, Hidden = [6], Epochs = 2 });
        var a2 = Assert.IsType<AutoencoderCvResult>(ResultRegistry.FromBundle(ae.ToBundle()));
        Assert.Equal(ae.Transform(small), a2.Transform(small));
        Assert.Equal(ae.ReconstructionError, a2.ReconstructionError);

        var run = LangevinSimulator.Run(Potential2D.TripleWell, new LangevinOptions { Steps = 2000 });
        var l2 = Assert.IsType<LangevinTrajectory>(RoundTrip(run, "run.npy", out var pos));
        Assert.Equal([200, 2], pos.Shape);
        Assert.Equal(run.Positions, l2.Positions);
        Assert.Equal(run.Beta, l2.Beta);
        Assert.Equal(run.TimeStep, l2.TimeStep);
        Assert.Equal(run.Seed, l2.Seed);
    }

    [Fact]
    public void A_plain_npy_array_imported_as_a_dataset_gives_the_reference_tica()
    {
        var bundle = DataFormats.Resolve("x.npy", null).Read(CvReference.File("triplewell_traj.npy"), new ImportOptions(), CancellationToken.None);
        var d = Assert.IsType<Dataset>(ResultRegistry.FromBundle(bundle));
        var r = Tica.Fit(d, new TicaOptions { Lag = 10 });
        Assert.True(CvReference.AbsoluteError(r.Eigenvalues, CvReference.Array("tica_triplewell_xy_eigenvalues")) < 1e-10);
        var csv = DataFormats.Resolve("x.csv", null).Read(CvReference.File("triplewell_traj.csv"), new ImportOptions(), CancellationToken.None);
        var rc = Tica.Fit(Assert.IsType<Dataset>(ResultRegistry.FromBundle(csv)), new TicaOptions { Lag = 10 });
        Assert.Equal(r.Eigenvalues, rc.Eigenvalues);
    }
}
