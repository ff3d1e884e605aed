using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Tests.Support;
using Xunit.Abstractions;

namespace SoapLens.Tests.Learning;

/// <summary>
/// gmm-5d (reference/gmm-5d/README.md): GaussianMixture(3, full, seed 0) and KMeans(3, n_init 10,
/// seed 0) on hdbscan-5d/input.npy. SoapLens draws from NumPy's RandomState stream, so it starts
/// from scikit-learn's initial centres and lands in the same optimum: the checks are the README's
/// "same optimum" ones (means/weights/covariances 1e-4 relative, ≥ 99.9 % equal labels after
/// matching), plus ARI ≥ 0.99, lower bound within 1e-4 (brief; README 5e-5), k-means inertia ≤
/// 32.94312926 × (1 + 1e-6) and ≥ 99 % equal labels.
/// </summary>
public sealed class GaussianMixtureReferenceTests
{
    private readonly ITestOutputHelper _out;
    public GaussianMixtureReferenceTests(ITestOutputHelper output) => _out = output;

    private static double[] Load(string name) => Npy.Load(SharedData.Reference("gmm-5d", name + ".npy")).ToDoubleArray();
    private static int[] LoadLabels(string name) => Npy.Load(SharedData.Reference("gmm-5d", name + ".npy")).ToInt32Array();

    internal static Dataset Input()
    {
        var a = Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy"));
        return Dataset.FromMatrix(a.ToDoubleArray(), a.Shape[0], a.Shape[1], "hdbscan-5d");
    }

    private const double LowerBound = 15.6461275186727;
    private const double KMeansInertia = 32.943129259746215;

    [Fact]
    public void Gaussian_mixture_reproduces_scikit_learn()
    {
        var x = Input();
        var labels = GaussianMixture.FitPredict(x, new GaussianMixtureOptions { ComponentCount = 3, Seed = 0, Threads = 2 });
        var model = Assert.IsType<GaussianMixtureModel>(labels.Model);
        var refLabels = LoadLabels("gmm_labels");
        double ari = LabelAgreement.AdjustedRand(labels.Labels, refLabels);
        var map = LabelAgreement.BestMatch(labels.Labels, refLabels, 3);
        double agree = LabelAgreement.Agreement(labels.Labels, refLabels, 3);
        double boundErr = Math.Abs(model.LowerBound - LowerBound);
        Assert.True(model.Converged);
        Assert.Equal(14, model.IterationCount);

        // Same optimum: parameters component by component through the label matching.
        var means = Load("gmm_means");
        var weights = Load("gmm_weights");
        var covs = Load("gmm_covariances");
        var proba = Load("gmm_predict_proba");
        double meanErr = 0, weightErr = 0, covErr = 0, probaErr = 0;
        for (int c = 0; c < 3; c++)
        {
            int r = map[c];
            weightErr = Math.Max(weightErr, Math.Abs(model.Weights[c] - weights[r]) / weights[r]);
            double mNorm = Enumerable.Range(0, 5).Max(j => Math.Abs(means[r * 5 + j]));
            for (int j = 0; j < 5; j++) meanErr = Math.Max(meanErr, Math.Abs(model.Means[c * 5 + j] - means[r * 5 + j]) / mNorm);
            double cNorm = Enumerable.Range(0, 25).Max(j => Math.Abs(covs[r * 25 + j]));
            for (int j = 0; j < 25; j++) covErr = Math.Max(covErr, Math.Abs(model.Covariances[c * 25 + j] - covs[r * 25 + j]) / cNorm);
            for (int i = 0; i < x.RowCount; i++) probaErr = Math.Max(probaErr, Math.Abs(labels.Membership![i * 3 + c] - proba[i * 3 + r]));
        }
        _out.WriteLine($"gmm-5d: lower bound {model.LowerBound:R} (|err| {boundErr:G3}), ARI {ari:F6}, agreement {agree:P4}, " +
                       $"means {meanErr:G3}, weights {weightErr:G3}, covariances {covErr:G3} relative, predict_proba {probaErr:G3}");
        Assert.True(boundErr <= 1e-7 * LowerBound, $"lower bound {model.LowerBound:R} vs {LowerBound:R}");
        Assert.True(ari >= 0.99, $"ARI {ari}");
        Assert.True(agree >= 0.999, $"agreement {agree}");
        Assert.True(meanErr <= 1e-4 && weightErr <= 1e-4 && covErr <= 1e-4, "parameters differ beyond 1e-4 relative");
        Assert.True(probaErr <= 1e-6, $"predict_proba differs by {probaErr}");
        // Score and BIC as scikit-learn's score() and bic() on the same data.
        Assert.Equal(15.646423339689383, Convert.ToDouble(labels.Parameters["score"]), 1e-9);
        Assert.Equal(-450023.34320694924, Convert.ToDouble(labels.Parameters["bic"]), 1e-4);
        Assert.Equal(-450023.34320694924, model.Bic(x), 1e-4);
        // Memberships are responsibilities; the probability is the winning one.
        for (int i = 0; i < x.RowCount; i += 97)
        {
            double s = 0;
            for (int c = 0; c < 3; c++) s += labels.Membership![i * 3 + c];
            Assert.Equal(1.0, s, 1e-12);
            Assert.Equal(labels.Membership![i * 3 + labels.Labels[i]], labels.Probabilities![i]);
        }
    }

    [Fact]
    public void Gaussian_mixture_is_identical_for_any_thread_count_and_numbered_by_mean()
    {
        var x = Input();
        var o = new GaussianMixtureOptions { ComponentCount = 3, Seed = 0, Threads = 1 };
        var a = GaussianMixture.FitPredict(x, o);
        var b = GaussianMixture.FitPredict(x, o with { Threads = 2 });
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Membership, b.Membership);
        var m = (GaussianMixtureModel)a.Model!;
        Assert.Equal(m.LowerBound, ((GaussianMixtureModel)b.Model!).LowerBound);
        for (int c = 1; c < 3; c++) Assert.True(m.Means[(c - 1) * 5] < m.Means[c * 5], "components numbered by increasing first coordinate");
    }

    [Fact]
    public void KMeans_reproduces_scikit_learn()
    {
        var x = Input();
        var labels = KMeans.FitPredict(x, new KMeansOptions { ClusterCount = 3, InitCount = 10, Seed = 0, Threads = 2 });
        var model = Assert.IsType<KMeansModel>(labels.Model);
        var refLabels = LoadLabels("kmeans_labels");
        double agree = LabelAgreement.Agreement(labels.Labels, refLabels, 3);
        var map = LabelAgreement.BestMatch(labels.Labels, refLabels, 3);
        var centres = Load("kmeans_centers");
        double centreErr = 0;
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < 5; j++) centreErr = Math.Max(centreErr, Math.Abs(model.Centres[c * 5 + j] - centres[map[c] * 5 + j]));
        _out.WriteLine($"gmm-5d k-means: inertia {model.Inertia:R} (reference {KMeansInertia:R}, ratio {model.Inertia / KMeansInertia:R}), agreement {agree:P4}, centres {centreErr:G3}, n_iter {model.IterationCount}");
        Assert.True(model.Inertia <= 32.94312926 * (1 + 1e-6), $"inertia {model.Inertia}");
        Assert.True(agree >= 0.99, $"agreement {agree}");
        Assert.Equal(model.Inertia, Convert.ToDouble(labels.Parameters["inertia"]));
        Assert.Equal(3, labels.ClusterCount);
        Assert.Equal(model.Predict(x), labels.Labels);
    }
}
