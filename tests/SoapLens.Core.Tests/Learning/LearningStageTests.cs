using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;

namespace SoapLens.Tests.Learning;

/// <summary>Invoke-Pca / Invoke-GaussianMixture / Invoke-KMeans stages over the recording host.</summary>
public class LearningStageTests
{
    private static Dataset Part(int frames, int seed) =>
        Dataset.FromGrid(PcaKernelTests.RandomMatrix(frames * 50, 4, seed), Enumerable.Range(seed * 100, frames).ToArray(),
            Enumerable.Range(1, 50).ToArray(), 4, ["a", "b", "c", "d"], $"part{seed}");

    private static T Run<T>(WholeDatasetStage stage, RecordingHost host, params object?[] inputs)
    {
        stage.Begin();
        foreach (var i in inputs) stage.Process(i);
        stage.End();
        Assert.Empty(host.Errors);
        Assert.True(host.AllProgressCompleted);
        return Assert.IsType<T>(Assert.Single(host.Output));
    }

    [Fact]
    public void Pca_stage_collects_every_input_and_emits_one_result()
    {
        var host = new RecordingHost();
        var a = Part(3, 1);
        var b = Part(2, 2);
        var r = Run<PcaResult>(new PcaStage(host, new PcaStageOptions { ComponentCount = 2 }), host, a, b);
        Assert.Equal(250, r.RowCount);
        Assert.Equal(2, r.ComponentCount);
        Assert.Equal(a.Frames.Concat(b.Frames), r.Projection.Frames);
        Assert.Equal(a.AtomIds.Concat(b.AtomIds), r.Projection.AtomIds);
        Assert.Equal(["a", "b", "c", "d"], r.Model.FeatureNames);
        Assert.NotEmpty(host.Progress);
        // Same numbers as the engine on the stacked rows.
        var direct = Pca.FitTransform(WholeDatasetStage.Combine([a, b]), new PcaOptions { ComponentCount = 2 });
        Assert.Equal(direct.Projection.Values, r.Projection.Values);
    }

    [Fact]
    public void Pca_stage_reuses_a_model_and_uses_a_single_input_without_copying()
    {
        var data = Part(4, 3);
        var fit = Pca.FitTransform(data, new PcaOptions { VarianceFraction = 0.5 });
        Assert.Same(data, WholeDatasetStage.Combine([data]));
        var host = new RecordingHost();
        var r = Run<PcaResult>(new PcaStage(host, new PcaStageOptions { Model = fit.Model }), host, data);
        Assert.Same(fit.Model, r.Model);
        Assert.Equal(fit.Projection.Values, r.Projection.Values);
    }

    [Fact]
    public void Whole_dataset_stages_report_bad_inputs()
    {
        var host = new RecordingHost();
        var stage = new PcaStage(host, new PcaStageOptions());
        stage.Begin();
        stage.Process("not a dataset");
        stage.Process(Part(1, 4));
        stage.Process(Dataset.FromMatrix(new double[6], 2, 3));
        stage.End();
        Assert.Equal(["InputNotDataset", "DatasetShapeMismatch"], host.Errors.Select(e => e.ErrorId));
        Assert.Empty(host.Output);
        Assert.True(host.AllProgressCompleted);

        Assert.Throws<SoapLensException>(() => new PcaStage(new RecordingHost(), new PcaStageOptions { ComponentCount = 2, Variance = 0.9 }).Begin());

        // Nothing piped: nothing emitted, no error.
        var empty = new RecordingHost();
        var s = new KMeansStage(empty, new KMeansStageOptions { Fit = new KMeansOptions { ClusterCount = 2 } });
        s.Begin();
        s.End();
        Assert.Empty(empty.Output);
        Assert.Empty(empty.Errors);
    }

    [Fact]
    public void Engine_errors_become_non_terminating_errors_and_progress_completes()
    {
        var host = new RecordingHost();
        var stage = new GaussianMixtureStage(host, new GaussianMixtureStageOptions { Fit = new GaussianMixtureOptions { ComponentCount = 500 } });
        stage.Begin();
        stage.Process(Part(1, 5));
        stage.End();
        Assert.Equal("TooFewRows", Assert.Single(host.Errors).ErrorId);
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void Clustering_stages_emit_labels_with_their_model()
    {
        var data = GaussianMixtureReferenceTests.Input();
        var host = new RecordingHost();
        var gm = Run<ClusterLabels>(new GaussianMixtureStage(host, new GaussianMixtureStageOptions { Fit = new GaussianMixtureOptions { ComponentCount = 3 } }), host, data);
        var model = Assert.IsType<GaussianMixtureModel>(gm.Model);
        Assert.Equal(15.6461275186727, model.LowerBound, 1e-9);
        Assert.NotNull(gm.Membership);

        var relabel = new RecordingHost();
        var again = Run<ClusterLabels>(new GaussianMixtureStage(relabel, new GaussianMixtureStageOptions { Model = model }), relabel, data);
        Assert.Equal(gm.Labels, again.Labels);

        var kh = new RecordingHost();
        var km = Run<ClusterLabels>(new KMeansStage(kh, new KMeansStageOptions { Fit = new KMeansOptions { ClusterCount = 3 } }), kh, data);
        Assert.Equal("KMeans", km.Method);
        var kmodel = Assert.IsType<KMeansModel>(km.Model);
        var kh2 = new RecordingHost();
        Assert.Equal(km.Labels, Run<ClusterLabels>(new KMeansStage(kh2, new KMeansStageOptions { Model = kmodel }), kh2, data).Labels);
    }

    [Fact]
    public void A_non_converged_mixture_warns()
    {
        var host = new RecordingHost();
        Run<ClusterLabels>(new GaussianMixtureStage(host, new GaussianMixtureStageOptions { Fit = new GaussianMixtureOptions { ComponentCount = 3, MaxIterations = 1 } }),
            host, GaussianMixtureReferenceTests.Input());
        Assert.Contains(host.Warnings, w => w.Contains("did not converge"));
    }

    [Fact]
    public void Cancellation_stops_the_fit()
    {
        var host = new RecordingHost();
        host.Cancel();
        var stage = new PcaStage(host, new PcaStageOptions());
        stage.Begin();
        Assert.Throws<OperationCanceledException>(() => stage.Process(Part(1, 6)));
    }
}
