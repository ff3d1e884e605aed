using SoapLens.Data;
using SoapLens.Learning.Cv;
using Xunit.Abstractions;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>
/// The seed's comparison on the reference Langevin trajectories: TICA, the network eigenfunctions
/// and the autoencoder on the double well and the triple well (small networks, subsampled data).
/// </summary>
public sealed class CvLearningTests
{
    private readonly ITestOutputHelper _out;

    public CvLearningTests(ITestOutputHelper output) => _out = output;

    /// <summary>Every <paramref name="stride"/>-th frame of a reference trajectory as one series.</summary>
    private static Dataset Subsample(string system, int stride)
    {
        var xy = CvReference.Trajectory(system);
        int n = xy.Length / 2 / stride;
        var v = new double[2 * n];
        for (int i = 0; i < n; i++) { v[2 * i] = xy[2 * i * stride]; v[2 * i + 1] = xy[2 * i * stride + 1]; }
        return Dataset.FromMatrix(v, n, 2, $"{system}/{stride}");
    }

    internal static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i] - ma, y = b[i] - mb;
            sab += x * y; saa += x * x; sbb += y * y;
        }
        return sab / Math.Sqrt(saa * sbb);
    }

    private static double[] Column(Dataset d, int c) => Enumerable.Range(0, d.RowCount).Select(r => d[r, c]).ToArray();

    private static int[] CoreLabels(Dataset d, Potential2D p) =>
        new LangevinTrajectory(p.Name, d.Values, p.DefaultBeta, 1e-3, 20, 0, -1, 0, 0).CoreLabels();

    // Every 2nd reference frame (10,000 rows): lag 5 here is the reference's lag of 10 frames.
    private const int Lag = 5;

    [Fact]
    public void Double_well_tica_eigenfunction_and_autoencoder_separate_the_wells()
    {
        var data = Subsample("doublewell", 2);
        var x = Column(data, 0);
        var labels = CoreLabels(data, Potential2D.DoubleWell);
        var tica = Tica.Fit(data, new TicaOptions { Lag = Lag });
        var ef = EigenfunctionCv.Train(data, new EigenfunctionCvOptions { Lag = Lag, ComponentCount = 1, Hidden = [16, 16], Epochs = 30, Seed = 1 });
        var ae = AutoencoderCv.Train(data, new AutoencoderCvOptions { Lag = Lag, ComponentCount = 1, Hidden = [16, 16], Epochs = 30, Seed = 1 });
        double rt = Pearson(tica.Component(0), x), re = Pearson(ef.Component(0), x), ra = Pearson(ae.Component(0), x);
        var aa = NearestCentroidAccuracy(ae, labels, 2);
        _out.WriteLine($"TICA: r = {rt:F4}, λ1 = {tica.Eigenvalues[0]:F4} (t1 {tica.Timescales[0]:F1} frames of the subsample)");
        _out.WriteLine($"eigenfunction: r = {re:F4}, λ1 = {ef.Eigenvalues[0]:F4} (t1 {ef.Timescales[0]:F1}), {ef}");
        _out.WriteLine($"autoencoder: r = {ra:F4}, λ1 = {ae.Eigenvalues[0]:F4} (t1 {ae.Timescales[0]:F1}), core accuracy {aa[0]:F3} {aa[1]:F3}, {ae}");
        Assert.True(Math.Abs(rt) >= 0.95, $"TICA r = {rt}");
        Assert.True(Math.Abs(re) >= 0.95, $"eigenfunction r = {re}");
        // The autoencoder CV separates the two core sets (nearest-centroid accuracy on the core frames).
        Assert.All(aa, a => Assert.True(a >= 0.95, $"autoencoder core accuracy {a}"));
        // Variational principle: the nonlinear eigenfunction is slower than the best linear CV.
        Assert.True(ef.Eigenvalues[0] > tica.Eigenvalues[0], $"{ef.Eigenvalues[0]} vs TICA {tica.Eigenvalues[0]}");
    }

    [Fact]
    public void Triple_well_eigenfunctions_resolve_the_three_states()
    {
        var data = Subsample("triplewell", 2);
        var labels = CoreLabels(data, Potential2D.TripleWell);
        var tica = Tica.Fit(data, new TicaOptions { Lag = Lag });
        var ef = EigenfunctionCv.Train(data, new EigenfunctionCvOptions { Lag = Lag, ComponentCount = 2, Hidden = [16, 16], Epochs = 40, Seed = 1 });
        var ae = AutoencoderCv.Train(data, new AutoencoderCvOptions { Lag = Lag, ComponentCount = 2, Hidden = [16, 16], Epochs = 40, Seed = 1 });
        var ea = NearestCentroidAccuracy(ef, labels);
        var aa = NearestCentroidAccuracy(ae, labels);
        _out.WriteLine($"TICA λ {tica.Eigenvalues[0]:F4} {tica.Eigenvalues[1]:F4}; accuracy {string.Join(" ", NearestCentroidAccuracy(tica, labels).Select(a => a.ToString("F3")))}");
        _out.WriteLine($"eigenfunctions λ {ef.Eigenvalues[0]:F4} {ef.Eigenvalues[1]:F4}; accuracy {string.Join(" ", ea.Select(a => a.ToString("F3")))}; {ef}");
        _out.WriteLine($"autoencoder λ {ae.Eigenvalues[0]:F4} {ae.Eigenvalues[1]:F4}; accuracy {string.Join(" ", aa.Select(a => a.ToString("F3")))}; {ae}");
        // Criterion: in (ef1, ef2) every core frame of each well is nearest to its own well's centroid (≥ 95 %).
        Assert.All(ea, a => Assert.True(a >= 0.95, $"eigenfunction core accuracy {a}"));
        // The learned eigenfunctions are slower than linear TICA and than the autoencoder's bottleneck
        // (the seed: reconstruction picks high-variance directions, not slow ones).
        Assert.True(ef.Eigenvalues[0] > tica.Eigenvalues[0] + 0.01, $"{ef.Eigenvalues[0]} vs TICA {tica.Eigenvalues[0]}");
        Assert.True(ef.Eigenvalues[0] > ae.Eigenvalues[0], $"{ef.Eigenvalues[0]} vs autoencoder {ae.Eigenvalues[0]}");
        Assert.True(ef.Eigenvalues[1] > ae.Eigenvalues[1], $"{ef.Eigenvalues[1]} vs autoencoder {ae.Eigenvalues[1]}");
    }

    [Fact]
    public void Training_is_bit_identical_for_any_thread_count()
    {
        var data = Subsample("triplewell", 10);
        var o = new EigenfunctionCvOptions { Lag = 1, ComponentCount = 2, Hidden = [8], Epochs = 3, BatchSize = 300, Seed = 5 };
        var a = EigenfunctionCv.Train(data, o with { Threads = 1 });
        var b = EigenfunctionCv.Train(data, o with { Threads = 2 });
        var c = EigenfunctionCv.Train(data, o with { Threads = 3 });
        Assert.Equal(a.Network!.Parameters, b.Network!.Parameters);
        Assert.Equal(a.Network.Parameters, c.Network!.Parameters);
        Assert.Equal(a.Projection, c.Projection);
        var ao = new AutoencoderCvOptions { ComponentCount = 1, Hidden = [8], Epochs = 3, BatchSize = 200, Seed = 5 };
        Assert.Equal(AutoencoderCv.Train(data, ao with { Threads = 1 }).Projection, AutoencoderCv.Train(data, ao with { Threads = 3 }).Projection);
        Assert.NotEqual(a.Projection, EigenfunctionCv.Train(data, o with { Seed = 6 }).Projection);
    }

    [Fact]
    public void The_best_epoch_parameters_are_kept()
    {
        var data = Subsample("doublewell", 10);
        var r = AutoencoderCv.Train(data, new AutoencoderCvOptions { ComponentCount = 1, Hidden = [8], Epochs = 25, BatchSize = 64, LearningRate = 0.02, Patience = 3, Seed = 3 });
        Assert.InRange(r.BestEpoch, 1, r.EpochsRun);
        Assert.Equal(r.History.ValidationLoss.Min(), r.History.ValidationLoss[r.BestEpoch - 1]);
        if (r.History.StoppedEarly) Assert.Equal(r.BestEpoch + 3, r.EpochsRun);
        // Recompute the validation loss of the returned network: it must be the best epoch's.
        var (_, validation) = AutoencoderCv.SplitRows(data, 0.2, 3);
        var z = NetworkTrainer.Standardise(data.Values, data.RowCount, 2, r.InputMean!, r.InputScale!);
        var runner = new BatchRunner(r.Network!, z, 1, default);
        double v = AutoencoderCv.Reconstruction(runner.Infer(validation, r.Network!.LayerCount - 1), z, validation, 2, null);
        Assert.Equal(r.History.ValidationLoss[r.BestEpoch - 1], v, 12);
    }

    [Fact]
    public void Transform_of_the_training_data_gives_the_projection()
    {
        var data = Subsample("triplewell", 10);
        var ef = EigenfunctionCv.Train(data, new EigenfunctionCvOptions { Lag = 1, Hidden = [8], Epochs = 2, BatchSize = 300 });
        var ae = AutoencoderCv.Train(data, new AutoencoderCvOptions { Hidden = [8], Epochs = 2 });
        Assert.Equal(ef.Projection, ef.Transform(data));
        Assert.Equal(ae.Projection, ae.Transform(data));
        // The eigenfunction CVs are mean-free with unit variance over the pairs (TICA normalisation).
        var c0 = ef.Component(0);
        Assert.True(Math.Abs(c0.Average()) < 0.05);
    }

    /// <summary>
    /// Per-well accuracy of nearest-centroid classification of the core frames in CV space (CVs
    /// divided by their standard deviation): the centroid of each well's core frames is computed,
    /// and each core frame is assigned to the nearest centroid.
    /// </summary>
    internal static double[] NearestCentroidAccuracy(CvResult r, int[] labels, int wells = 3)
    {
        int k = r.ComponentCount;
        var sd = new double[k];
        for (int c = 0; c < k; c++)
        {
            var col = r.Component(c);
            double m = col.Average();
            sd[c] = Math.Sqrt(col.Sum(v => (v - m) * (v - m)) / col.Length);
        }
        var centroid = new double[wells * k];
        var count = new int[wells];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) continue;
            count[labels[i]]++;
            for (int c = 0; c < k; c++) centroid[labels[i] * k + c] += r.Projection[i * k + c] / sd[c];
        }
        for (int w = 0; w < wells; w++)
            for (int c = 0; c < k; c++) centroid[w * k + c] /= Math.Max(count[w], 1);
        var correct = new int[wells];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) continue;
            int best = -1;
            double bestD = double.PositiveInfinity;
            for (int w = 0; w < wells; w++)
            {
                double dist = 0;
                for (int c = 0; c < k; c++)
                {
                    double e = r.Projection[i * k + c] / sd[c] - centroid[w * k + c];
                    dist += e * e;
                }
                if (dist < bestD) { bestD = dist; best = w; }
            }
            if (best == labels[i]) correct[labels[i]]++;
        }
        return Enumerable.Range(0, wells).Select(w => count[w] == 0 ? double.NaN : (double)correct[w] / count[w]).ToArray();
    }
}
