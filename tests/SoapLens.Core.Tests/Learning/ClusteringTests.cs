using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

/// <summary>Gaussian mixtures and k-means on synthetic data with known answers.</summary>
public class ClusteringTests
{
    [Fact]
    public void Random_stream_is_numpys_RandomState()
    {
        // np.random.RandomState(0).random_sample(3), RandomState(42).random_sample(), RandomState(0).randint(0, 10, 5)
        var rs = new NumpyRandomState(0);
        Assert.Equal(0.5488135039273248, rs.NextDouble());
        Assert.Equal(0.7151893663724195, rs.NextDouble());
        Assert.Equal(0.6027633760716439, rs.NextDouble());
        Assert.Equal(0.3745401188473625, new NumpyRandomState(42).NextDouble());
        var ri = new NumpyRandomState(0);
        Assert.Equal([5L, 0, 3, 3, 7], Enumerable.Range(0, 5).Select(_ => ri.RandInt(10)).ToArray());
        var first = new NumpyRandomState(0);
        Assert.Equal(2357136044u, first.NextUInt32());
        Assert.Equal(2546248239u, first.NextUInt32());
    }

    [Fact]
    public void Pairwise_sum_follows_numpys_blocking()
    {
        var rnd = new Random(1);
        foreach (var n in new[] { 0, 1, 7, 8, 9, 100, 128, 129, 1000, 4097 })
        {
            var a = Enumerable.Range(0, n).Select(_ => rnd.NextDouble() * 1e3).ToArray();
            double naive = 0;
            foreach (var v in a) naive += v;
            Assert.Equal(naive, NumpySum.Pairwise(a), Math.Max(1e-12, 1e-13 * naive));
            if (n < 8) Assert.Equal(naive, NumpySum.Pairwise(a));
        }
        // Eight interleaved accumulators: 1 + 1e16 ... cancels differently from a running sum.
        double[] tricky = [1e16, 1, 1, 1, 1, 1, 1, 1, -1e16, 1, 1, 1, 1, 1, 1, 1];
        Assert.Equal(((1e16 + -1e16) + (1 + 1)) * 1 + 12, NumpySum.Pairwise(tricky));
    }

    /// <summary>Rows drawn around given centres (Box–Muller normals), in shuffled order.</summary>
    private static Dataset Blobs(double[][] centres, double[] sigmas, int perCluster, int seed, out int[] truth)
    {
        var rnd = new Random(seed);
        int d = centres[0].Length, k = centres.Length, n = k * perCluster;
        var order = Enumerable.Range(0, n).OrderBy(_ => rnd.Next()).ToArray();
        var x = new double[n * d];
        truth = new int[n];
        for (int i = 0; i < n; i++)
        {
            int c = order[i] / perCluster;
            truth[i] = c;
            for (int j = 0; j < d; j++)
            {
                double u1 = 1 - rnd.NextDouble(), u2 = rnd.NextDouble();
                x[i * d + j] = centres[c][j] + sigmas[c] * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            }
        }
        return Dataset.FromMatrix(x, n, d, "blobs");
    }

    [Fact]
    public void One_dimensional_clusters_are_numbered_by_increasing_mean()
    {
        // LENS-like values: three groups given in the order high, low, middle.
        var data = Blobs([[0.8], [0.05], [0.4]], [0.03, 0.01, 0.04], 400, 3, out var truth);
        var byMean = new[] { 2, 0, 1 };   // truth cluster -> expected label
        var km = KMeans.FitPredict(data, new KMeansOptions { ClusterCount = 3 });
        var gm = GaussianMixture.FitPredict(data, new GaussianMixtureOptions { ComponentCount = 3 });
        for (int i = 0; i < truth.Length; i++)
        {
            Assert.Equal(byMean[truth[i]], km.Labels[i]);
            Assert.Equal(byMean[truth[i]], gm.Labels[i]);
        }
        var centres = ((KMeansModel)km.Model!).Centres;
        Assert.True(centres[0] < centres[1] && centres[1] < centres[2]);
        var means = ((GaussianMixtureModel)gm.Model!).Means;
        Assert.True(means[0] < means[1] && means[1] < means[2]);
        Assert.Equal(0.05, means[0], 0.005);
        Assert.Equal(0.8, means[2], 0.01);
    }

