using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.IO;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Descriptors;

public class SoapResultTests
{
    private static readonly Lazy<SoapSpectrum> s_cu = new(() => Compute(
        Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(Frames: [0, 49, 99])),
        new SoapSpectrumOptions { RCut = 6 }));

    internal static SoapSpectrum Compute(Trajectory t, SoapSpectrumOptions o)
    {
        var host = new RecordingHost();
        var stage = new GetSoapSpectrumStage(host, o);
        stage.Begin();
        stage.Process(t);
        Assert.Empty(host.Errors);
        return Assert.IsType<SoapSpectrum>(Assert.Single(host.Output));
    }

    private static SoapSpectrum WaterSpectrum(SoapLayout layout = SoapLayout.Dscribe, bool single = false) => Compute(
        Trajectory.Open(SharedData.Reference("soap-water", "water_cluster.extxyz")),
        new SoapSpectrumOptions { RCut = 6, Layout = layout, SinglePrecision = single, Centers = new AtomSelection([1, 2, 4, 100, 393], "test") });

    [Fact]
    public void Spectrum_carries_frames_times_centres_and_matches_the_reference_in_both_layouts()
    {
        var s = s_cu.Value;
        Assert.Equal([0, 49, 99], s.FrameIndices);
        Assert.Equal(0.0, s.Times[0]);
        Assert.Equal(Enumerable.Range(1, 720), s.CentreIds);
        Assert.Equal((3, 720, 324), (s.FrameCount, s.CentreCount, s.FeatureCount));
        Assert.Equal(new Pbc(true, true, false), s.Pbc);
        Assert.Equal([new SoapPairSlice("Cu", "Cu", 0, 324)], s.PairSlices);
        SoapReference.AssertClose(s.ToArray(), SoapReference.Load("soap-cu211", "soap_native.npy").ToDoubleArray(), "stage native");

        var full = s.ToLayout(SoapLayout.Full);
        Assert.Equal(576, full.FeatureCount);
        Assert.Equal([new SoapPairSlice("Cu", "Cu", 0, 576)], full.PairSlices);
        SoapReference.AssertClose(full.ToArray().AsSpan(0, 720 * 576), SoapReference.Load("soap-cu211", "soap_full.npy").ToDoubleArray(), "ToLayout(Full)");

        var norm = full.Normalize();
        Assert.True(norm.Normalized);
        var expected = SoapReference.Load("soap-cu211", "soap_full_norm.npy").ToDoubleArray();
        var ours = new double[120 * 576];
        for (int c = 0; c < 120; c++) norm.CopyVector(2, c, ours.AsSpan(c * 576, 576));
        SoapReference.AssertClose(ours, expected, "Normalize frame 99");
    }

    [Fact]
    public void Normalize_and_ToLayout_commute_and_zero_vectors_stay_zero()
    {
        var s = WaterSpectrum();
        var a = s.Normalize().ToLayout(SoapLayout.Full);
        var b = s.ToLayout(SoapLayout.Full).Normalize();
        Assert.True(SoapReference.RelativeError(a.ToArray(), b.ToArray()) < 1e-14);
        for (int c = 0; c < a.CentreCount; c++)
        {
            double sum = 0;
            foreach (var v in a.GetVector(0, c)) sum += v * v;
            Assert.Equal(1.0, sum, 1e-13);
        }
        var p = SoapParameters.Create(3, 2, 1, 1, ["Cu"]);
        var zero = SoapSpectrum.Create(p, SoapLayout.Dscribe, NdArray.Of(new double[2 * 6], 1, 2, 6), [0], [1, 2]).Normalize();
        Assert.All(zero.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void Single_precision_storage_is_float32_of_the_same_numbers()
    {
        var d = WaterSpectrum();
        var f = WaterSpectrum(single: true);
        Assert.True(f.SinglePrecision);
        Assert.Throws<InvalidOperationException>(() => f.GetVector(0, 0));
        var a = d.ToArray();
        var b = f.ToArray();
        for (int i = 0; i < a.Length; i++) Assert.Equal((double)(float)a[i], b[i]);
        Assert.Equal(NdType.Float32, f.ToBundle().Primary.Values.DType);
    }

    [Theory]
    [InlineData(SoapLayout.Dscribe, false)]
    [InlineData(SoapLayout.Full, true)]
    public void Npy_export_is_frames_by_centres_by_features_and_round_trips(SoapLayout layout, bool single)
    {
        var s = WaterSpectrum(layout, single);
        var back = FileRoundTrip.Through<SoapSpectrum>(s, "soap.npy", inspect: path =>
        {
            var raw = Npy.Load(path);
            Assert.Equal([1, 5, layout == SoapLayout.Full ? 1728 : 1224], raw.Shape);
            Assert.Equal(single ? NdType.Float32 : NdType.Float64, raw.DType);
        });
        Assert.Equal(s.ToArray(), back.ToArray());
        Assert.Equal(s.Parameters, back.Parameters);
        Assert.Equal(layout, back.Layout);
        Assert.Equal(single, back.SinglePrecision);
        Assert.Equal([1, 2, 4, 100, 393], back.CentreIds);
        Assert.Equal(s.FrameIndices, back.FrameIndices);
        Assert.Equal(Pbc.None, back.Pbc);
        Assert.EndsWith("water_cluster.extxyz", back.SourcePath);
    }

    [Theory]
    [InlineData(CsvLayout.Tidy)]
    [InlineData(CsvLayout.Wide)]
    public void Csv_export_round_trips(CsvLayout csvLayout)
    {
        var s = WaterSpectrum(SoapLayout.Full).Normalize();
        var back = FileRoundTrip.Through<SoapSpectrum>(s, "soap.csv", new ExportOptions { CsvLayout = csvLayout });
        Assert.Equal(s.ToArray(), back.ToArray());
        Assert.True(back.Normalized);
        Assert.Equal(SoapLayout.Full, back.Layout);
        Assert.Equal(s.CentreIds, back.CentreIds);
    }

    [Fact]
    public void Bundle_records_every_parameter_and_the_species_locations()
    {
        var b = WaterSpectrum().ToBundle();
        Assert.Equal("SoapSpectrum", b.Kind);
        Assert.Equal(["frame", "centre", "feature"], b.Primary.Dims);
        Assert.Equal(6.0, b.Attributes["r_cut"]);
        Assert.Equal(8L, b.Attributes["n_max"]);
        Assert.Equal(8L, b.Attributes["l_max"]);
        Assert.Equal(1.0, b.Attributes["sigma"]);
        Assert.Equal(["H", "O"], (string[])b.Attributes["species"]);
        Assert.Equal("Dscribe", b.Attributes["layout"]);
        Assert.Equal(false, b.Attributes["normalized"]);
        Assert.Equal([324L, 900L], (long[])b.Attributes["species_location_H-O"]);
        Assert.Equal(["frame", "time", "atom_id", "atom_index"], b.Coordinates.Select(c => c.Name));
        Assert.Equal([0, 1, 3, 99, 392], b.Coordinates[3].Values.ToInt32Array()); // positions of ids 1, 2, 4, 100, 393
        Assert.Equal(393L, b.Attributes["atom_count"]);
    }

    [Fact]
    public void A_stored_array_of_the_wrong_width_is_refused()
    {
        var p = SoapParameters.Create(6, 8, 8, 1, ["Cu"]);
        var ex = Assert.Throws<SoapLensException>(() => SoapSpectrum.Create(p, SoapLayout.Full, NdArray.Of(new double[324], 1, 1, 324), [0], [1]));
        Assert.Contains("576", ex.Message);
    }

    [Fact]
    public void Dataset_rows_are_frame_major_with_named_feature_columns()
    {
        var s = WaterSpectrum(SoapLayout.Full);
        var d = s.ToDataset();
        Assert.Equal((5, 1728), (d.RowCount, d.ColumnCount));
        Assert.Equal([1, 2, 4, 100, 393], d.AtomIds);
        Assert.Equal("H-O l0 n1 n2", d.ColumnNames[576 + 10]);
        Assert.True(d.Row(3).SequenceEqual(s.GetVector(0, 3)));
        Assert.Equal("Full", d.Parameters["layout"]);
    }

    [Fact]
    public void Time_soap_compares_each_frame_with_the_frame_w_earlier()
    {
        var s = s_cu.Value;
        var ts = TimeSoap.FromSpectrum(s, 1);
        Assert.Equal((2, 720), (ts.FrameCount, ts.CentreCount));
        Assert.Equal([49, 99], ts.FrameIndices);
        Assert.Equal([0, 49], ts.ReferenceFrameIndices);
        // Against the dscribe/SOAPify reference vectors: d = √(2 − 2 p̂(t)·p̂(t−w)) on full-layout vectors.
        var native = SoapReference.Load("soap-cu211", "soap_native.npy").ToDoubleArray();
        var map = s.Map;
        var a = new double[576];
        var b = new double[576];
        double worst = 0;
        for (int k = 0; k < 2; k++)
            for (int c = 0; c < 720; c++)
            {
                map.Convert(SoapLayout.Dscribe, native.AsSpan(((k + 1) * 720 + c) * 324, 324), SoapLayout.Full, a);
                map.Convert(SoapLayout.Dscribe, native.AsSpan((k * 720 + c) * 324, 324), SoapLayout.Full, b);
                double dot = 0, na = 0, nb = 0;
                for (int i = 0; i < 576; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
                double expected = Math.Sqrt(2 - 2 * dot / Math.Sqrt(na * nb));
                worst = Math.Max(worst, Math.Abs(ts[k, c] - expected));
            }
        Assert.True(worst < 1e-8, $"tSOAP differs from the reference-derived value by {worst:e2}");
        Assert.All(ts.Values, v => Assert.InRange(v, 1e-6, 2.0));
        var ts2 = TimeSoap.FromSpectrum(s.ToLayout(SoapLayout.Full).Normalize(), 2);
        Assert.Equal([99], ts2.FrameIndices);
        Assert.Equal([0], ts2.ReferenceFrameIndices);
        Assert.Equal(SoapReference.Load("soap-cu211", "ids.npy").ToInt32Array(), ts2.CentreIds);
        var ex = Assert.Throws<SoapLensException>(() => TimeSoap.FromSpectrum(s, 3));
        Assert.Equal("TimeSoapTooFewFrames", ex.ErrorId);
    }

    [Fact]
    public void Time_soap_streamed_from_a_trajectory_equals_time_soap_of_the_spectrum()
    {
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(0, 6));
        var options = new SoapSpectrumOptions { RCut = 4, NMax = 4, LMax = 4, Centers = new AtomSelection(Enumerable.Range(100, 40), "test"), BatchSize = 2 };
        var host = new RecordingHost();
        var stage = new GetTimeSoapStage(host, new TimeSoapOptions { Window = 2, Soap = options });
        stage.Begin();
        stage.Process(t);
        Assert.Empty(host.Errors);
        var streamed = Assert.IsType<TimeSoap>(Assert.Single(host.Output));
        Assert.True(host.AllProgressCompleted);
        var fromSpectrum = TimeSoap.FromSpectrum(Compute(t, options with { Layout = SoapLayout.Full }), 2);
        Assert.Equal([2, 3, 4, 5], streamed.FrameIndices);
        Assert.Equal([0, 1, 2, 3], streamed.ReferenceFrameIndices);
        for (int i = 0; i < streamed.Values.Length; i++) Assert.Equal(fromSpectrum.Values[i], streamed.Values[i], 1e-15 + 1e-12 * fromSpectrum.Values[i]);

        var back = Assert.IsType<TimeSoap>(ResultRegistry.FromBundle(streamed.ToBundle()));
        Assert.Equal(streamed.Values, back.Values);
        Assert.Equal(streamed.ReferenceFrameIndices, back.ReferenceFrameIndices);
        Assert.Equal(2, back.Window);
        var cols = new double[2];
        Assert.True(streamed.TryGetFrame(3, [100, 5], cols));
        Assert.Equal(streamed[1, 0], cols[0]);
        Assert.True(double.IsNaN(cols[1]));
    }

    [Fact]
    public void Distances_to_the_ideal_crystal_are_small_and_zero_to_itself()
    {
        var prim = Compute(Trajectory.Open(SharedData.Reference("soap-triclinic", "cu_fcc_prim_1atom.extxyz")), new SoapSpectrumOptions { RCut = 6 });
        var rattled = Compute(Trajectory.Open(SharedData.Reference("soap-triclinic", "cu_fcc_prim_3x3x3_rattled.extxyz")), new SoapSpectrumOptions { RCut = 6, Layout = SoapLayout.Full });
        var (vectors, names) = SoapDistances.ReferencesFrom(prim, rattled.Parameters, rattled.Layout);
        Assert.Equal(["frame 0 atom 1"], names);
        var d = SoapDistances.ToReferences(rattled, vectors, ["fcc"], kernel: false, threads: 2, CancellationToken.None);
        Assert.Equal((1, 27, 1), (d.FrameCount, d.CentreCount, d.ReferenceCount));
        Assert.All(d.Values, v => Assert.InRange(v, 1e-4, 0.2));
        var self = SoapDistances.Elementwise(prim, prim.ToLayout(SoapLayout.Full), kernel: true);
        Assert.Equal(1.0, self.Values[0], 14);
        // The same distances whatever the layouts of input and references.
        var native = SoapDistances.ToReferences(rattled.ToLayout(SoapLayout.Dscribe), [prim.Vector(0, 0)], ["fcc"], false, 1, CancellationToken.None);
        for (int i = 0; i < 27; i++) Assert.Equal(d.Values[i], native.Values[i], 1e-12 * d.Values[i]);
    }

    [Fact]
    public void Nearest_reference_labels_each_vector_and_bad_references_are_refused()
    {
        var s = WaterSpectrum();
        var refs = new[] { s.Vector(0, 0), s.Vector(0, 3) };
        var d = SoapDistances.ToReferences(s, refs, ["first O", "a H"], false, 1, CancellationToken.None);
        Assert.Equal(0.0, d[0, 0, 0]);
        Assert.Equal(0.0, d[0, 3, 1]);
        var labels = d.Nearest();
        Assert.Equal(0, labels.Labels[0]);
        Assert.Equal(1, labels.Labels[3]);
        Assert.Equal(["first O", "a H"], labels.ClusterNames);
        Assert.Equal([1, 2, 4, 100, 393], labels.AtomIds);
        var back = Assert.IsType<SoapDistances>(ResultRegistry.FromBundle(d.ToBundle()));
        Assert.Equal(d.Values, back.Values);
        Assert.Equal(d.ReferenceNames, back.ReferenceNames);

        var ex = Assert.Throws<SoapLensException>(() => SoapDistances.ToReferences(s, [new double[10]], ["short"], false, 1, CancellationToken.None));
        Assert.Equal("SoapReferenceLength", ex.ErrorId);
        Assert.Contains("1224", ex.Message);
        var other = s_cu.Value;
        Assert.Equal("SoapParametersDiffer", Assert.Throws<SoapLensException>(() => SoapDistances.ReferencesFrom(other, s.Parameters, s.Layout)).ErrorId);
    }
}
