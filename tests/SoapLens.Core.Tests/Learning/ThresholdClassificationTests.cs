using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.IO;

namespace SoapLens.Tests.Learning;

public class ThresholdClassificationTests
{
    private static Dataset Column(params double[] v) =>
        Dataset.FromGrid(v, [0, 1], Enumerable.Range(1, v.Length / 2).ToArray(), 1, ["lens"], "test");

    [Fact]
    public void Class_is_the_number_of_thresholds_at_or_below_the_value()
    {
        var labels = ThresholdClassifier.Classify(Column(0.0, 0.05, 0.0499, 0.2, 0.5, 1.0), [0.05, 0.2]);
        Assert.Equal([0, 1, 0, 2, 2, 2], labels.Labels);
        Assert.Equal(3, labels.ClusterCount);
        Assert.Equal(["[-inf, 0.05)", "[0.05, 0.2)", "[0.2, inf)"], labels.ClusterNames);
        Assert.Equal([0, 0, 0, 1, 1, 1], labels.Frames);
        Assert.Equal([1, 2, 3, 1, 2, 3], labels.AtomIds);
        Assert.Equal("thresholds", labels.Method);
    }

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 0.2, 0.1 })]
    [InlineData(new[] { 0.1, 0.1 })]
    [InlineData(new[] { double.NaN })]
    public void Bad_thresholds_are_refused(double[] thresholds)
    {
        var ex = Assert.Throws<SoapLensException>(() => ThresholdClassifier.Classify(Column(0.1, 0.2), thresholds));
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void A_wide_dataset_needs_a_column_and_a_non_finite_value_names_its_row()
    {
        var wide = Dataset.FromMatrix([0.1, 5, 0.3, 7], 2, 2);
        Assert.Throws<SoapLensException>(() => ThresholdClassifier.Classify(wide, [0.2]));
        Assert.Equal([0, 1], ThresholdClassifier.Classify(wide, [0.2], column: 0).Labels);
        Assert.Equal([0, 1], ThresholdClassifier.Classify(wide, [6.0], column: 1).Labels);
        var ex = Assert.Throws<SoapLensException>(() => ThresholdClassifier.Classify(Column(0.1, double.NaN), [0.2]));
        Assert.Contains("frame 1", ex.Message);
    }

    [Fact]
    public void Stage_classifies_a_LENS_signal_and_its_labels_feed_the_transition_matrix()
    {
        var lens = Lens(Npy.Load(SharedData.Reference("lens-cu211", "lens_rc6_delay1.npy")));
        var host = new RecordingHost();
        var stage = new ThresholdClassificationStage(host, new ThresholdClassificationOptions { Thresholds = [0.05, 0.1] });
        stage.Begin();
        stage.Process(lens);
        stage.End();
        Assert.Empty(host.Errors);
        var labels = Assert.IsType<ClusterLabels>(Assert.Single(host.Output));
        var values = lens.ToDataset();
        Assert.Equal(values.RowCount, labels.RowCount);
        for (int r = 0; r < values.RowCount; r++)
            Assert.Equal(values[r, 0] >= 0.1 ? 2 : values[r, 0] >= 0.05 ? 1 : 0, labels.Labels[r]);
        var tm = TransitionMatrix.FromLabels(labels);
        Assert.Equal(3, tm.ClusterCount);
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void Stage_names_a_missing_column()
    {
        var host = new RecordingHost();
        var stage = new ThresholdClassificationStage(host, new ThresholdClassificationOptions { Thresholds = [0.5], Column = "nope" });
        stage.Begin();
        stage.Process(Column(0.1, 0.9));
        stage.End();
        Assert.Contains("no column 'nope'", Assert.Single(host.Errors).Message);
    }

    // A LensSignal rebuilt from the reference (F − 1, 720) array through its bundle.
    private static LensSignal Lens(NdArray reference)
    {
        int transitions = reference.Shape[0], centres = reference.Shape[1];
        var values = reference.ToDoubleArray();
        var byCentre = new double[values.Length];
        for (int t = 0; t < transitions; t++)
            for (int c = 0; c < centres; c++) byCentre[c * transitions + t] = values[t * centres + c];
        var b = new DataBundle(LensSignal.Kind);
        b.Add("lens", NdArray.Of(byCentre, centres, transitions), "centre", "transition");
        b.AddCoordinate("atom_id", "centre", NdArray.Of(Enumerable.Range(1, centres).ToArray()));
        b.AddCoordinate("start_frame", "transition", NdArray.Of(Enumerable.Range(0, transitions).ToArray()));
        b.Attributes["r_cut"] = 6.0;
        b.Attributes["delay"] = 1L;
        return LensSignal.FromBundle(b);
    }
}
