using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning;

public class InvokeHdbscanStageTests
{
    private static readonly HdbscanOptions Toy = new() { MinClusterSize = 15, MinSamples = 5 };

    private static Dataset ToyDataset()
    {
        var x = Npy.Load(SharedData.Reference("hdbscan-5d", "toy_input.npy"));
        // 2000 rows as 20 frames × 100 centres (ids 1..100), frame-major.
        return Dataset.FromGrid(x.ToDoubleArray(), Enumerable.Range(0, 20).ToArray(), Enumerable.Range(1, 100).ToArray(), 2, ["x", "y"], "toy");
    }

    private static (RecordingHost Host, ClusterLabels? Labels) Run(InvokeHdbscanOptions options, params object[] inputs)
    {
        var host = new RecordingHost();
        var stage = new InvokeHdbscanStage(host, options);
        stage.Begin();
        foreach (var input in inputs) stage.Process(input);
        stage.End();
        return (host, host.Output.OfType<ClusterLabels>().SingleOrDefault());
    }

    /// <summary>Whole-dataset stages report a failed fit as one non-terminating error and emit nothing.</summary>
    private static SoapLensError RunFailing(InvokeHdbscanOptions options, params object[] inputs)
    {
        var (host, labels) = Run(options, inputs);
        Assert.Null(labels);
        return Assert.Single(host.Errors);
    }

    [Fact]
    public void Emits_one_labels_result_with_probabilities_membership_outlier_scores_and_the_model()
    {
        var (host, labels) = Run(new InvokeHdbscanOptions { Hdbscan = Toy }, ToyDataset());
        Assert.Single(host.Output);
        Assert.NotNull(labels);
        Assert.Equal(4, labels!.ClusterCount);
        Assert.Equal(2000, labels.RowCount);
        Assert.Equal([500, 500, 500, 500], labels.Populations());
        Assert.Equal(2000 * 4, labels.Membership!.Length);
        Assert.Equal(2000, labels.OutlierScores!.Length);
        Assert.Equal("hdbscan", labels.Method);
        Assert.Equal(15L, labels.Parameters["min_cluster_size"]);
        Assert.Equal(5L, labels.Parameters["min_samples"]);
        Assert.Equal("eom", labels.Parameters["cluster_selection_method"]);
        var model = Assert.IsType<HdbscanModel>(labels.Model);
        Assert.Equal(model.Labels, labels.Labels);
        Assert.True(labels.TryGrid(out var frames, out var atoms, out _));
        Assert.Equal(20, frames.Length);
        Assert.Equal(100, atoms.Length);
        Assert.True(host.Progress.Last().Completed);
        Assert.Contains(host.Progress, p => p.Status.StartsWith("Membership", StringComparison.Ordinal));
        Assert.Empty(host.Errors);
    }

    [Fact]
    public void Soft_labels_every_point_by_its_largest_membership()
    {
        var options = new InvokeHdbscanOptions { Hdbscan = Toy with { ClusterSelectionMethod = ClusterSelectionMethod.Leaf }, Soft = true };
        var (_, labels) = Run(options, ToyDataset());
        Assert.Equal(0, labels!.NoiseCount);
        Assert.Equal("hdbscan-soft", labels.Method);
        var model = (HdbscanModel)labels.Model!;
        Assert.Equal(model.SoftLabels(), labels.Labels);
        Assert.Contains(-1, model.Labels);
        for (int p = 0; p < labels.RowCount; p++)
        {
            var row = labels.Membership!.AsSpan(p * labels.ClusterCount, labels.ClusterCount);
            Assert.Equal(row.ToArray().Max(), row[labels.Labels[p]]);
        }
    }

    [Fact]
    public void Inputs_are_clustered_together_and_keep_their_keys()
    {
        var all = ToyDataset();
        var first = new Dataset(all.Values[..2000], 1000, 2, all.Frames[..1000], all.AtomIds[..1000]);
        var second = new Dataset(all.Values[2000..], 1000, 2, all.Frames[1000..], all.AtomIds[1000..]);
        var (_, together) = Run(new InvokeHdbscanOptions { Hdbscan = Toy }, first, second);
        var (_, whole) = Run(new InvokeHdbscanOptions { Hdbscan = Toy }, all);
        Assert.Equal(whole!.Labels, together!.Labels);
        Assert.Equal(all.Frames, together.Frames);
        Assert.Equal(all.AtomIds, together.AtomIds);
    }

    [Fact]
    public void Input_that_is_not_a_dataset_is_a_non_terminating_error()
    {
        var (host, labels) = Run(new InvokeHdbscanOptions { Hdbscan = Toy }, "not data", ToyDataset());
        var error = Assert.Single(host.Errors);
        Assert.Equal("InputNotDataset", error.ErrorId);
        Assert.NotNull(labels);
    }

    [Fact]
    public void Inputs_with_different_columns_are_refused()
    {
        var a = Dataset.FromMatrix(new double[20], 10, 2);
        var b = Dataset.FromMatrix(new double[30], 10, 3);
        var ex = RunFailing(new InvokeHdbscanOptions { Hdbscan = Toy }, a, b);
        Assert.Equal("DatasetShapeMismatch", ex.ErrorId);
    }