    [Theory]
    [InlineData(CovarianceType.Full)]
    [InlineData(CovarianceType.Tied)]
    [InlineData(CovarianceType.Diag)]
    [InlineData(CovarianceType.Spherical)]
    public void Every_covariance_type_recovers_separated_blobs(CovarianceType type)
    {
        var data = Blobs([[0, 0, 0], [6, 0, 1], [3, 7, -2]], [1.0, 0.5, 0.8], 500, 7, out var truth);
        var labels = GaussianMixture.FitPredict(data, new GaussianMixtureOptions { ComponentCount = 3, CovarianceType = type, Threads = 2 });
        var model = (GaussianMixtureModel)labels.Model!;
        Assert.True(model.Converged);
        Assert.Equal(type, model.CovarianceType);
        Assert.True(LabelAgreement.AdjustedRand(labels.Labels, truth) > 0.99);
        Assert.Equal(1.0, model.Weights.Sum(), 1e-12);
        int[] shape = type switch { CovarianceType.Full => [3, 3, 3], CovarianceType.Tied => [3, 3], CovarianceType.Diag => [3, 3], _ => [3] };
        Assert.Equal(shape, model.CovarianceShape);
        Assert.Equal(shape.Aggregate(1, (a, b) => a * b), model.Covariances.Length);
        // Lower bound = mean log-likelihood before the last M-step: close to (below) the final score.
        double score = model.Score(data);
        Assert.InRange(score - model.LowerBound, -1e-3, 1e-3);
        Assert.Equal(-2 * score * data.RowCount + model.ParameterCount * Math.Log(data.RowCount), model.Bic(data), 1e-6);
        if (type == CovarianceType.Spherical)
        {
            // Component variances sigma² (+ reg_covar), numbered by the first coordinate: (0,0,0), (3,7,−2), (6,0,1).
            Assert.Equal(1.0, model.Covariances[0], 0.1);
            Assert.Equal(0.64, model.Covariances[1], 0.07);
            Assert.Equal(0.25, model.Covariances[2], 0.03);
        }
    }

    [Fact]
    public void More_starts_never_lower_the_bound_and_max_iter_caps_the_iterations()
    {
        var data = GaussianMixtureReferenceTests.Input();
        var one = GaussianMixture.Fit(data, new GaussianMixtureOptions { ComponentCount = 4, Seed = 3 });
        var three = GaussianMixture.Fit(data, new GaussianMixtureOptions { ComponentCount = 4, Seed = 3, InitCount = 3 });
        Assert.True(three.LowerBound >= one.LowerBound);
        var capped = GaussianMixture.Fit(data, new GaussianMixtureOptions { ComponentCount = 3, MaxIterations = 2 });
        Assert.False(capped.Converged);
        Assert.Equal(2, capped.IterationCount);
        var km1 = KMeans.Fit(data, new KMeansOptions { ClusterCount = 4, InitCount = 1, Seed = 5 }, null, default, out _);
        var km5 = KMeans.Fit(data, new KMeansOptions { ClusterCount = 4, InitCount = 5, Seed = 5 }, null, default, out _);
        Assert.True(km5.Inertia <= km1.Inertia);
    }

    [Fact]
    public void KMeans_is_identical_for_any_thread_count()
    {
        var data = Blobs([[0, 0], [3, 0], [0, 3], [3, 3]], [1, 1, 1, 1], 3000, 9, out _);
        var a = KMeans.FitPredict(data, new KMeansOptions { ClusterCount = 4, Threads = 1 });
        var b = KMeans.FitPredict(data, new KMeansOptions { ClusterCount = 4, Threads = 2 });
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(((KMeansModel)a.Model!).Centres, ((KMeansModel)b.Model!).Centres);
        Assert.Equal(((KMeansModel)a.Model!).Inertia, ((KMeansModel)b.Model!).Inertia);
    }

    [Fact]
    public void An_empty_cluster_takes_the_farthest_point()
    {
        double[] x = [0, 0.1, 0.2, 10, 10.1, 10.2];
        // Centre 1 far from everything: empty after the first assignment.
        var run = KMeans.Lloyd(x, 6, 1, 3, [0.1, 100, 10.1], 10, 0, 1, default);
        Assert.Equal(3, run.Labels.Distinct().Count());
        Assert.DoesNotContain(100, run.Centres);
        Assert.True(KMeans.SameClustering([0, 0, 1, 2], [2, 2, 0, 1], 3));
        Assert.False(KMeans.SameClustering([0, 0, 1, 2], [2, 1, 0, 1], 3));
    }

