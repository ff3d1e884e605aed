using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.IO;
using SoapLens.IO.Hdf5;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.IO.Hdf5;

public sealed class Hdf5DataFormatTests : Hdf5TestBase
{
    private static DataBundle EveryTypeBundle()
    {
        var b = new DataBundle("TestResult");
        b.Add("f64", NdArray.Of(Enumerable.Range(0, 24).Select(i => Math.Sin(i) * 1e3).ToArray(), 2, 3, 4), "frame", "centre", "feature");
        b.Add("f32", NdArray.Of(new[] { 1.5f, -2.25f, float.NaN, float.MaxValue }, 4), "row");
        b.Add("i64", NdArray.Of(new[] { long.MinValue, -1, 0, long.MaxValue }, 2, 2), "a", "b");
        b.Add("i32", NdArray.Of(new[] { int.MinValue, 7, int.MaxValue }, 3), "row");
        b.Add("u8", NdArray.Of(new byte[] { 0, 1, 255 }, 3, 1), "row", "one");
        b.Add("empty", NdArray.Of(Array.Empty<double>(), 0, 5), "row", "column");
        b.Add("scalar", NdArray.Create(NdType.Float64, []), []);
        ((double[])b.Variables[^1].Values.Data)[0] = Math.PI;
        b.AddCoordinate("frame", "frame", NdArray.Of(new[] { 10, 20 }));
        b.AddCoordinate("atom_id", "centre", NdArray.Of(new long[] { 5, 6, 7 }));
        b.Attributes["s"] = "Cu(211) 1050 K — ünïcode";
        b.Attributes["empty_s"] = "";
        b.Attributes["b"] = true;
        b.Attributes["l"] = 42L;
        b.Attributes["i"] = 3;
        b.Attributes["d"] = 6.0;
        b.Attributes["f"] = 0.5f;
        b.Attributes["ss"] = new[] { "Cu", "Au" };
        b.Attributes["ss_empty"] = Array.Empty<string>();
        b.Attributes["bs"] = new[] { true, false };
        b.Attributes["ls"] = new long[] { 1, 2, 3 };
        b.Attributes["is"] = new[] { -1, 1 };
        b.Attributes["ds"] = new[] { 0.1, double.NegativeInfinity };
        b.Attributes["ds_one"] = new[] { 2.5 };
        return b;
    }

    private DataBundle RoundTrip(DataBundle b, string? name = null)
    {
        var path = Temp.File($"{Guid.NewGuid():N}.h5");
        var format = DataFormats.Resolve(path, null);
        Assert.IsType<Hdf5DataFormat>(format);
        format.Write(b, path, new ExportOptions { Name = name }, CancellationToken.None);
        return format.Read(path, new ImportOptions { Name = name }, CancellationToken.None);
    }

    [Fact]
    public void Every_array_type_and_attribute_type_round_trips_identically()
    {
        var b = EveryTypeBundle();
        var back = RoundTrip(b);
        Assert.Equal(b.Kind, back.Kind);
        Assert.Equal(b.Variables.Select(v => v.Name), back.Variables.Select(v => v.Name));
        foreach (var (v, w) in b.Variables.Zip(back.Variables))
        {
            Assert.Equal(v.Dims, w.Dims);
            Assert.Equal(v.Values.DType, w.Values.DType);
            Assert.Equal(v.Values.Shape, w.Values.Shape);
            Assert.Equal(v.Values.Data, w.Values.Data);
        }
        Assert.Equal(b.Coordinates.Select(c => (c.Name, c.Dim)), back.Coordinates.Select(c => (c.Name, c.Dim)));
        Assert.Equal(b.Coordinates[1].Values.Data, back.Coordinates[1].Values.Data);
        Assert.Equal(NdType.Int32, back.Coordinates[0].Values.DType);
        var a = back.Attributes;
        Assert.Equal(b.Attributes.Count, a.Count);
        Assert.Equal("Cu(211) 1050 K — ünïcode", a["s"]);
        Assert.Equal("", a["empty_s"]);
        Assert.Equal(true, a["b"]);
        Assert.Equal(42L, a["l"]);
        Assert.Equal(3L, a["i"]);          // files widen int to int64
        Assert.Equal(6.0, a["d"]);
        Assert.Equal(0.5, a["f"]);
        Assert.Equal(new[] { "Cu", "Au" }, a["ss"]);
        Assert.Equal(Array.Empty<string>(), a["ss_empty"]);
        Assert.Equal(new[] { true, false }, a["bs"]);
        Assert.Equal(new long[] { 1, 2, 3 }, a["ls"]);
        Assert.Equal(new long[] { -1, 1 }, a["is"]);
        Assert.Equal(new[] { 0.1, double.NegativeInfinity }, a["ds"]);
        Assert.Equal(new[] { 2.5 }, a["ds_one"]);
    }

