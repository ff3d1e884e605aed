using SoapLens.Data;
using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;
using H5 = SoapLens.IO.Hdf5.Hdf5Files;

namespace SoapLens.Tests.IO.Hdf5;

public sealed class Hdf5BindingTests : Hdf5TestBase
{
    [Fact]
    public void Library_loads_and_reports_its_version()
    {
        Assert.Matches(@"libhdf5 1\.\d+\.\d+", H5.LibraryDescription);
    }

    [Fact]
    public void Sample_structure_is_listed_with_kinds()
    {
        using var f = H5.Open(Sample("soapify-cu211.hdf5"));
        Assert.Equal(["SOAP", "Trajectories"], f.Children().Select(c => c.Name));
        Assert.All(f.Children(), c => Assert.Equal(Hdf5ObjectKind.Group, c.Kind));
        Assert.Equal(Hdf5ObjectKind.Dataset, f.KindOf("/SOAP/cu211"));
        Assert.Equal(Hdf5ObjectKind.Group, f.KindOf("Trajectories/cu211"));
        Assert.Null(f.KindOf("Trajectories/missing/Box"));
        Assert.Null(f.KindOf("SOAP/cu211/inside"));
        using var g = f.OpenGroup("Trajectories/cu211");
        Assert.Equal(["Box", "Trajectory", "Types"], g.Children().Select(c => c.Name));
        Assert.Equal("/Trajectories/cu211", g.Path);
    }

    [Fact]
    public void Soapify_attributes_read_with_their_types()
    {
        using var f = H5.Open(Sample("soapify-cu211.hdf5"));
        using var d = f.OpenDataset("SOAP/cu211");
        Assert.Equal(["SOAPengine", "l_max", "n_max", "r_cut", "species", "species_location_Cu-Cu"], d.AttributeNames());
        var engine = d.ReadAttribute("SOAPengine");
        Assert.Equal("dscribe", engine.Value);
        Assert.True(engine.IsScalar);
        Assert.True(engine.Type.VariableLength);
        Assert.True(engine.Type.Utf8);
        Assert.Equal(8L, d.ReadAttribute("l_max").Value);
        Assert.Equal(new Hdf5TypeInfo(Hdf5TypeClass.Integer, 8), d.ReadAttribute("n_max").Type);
        Assert.Equal(6.0, d.ReadAttribute("r_cut").Value);
        var species = d.ReadAttribute("species");
        Assert.Equal([1L], species.Shape);
        Assert.Equal(new[] { "Cu" }, species.Value);
        Assert.Equal(new long[] { 0, 324 }, d.ReadAttribute("species_location_Cu-Cu").Value);
        using var g = f.OpenGroup("Trajectories/cu211");
        Assert.Equal("cu211-small traj.lammpstrj (LAMMPS, Cu EAM 1050 K)", g.ReadAttribute("source").Value);
        Assert.Equal(1.0, g.ReadAttribute("frame_dt_ps").Value);
    }

    [Fact]
    public void Dataset_layout_matches_the_h5py_dump()
    {
        using var f = H5.Open(Sample("soapify-cu211.hdf5"));
        using var d = f.OpenDataset("SOAP/cu211");
        var l = d.Layout;
        Assert.Equal([5L, 720, 324], l.Shape);
        Assert.Equal([-1L, 720, 324], l.MaxShape);
        Assert.Equal([3L, 720, 324], l.Chunks!);
        Assert.Equal(Hdf5StorageLayout.Chunked, l.Storage);
        Assert.Equal(9, l.DeflateLevel);
        var filter = Assert.Single(l.Filters);
        Assert.Equal((1, 1u), (filter.Id, filter.Flags));
        using var box = f.OpenDataset("Trajectories/cu211/Box");
        Assert.Equal([256L, 3], box.Layout.Chunks!);
        Assert.Equal(4, box.Layout.DeflateLevel);
    }

    [Fact]
    public void Hyperslab_reads_clip_partial_edge_chunks()
    {
        using var f = H5.Open(Sample("soapify-cu211.hdf5"));
        using var d = f.OpenDataset("SOAP/cu211");
        // Frame 4 lies in the second chunk [3:6), of which only 2 frames exist.
        var frame4 = new double[720 * 324];
        d.Read([4, 0, 0], [1, 720, 324], frame4.AsSpan());
        var expected = SoapLens.IO.Npy.Load(Sample("soapify-cu211_SOAP_frame4.npy")).ToDoubleArray();
        Assert.Equal(expected, frame4);
        var one = new double[1];
        d.Read([4, 500, 200], [1, 1, 1], one.AsSpan());
        Assert.Equal(-0.02372011208356705, one[0]);
        using var box = f.OpenDataset("Trajectories/cu211/Box");
        var row = new double[6];
        box.Read([19, 0], [1, 6], row.AsSpan());
        Assert.Equal([19.152862548828125, 20.850994110107422, 51.8194694519043, 90.0, 90.0, 90.0], row);
    }