    [Fact]
    public void A_non_finite_value_is_an_error_naming_its_frame_and_atom()
    {
        var d = ToyDataset();
        d.Values[2 * 345 + 1] = double.NaN; // row 345 = frame 3, atom 46
        var ex = RunFailing(new InvokeHdbscanOptions { Hdbscan = Toy }, d);
        Assert.Equal(ErrorKind.InvalidData, ex.Kind);
        Assert.Contains("frame 3", ex.Message);
        Assert.Contains("atom 46", ex.Message);
    }

    [Theory]
    [InlineData(1, null, 0.0)]
    [InlineData(5, 0, 0.0)]
    [InlineData(5, null, -1.0)]
    public void Bad_parameters_are_refused_before_any_work(int minClusterSize, int? minSamples, double epsilon)
    {
        var stage = new InvokeHdbscanStage(new RecordingHost(), new InvokeHdbscanOptions
        {
            Hdbscan = new HdbscanOptions { MinClusterSize = minClusterSize, MinSamples = minSamples, ClusterSelectionEpsilon = epsilon },
        });
        var ex = Assert.Throws<SoapLensException>(stage.Begin);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Too_few_points_is_an_error_and_no_input_emits_nothing()
    {
        var ex = RunFailing(new InvokeHdbscanOptions { Hdbscan = Toy }, Dataset.FromMatrix([1.0], 1, 1));
        Assert.Equal(ErrorKind.InvalidData, ex.Kind);
        var (host, labels) = Run(new InvokeHdbscanOptions { Hdbscan = Toy });
        Assert.Null(labels);
        Assert.Empty(host.Output);
    }

    [Fact]
    public void Cancellation_stops_the_fit_and_completes_the_progress_bar()
    {
        var host = new RecordingHost();
        var stage = new InvokeHdbscanStage(host, new InvokeHdbscanOptions { Hdbscan = Toy });
        stage.Begin();
        stage.Process(ToyDataset());
        host.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(stage.End);
        Assert.Empty(host.Output);
        Assert.True(host.Progress.Last().Completed);
    }

    [Fact]
    public void All_noise_warns()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        var (host, labels) = Run(new InvokeHdbscanOptions { Hdbscan = new HdbscanOptions { MinClusterSize = 30 } }, Dataset.FromMatrix(x, 20, 2));
        Assert.Equal(0, labels!.ClusterCount);
        Assert.Null(labels.Membership);
        Assert.Single(host.Warnings);
    }

    [Fact]
    public void Labels_export_outlier_scores_and_membership_as_frames_by_centres()
    {
        var (_, labels) = Run(new InvokeHdbscanOptions { Hdbscan = Toy }, ToyDataset());
        var bundle = labels!.ToBundle();
        Assert.Equal([20, 100], bundle.Get("labels").Values.Shape);
        Assert.Equal([20, 100], bundle.Get("outlier_scores").Values.Shape);
        Assert.Equal([20, 100, 4], bundle.Get("membership").Values.Shape);
        using var tmp = new TempDir();
        var format = DataFormats.Resolve(tmp.File("o.npy"), null);
        format.Write(bundle, tmp.File("o.npy"), new ExportOptions { ArrayName = "outlier_scores" }, CancellationToken.None);
        var scores = Npy.Load(tmp.File("o.npy"));
        Assert.Equal([20, 100], scores.Shape);
        Assert.Equal(labels.OutlierScores, scores.ToDoubleArray());
        var back = (ClusterLabels)ResultRegistry.FromBundle(bundle);
        Assert.Equal(labels.OutlierScores, back.OutlierScores);
        Assert.Equal(labels.Labels, back.Labels);
        Assert.Equal(labels.Membership, back.Membership);
    }

    [Fact]
    public void The_model_round_trips_through_its_bundle()
    {
        var (_, labels) = Run(new InvokeHdbscanOptions { Hdbscan = Toy }, ToyDataset());
        var model = (HdbscanModel)labels!.Model!;
        var back = Assert.IsType<HdbscanModel>(ResultRegistry.FromBundle(model.ToBundle()));
        Assert.Equal(model.CondensedTree.Parent, back.CondensedTree.Parent);
        Assert.Equal(model.CondensedTree.Lambda, back.CondensedTree.Lambda);
        Assert.Equal(model.SpanningTree.Weight, back.SpanningTree.Weight);
        Assert.Equal(model.SelectedNodeIds, back.SelectedNodeIds);
        Assert.Equal(model.Persistence, back.Persistence);
        Assert.Equal(model.ExemplarRows, back.ExemplarRows);
        Assert.Equal(model.Labels, back.Labels);
        Assert.Equal(model.Membership, back.Membership);
        Assert.Equal(model.MinSamples, back.MinSamples);
        Assert.Equal(model.ToString(), back.ToString());
        var linkage = model.ToBundle().Get("single_linkage_tree").Values;
        Assert.Equal([1999, 4], linkage.Shape);
        Assert.Equal(2000.0, linkage.GetDouble(1999 * 4 - 1));

        // A single-array format keeps one table: it comes back as a dataset.
        var table = FileRoundTrip.Through<Dataset>(model, "tree.npy");
        Assert.Equal(model.CondensedTree.RowCount, table.RowCount);
        Assert.Equal(4, table.ColumnCount);
    }
}