    [Fact]
    public void Arrays_are_chunked_like_h5py_and_gzip_compressed()
    {
        var path = Temp.File("c.hdf5");
        var values = Enumerable.Range(0, 100 * 720 * 3).Select(i => (double)(i % 977)).ToArray();
        var b = new DataBundle("Dataset").Add("values", NdArray.Of(values, 100 * 720, 3), "row", "column");
        new Hdf5DataFormat().Write(b, path, new ExportOptions(), CancellationToken.None);
        var info = Hdf5Inventory.Describe(path);
        var ds = info.Single(o => o.Path == "/Dataset/values");
        Assert.Equal(Hdf5StorageLayout.Chunked, ds.Layout!.Storage);
        Assert.Equal(Hdf5Chunking.GuessLikeH5py([72000, 3], 8), ds.Layout.Chunks);
        Assert.Equal(Hdf5DataFormat.DefaultDeflate, ds.Layout.DeflateLevel);
        Assert.Equal(["dims"], ds.Attributes.Select(x => x.Name));
        var group = info.Single(o => o.Path == "/Dataset");
        Assert.Equal("SoapLens Dataset result", group.Role);
        Assert.True(new FileInfo(path).Length < values.Length * 8 / 2, "gzip should shrink repetitive data");
    }

    [Fact]
    public void H5py_chunk_guess_matches_the_soapify_samples()
    {
        Assert.Equal([256L, 3], Hdf5Chunking.GuessLikeH5py([0, 6], 8));
        Assert.Equal([1024L], Hdf5Chunking.GuessLikeH5py([8192], 8));
        Assert.Equal([720L], Hdf5Chunking.GuessLikeH5py([720], 8));
        Assert.Equal([512L, 2, 2], Hdf5Chunking.GuessLikeH5py([0, 3, 3], 4)); // MDAnalysis box/edges/value
        Assert.Equal([1024L], Hdf5Chunking.GuessLikeH5py([0], 4));            // MDAnalysis step/time
    }

    [Fact]
    public void Typed_results_round_trip_through_the_registry()
    {
        var values = Enumerable.Range(0, 24).Select(i => Math.Sin(i) * 1e-3 + i).ToArray();
        var d = Dataset.FromGrid(values, [5, 6, 7], [11, 42], 4, ["a", "b", "c", "d"], "test",
            new Dictionary<string, object> { ["r_cut"] = 6.0, ["species"] = new[] { "Cu" } });
        var back = Assert.IsType<Dataset>(ResultRegistry.FromBundle(RoundTrip(d.ToBundle())));
        Assert.Equal(d.Values, back.Values);
        Assert.Equal(d.Frames, back.Frames);
        Assert.Equal(d.AtomIds, back.AtomIds);
        Assert.Equal(d.ColumnNames, back.ColumnNames);
        Assert.Equal(6.0, back.Parameters["r_cut"]);
        Assert.Equal(new[] { "Cu" }, back.Parameters["species"]);

        var l = new ClusterLabels([0, 1, -1, 1, 0, 0], [0, 0, 0, 1, 1, 1], [1, 2, 3, 1, 2, 3], 2, "test",
            probabilities: [1, 0.5, 0, 0.9, 0.8, 1], membership: [1, 0, 0.3, 0.7, 0.5, 0.5, 0.1, 0.9, 0.8, 0.2, 1, 0]);
        var lb = Assert.IsType<ClusterLabels>(ResultRegistry.FromBundle(RoundTrip(l.ToBundle(), "runs/labels")));
        Assert.Equal(l.Labels, lb.Labels);
        Assert.Equal(l.Frames, lb.Frames);
        Assert.Equal(l.AtomIds, lb.AtomIds);
        Assert.Equal(l.Probabilities, lb.Probabilities);
        Assert.Equal(l.Membership, lb.Membership);
        Assert.Equal("test", lb.Method);
    }