    [Fact]
    public void Float32_data_converts_to_double_on_read()
    {
        using var f = H5.Open(Sample("cu211.h5md"));
        using var d = f.OpenDataset("particles/trajectory/position/value");
        Assert.Equal(new Hdf5TypeInfo(Hdf5TypeClass.Float, 4), d.Type);
        var p = new double[3];
        d.Read([3, 17, 0], [1, 1, 3], p.AsSpan());
        Assert.Equal([12.768569946289062, 13.031869888305664, 15.0], p);
        var pf = new float[3];
        d.Read([3, 17, 0], [1, 1, 3], pf.AsSpan());
        Assert.Equal(12.768569946289062f, pf[0]);
    }

    [Fact]
    public void Variable_length_string_datasets_read()
    {
        using var f = H5.Open(Sample("soapify-water.hdf5"));
        using var t = f.OpenDataset("Trajectories/water_atomnames/Types");
        Assert.Equal(["OW", "HW1", "HW2", "MW3", "OW", "HW1", "HW2", "MW3"], t.ReadStrings(0, 8));
        Assert.Equal(["HW2", "MW3"], t.ReadStrings(8190, 2));
        Assert.Equal(Hdf5TypeClass.String, t.Type.Class);
    }

    [Fact]
    public void Attributes_of_every_type_round_trip()
    {
        using var tmp = new TempDir();
        var path = tmp.File("attrs.h5");
        using (var f = H5.Create(path))
        using (var g = f.RequireGroup("a/b"))
        {
            g.WriteAttribute("s", "héllo ünïcode");
            g.WriteAttribute("empty", "");
            g.WriteAttribute("ss", new[] { "OW", "HW1", "" });
            g.WriteAttribute("no_strings", Array.Empty<string>());
            g.WriteAttribute("fixed", new Hdf5FixedStrings(["Cu", "Au", "O"]));
            g.WriteAttribute("fixed8", new Hdf5FixedStrings(["abc"], 8));
            g.WriteAttribute("l", 42L);
            g.WriteAttribute("i", 7);
            g.WriteAttribute("la", new long[] { long.MinValue, 0, long.MaxValue });
            g.WriteAttribute("ia", new[] { 1, -2 });
            g.WriteAttribute("d", 6.5);
            g.WriteAttribute("nan", double.NaN);
            g.WriteAttribute("da", new[] { 1e-300, double.PositiveInfinity, -0.0 });
            g.WriteAttribute("b", true);
            g.WriteAttribute("ba", new[] { true, false, true });
            g.WriteAttribute("nd", NdArray.Of(new[] { 1, 2, 3, 4, 5, 6 }, 2, 3));
            g.WriteAttribute("nf", NdArray.Of(new[] { 1.5f, 2.5f }));
            g.WriteAttribute("l", 43L); // replace
        }
        using var r = H5.Open(path);
        using var rg = r.OpenGroup("/a/b");
        Assert.Equal("héllo ünïcode", rg.ReadAttribute("s").Value);
        Assert.Equal("", rg.ReadAttribute("empty").Value);
        Assert.Equal(new[] { "OW", "HW1", "" }, rg.ReadAttribute("ss").Value);
        Assert.Equal(Array.Empty<string>(), rg.ReadAttribute("no_strings").Value);
        var fixedAttr = rg.ReadAttribute("fixed");
        Assert.False(fixedAttr.Type.VariableLength);
        Assert.Equal(2, fixedAttr.Type.Size);
        Assert.Equal(new[] { "Cu", "Au", "O" }, fixedAttr.Value);
        Assert.Equal(new[] { "abc" }, rg.ReadAttribute("fixed8").Value);
        Assert.Equal(43L, rg.ReadAttribute("l").Value);
        Assert.Equal(7L, rg.ReadAttribute("i").Value);
        Assert.Equal(new[] { long.MinValue, 0, long.MaxValue }, rg.ReadAttribute("la").Value);
        Assert.Equal(new long[] { 1, -2 }, rg.ReadAttribute("ia").Value);
        Assert.Equal(6.5, rg.ReadAttribute("d").Value);
        Assert.True(double.IsNaN((double)rg.ReadAttribute("nan").Value!));
        Assert.Equal(new[] { 1e-300, double.PositiveInfinity, -0.0 }, rg.ReadAttribute("da").Value);
        var b = rg.ReadAttribute("b");
        Assert.True(b.Type.IsBoolean);
        Assert.Equal(true, b.Value);
        Assert.Equal(new[] { true, false, true }, rg.ReadAttribute("ba").Value);
        var nd = rg.ReadAttribute("nd");
        Assert.Equal([2L, 3], nd.Shape);
        Assert.Equal(new Hdf5TypeInfo(Hdf5TypeClass.Integer, 4), nd.Type);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, nd.Value);
        Assert.Equal(Hdf5TypeClass.Float, rg.ReadAttribute("nf").Type.Class);
        Assert.Equal(4, rg.ReadAttribute("nf").Type.Size);
        Assert.Equal(17, rg.AttributeNames().Count);
    }

    [Fact]
    public void Datasets_write_and_read_by_hyperslab_with_growth()
    {
        using var tmp = new TempDir();
        var path = tmp.File("d.h5");
        using (var f = H5.Create(path))
        using (var d = f.CreateDataset("x/y", new Hdf5DatasetSpec(Hdf5ElementType.Float32, [0, 4, 3]) { MaxShape = [-1, 4, 3], Chunks = [2, 4, 3], Deflate = 9 }))
        using (var s = f.CreateDataset("names", new Hdf5DatasetSpec(Hdf5ElementType.String, [3])))
        using (var fs = f.CreateDataset("fixed", new Hdf5DatasetSpec(Hdf5ElementType.FixedString, [2]) { FixedStringSize = 4 }))
        {
            for (int frame = 0; frame < 5; frame++)
            {
                d.SetExtent([frame + 1, 4, 3]);
                var block = Enumerable.Range(0, 12).Select(i => (double)(frame * 100 + i)).ToArray();
                d.Write([frame, 0, 0], [1, 4, 3], block.AsSpan());
            }
            s.WriteStrings(0, ["Cu", "Ö", "x"]);
            fs.WriteStrings(0, ["ab", "abcd"]);
        }
        using var r = H5.Open(path);
        using var rd = r.OpenDataset("/x/y");
        Assert.Equal([5L, 4, 3], rd.Shape);
        Assert.Equal([-1L, 4, 3], rd.Layout.MaxShape);
        var all = new double[60];
        rd.Read([0, 0, 0], [5, 4, 3], all.AsSpan());
        Assert.Equal(403.0, all[4 * 12 + 3]);
        var corner = new long[2];
        rd.Read([4, 3, 1], [1, 1, 2], corner.AsSpan());
        Assert.Equal([410L, 411], corner);
        using var rs = r.OpenDataset("names");
        Assert.Equal(["Cu", "Ö", "x"], rs.ReadStrings(0, 3));
        using var rf = r.OpenDataset("fixed");
        Assert.Equal(["ab", "abcd"], rf.ReadStrings(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => rd.Read([4, 0, 0], [2, 4, 3], new double[24].AsSpan()));
    }

    [Fact]
    public void Missing_objects_and_files_give_clear_errors()
    {
        using var f = H5.Open(Sample("soapify-cu211.hdf5"));
        var ex = Assert.Throws<SoapLensException>(() => f.OpenDataset("SOAP/nope"));
        Assert.Equal("Hdf5ObjectNotFound", ex.ErrorId);
        Assert.Contains("/SOAP/nope", ex.Message);
        var nf = Assert.Throws<SoapLensException>(() => H5.Open("/nonexistent/file.h5"));
        Assert.Equal("PathNotFound", nf.ErrorId);
        var attr = Assert.Throws<SoapLensException>(() => f.ReadAttribute("nothing"));
        Assert.Equal("Hdf5AttributeNotFound", attr.ErrorId);
    }

    [Fact]
    public void Signature_check_needs_no_library()
    {
        Assert.True(H5.IsHdf5File(Sample("cu211.h5md")));
        Assert.False(H5.IsHdf5File(Sample("checks.json")));
        Assert.False(H5.IsHdf5File("/nonexistent"));
    }
}