    [Fact]
    public void Models_round_trip_through_npy_and_label_new_data()
    {
        var data = Blobs([[0, 0], [5, 5]], [1, 1], 300, 11, out _);
        var gm = GaussianMixture.FitPredict(data, new GaussianMixtureOptions { ComponentCount = 2 });
        var km = KMeans.FitPredict(data, new KMeansOptions { ClusterCount = 2 });
        foreach (var model in new IBundleConvertible[] { gm.Model!, km.Model! })
        {
            var back = FileRoundTrip.Through(model, model.GetType().Name + ".npy");
            Assert.IsType(model.GetType(), back);
            if (back is GaussianMixtureModel g)
            {
                var orig = (GaussianMixtureModel)gm.Model!;
                Assert.Equal(orig.Means, g.Means);
                Assert.Equal(orig.Covariances, g.Covariances);
                Assert.Equal(orig.Weights, g.Weights);
                Assert.Equal(orig.LowerBound, g.LowerBound);
                Assert.Equal(gm.Labels, g.Label(data).Labels);
                Assert.Equal(gm.Membership, g.PredictProba(data));
            }
            else
            {
                Assert.Equal(km.Labels, ((KMeansModel)back).Predict(data));
            }
        }
        // Labels export: int64 (1, rows) for a plain matrix; the model is not in the labels' bundle.
        using var tmp = new TempDir();
        var labelsPath = tmp.File("labels.npy");
        new NpyDataFormat().Write(gm.ToBundle(), labelsPath, new ExportOptions(), CancellationToken.None);
        Assert.Equal([1, 600], Npy.Load(labelsPath).Shape);
        var membership = tmp.File("membership.npy");
        new NpyDataFormat().Write(gm.ToBundle(), membership, new ExportOptions { ArrayName = "membership" }, CancellationToken.None);
        Assert.Equal([1, 600, 2], Npy.Load(membership).Shape);
    }

    [Fact]
    public void Bad_input_gives_clear_errors()
    {
        var tiny = Dataset.FromMatrix([1, 2], 2, 1);
        Assert.Equal("TooFewRows", Assert.Throws<SoapLensException>(() => KMeans.FitPredict(tiny, new KMeansOptions { ClusterCount = 3 })).ErrorId);
        Assert.Equal("TooFewRows", Assert.Throws<SoapLensException>(() => GaussianMixture.FitPredict(tiny, new GaussianMixtureOptions { ComponentCount = 3 })).ErrorId);
        // Collapsed samples without regularisation: an ill-defined covariance, as scikit-learn reports it.
        var flat = Dataset.FromMatrix([1, 1, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5], 6, 2);
        var ill = Assert.Throws<SoapLensException>(() => GaussianMixture.FitPredict(flat, new GaussianMixtureOptions { ComponentCount = 2, RegCovar = 0 }));
        Assert.Equal("MixtureIllDefined", ill.ErrorId);
        Assert.Contains("RegCovar", ill.Message);
        var nan = Dataset.FromMatrix([1, double.NaN, 2, 3], 2, 2);
        Assert.Equal("NonFiniteValue", Assert.Throws<SoapLensException>(() => KMeans.FitPredict(nan, new KMeansOptions { ClusterCount = 1 })).ErrorId);
        Assert.Equal("InvalidArgument", Assert.Throws<SoapLensException>(() => KMeans.FitPredict(flat, new KMeansOptions { ClusterCount = 0 })).ErrorId);
        Assert.Equal("InvalidArgument", Assert.Throws<SoapLensException>(() => GaussianMixture.FitPredict(flat, new GaussianMixtureOptions { ComponentCount = 1, MaxIterations = 0 })).ErrorId);
        var model = (KMeansModel)KMeans.FitPredict(flat, new KMeansOptions { ClusterCount = 2 }).Model!;
        Assert.Equal("KMeansFeatureMismatch", Assert.Throws<SoapLensException>(() => model.Predict(tiny)).ErrorId);
    }
}