    [Fact]
    public void Several_results_share_a_file_and_import_by_name()
    {
        var path = Temp.File("many.h5");
        var host = new RecordingHost(Temp.Path);
        var stage = new ExportDataStage(host, new ExportDataOptions { Path = "many.h5" });
        stage.Begin();
        var d = Dataset.FromMatrix([1, 2, 3, 4], 2, 2);
        var l = new ClusterLabels([0, 1], [0, 0], [1, 2], 2, "k");
        stage.Process(d);
        stage.Process(l);
        Assert.Empty(host.Errors);
        var format = new Hdf5DataFormat();
        var listing = format.List(path);
        Assert.Contains(listing, s => s.StartsWith("/Dataset  group") && s.Contains("[SoapLens Dataset result]"));
        Assert.Contains(listing, s => s.StartsWith("/ClusterLabels  group"));

        var ex = Assert.Throws<SoapLensException>(() => format.Read(path, new ImportOptions(), CancellationToken.None));
        Assert.Equal("Hdf5NameRequired", ex.ErrorId);
        Assert.Contains("/Dataset", ex.Message);
        Assert.Contains("/ClusterLabels", ex.Message);

        var import = new ImportDataStage(host, new ImportDataOptions { FormatOptions = new ImportOptions { Name = "ClusterLabels" } });
        import.Process("many.h5", literal: true);
        Assert.Empty(host.Errors);
        Assert.Equal([0, 1], Assert.IsType<ClusterLabels>(host.Output[^1]).Labels);

        // The same name again: refused without -Force, replaced with it.
        stage.Process(Dataset.FromMatrix([9, 9], 1, 2));
        var err = Assert.Single(host.Errors);
        Assert.Equal("Hdf5ObjectExists", err.ErrorId);
        var forced = new ExportDataStage(host, new ExportDataOptions { Path = "many.h5", FormatOptions = new ExportOptions { Force = true } });
        forced.Begin();
        forced.Process(Dataset.FromMatrix([9, 9], 1, 2));
        var back = Assert.IsType<Dataset>(ResultRegistry.FromBundle(format.Read(path, new ImportOptions { Name = "/Dataset" }, CancellationToken.None)));
        Assert.Equal([9.0, 9.0], back.Values);
        Assert.IsType<ClusterLabels>(ResultRegistry.FromBundle(format.Read(path, new ImportOptions { Name = "ClusterLabels" }, CancellationToken.None)));
    }

    [Fact]
    public void A_non_hdf5_file_is_overwritten_only_with_force()
    {
        var path = Temp.File("x.h5");
        File.WriteAllText(path, "not hdf5");
        var b = new DataBundle("Dataset").Add("values", NdArray.Of(new[] { 1.0 }, 1, 1), "row", "column");
        var ex = Assert.Throws<SoapLensException>(() => new Hdf5DataFormat().Write(b, path, new ExportOptions(), CancellationToken.None));
        Assert.Equal("FileExists", ex.ErrorId);
        Assert.Equal("not hdf5", File.ReadAllText(path));
        new Hdf5DataFormat().Write(b, path, new ExportOptions { Force = true }, CancellationToken.None);
        Assert.True(Hdf5Files.IsHdf5File(path));
    }

    [Fact]
    public void Soapify_soap_imports_as_a_soap_spectrum()
    {
        var format = new Hdf5DataFormat();
        var s = Assert.IsType<SoapSpectrum>(ResultRegistry.FromBundle(format.Read(Sample("soapify-cu211.hdf5"), new ImportOptions(), CancellationToken.None)));
        Assert.Equal((5, 720, 324), (s.FrameCount, s.CentreCount, s.FeatureCount));
        Assert.Equal(0.003924672558564898, s.GetVector(0, 0)[0]);
        Assert.Equal(1.1474756584665422, s.GetVector(0, 17)[5]);
        Assert.Equal(Enumerable.Range(1, 720), s.CentreIds);
        Assert.Equal(4, s.FrameIndices[^1]);
        Assert.Equal(6.0, s.RCut);
        Assert.Equal(SoapLayout.Dscribe, s.Layout);

        var m = Assert.IsType<SoapSpectrum>(ResultRegistry.FromBundle(format.Read(Sample("soapify-masked.hdf5"), new ImportOptions { Name = "cu211" }, CancellationToken.None)));
        Assert.Equal(100, m.CentreCount);
        Assert.Equal([602, 606, 612, 622, 625], m.CentreIds[..5]); // centersIndexes + 1
        Assert.Equal(10.890900644575984, m.GetVector(2, 50)[100]);
    }

    [Fact]
    public void Any_dataset_imports_by_path_and_trajectory_groups_are_redirected()
    {
        var format = new Hdf5DataFormat();
        var box = Assert.IsType<Dataset>(ResultRegistry.FromBundle(format.Read(Sample("soapify-cu211.hdf5"),
            new ImportOptions { Name = "/Trajectories/cu211/Box" }, CancellationToken.None)));
        Assert.Equal((20, 6), (box.RowCount, box.ColumnCount));
        Assert.Equal(90.0, box[19, 5]);
        var ex = Assert.Throws<SoapLensException>(() => format.Read(Sample("soapify-cu211.hdf5"), new ImportOptions { Name = "Trajectories/cu211" }, CancellationToken.None));
        Assert.Equal("Hdf5IsTrajectory", ex.ErrorId);
        Assert.Contains("Import-Trajectory", ex.Message);
        var missing = Assert.Throws<SoapLensException>(() => format.Read(Sample("soapify-cu211.hdf5"), new ImportOptions { Name = "nothing" }, CancellationToken.None));
        Assert.Equal("Hdf5ObjectNotFound", missing.ErrorId);
        Assert.Contains("/SOAP/cu211", missing.Message);
        var none = Assert.Throws<SoapLensException>(() => format.Read(Sample("cu211.h5md"), new ImportOptions(), CancellationToken.None));
        Assert.Equal("Hdf5NothingToImport", none.ErrorId);
        Assert.Contains("/particles/trajectory/position/value", none.Message);
    }

    [Fact]
    public void Inventory_recognises_soapify_and_h5md_objects()
    {
        var s = Hdf5Inventory.Describe(Sample("soapify-cu211.hdf5"));
        Assert.Equal(["/", "/SOAP", "/SOAP/cu211", "/Trajectories", "/Trajectories/cu211", "/Trajectories/cu211/Box", "/Trajectories/cu211/Trajectory", "/Trajectories/cu211/Types"],
            s.Select(o => o.Path));
        Assert.Equal("SOAPify SOAP", s.Single(o => o.Path == "/SOAP/cu211").Role);
        Assert.Equal("SOAPify trajectory", s.Single(o => o.Path == "/Trajectories/cu211").Role);
        Assert.Equal("gzip 9", s.Single(o => o.Path == "/SOAP/cu211").CompressionText);
        var h = Hdf5Inventory.Describe(Sample("cu211.h5md"));
        Assert.Equal("H5MD particles", h.Single(o => o.Path == "/particles/trajectory").Role);
        Assert.Equal("(20, 720, 3)", h.Single(o => o.Path == "/particles/trajectory/position/value").ShapeText);
    }
}
