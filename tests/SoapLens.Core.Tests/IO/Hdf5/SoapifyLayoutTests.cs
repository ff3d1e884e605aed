using System.Text.Json;
using System.Text.Json.Nodes;
using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>
/// Files SoapLens writes in SOAPify's layout have the structure of SOAPify's own files: the same
/// objects, attribute names, HDF5 type classes, dtypes, shapes, maxshapes, chunks, filters and
/// storage layout as the h5py dumps (layout_*.json) of the samples, and the same values.
/// </summary>
public sealed class SoapifyLayoutTests : Hdf5TestBase
{
    /// <summary>
    /// Compares our listing of <paramref name="path"/> with an h5py layout dump, field by field.
    /// <paramref name="extraAttribute"/>: attributes our file may have beyond the dump's; by default SoapLens'
    /// own soaplens_* attributes, which SOAPify ignores.
    /// </summary>
    internal static void AssertSameLayout(string layoutJson, string path, Func<string, bool>? extraAttribute = null)
    {
        extraAttribute ??= a => a.StartsWith(SoapifySpectrumLayout.Prefix, StringComparison.Ordinal);
        var expected = JsonNode.Parse(File.ReadAllText(layoutJson))!.AsObject();
        var ours = Hdf5Inventory.Describe(path).ToDictionary(o => o.Path);
        Assert.Equal(expected.Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal), ours.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (objPath, node) in expected)
        {
            var e = node!.AsObject();
            var o = ours[objPath];
            string where = $"{objPath}";
            Assert.True(((string)e["kind"]! == "group") == (o.Kind == Hdf5ObjectKind.Group), $"{where}: kind");
            var eAttrs = e["attrs"]!.AsObject();
            Assert.Equal(eAttrs.Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal),
                o.Attributes.Select(a => a.Name).Where(a => extraAttribute?.Invoke(a) != true).OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (name, an) in eAttrs)
            {
                var ea = an!.AsObject();
                var a = o.Attribute(name)!;
                var w = $"{where} attribute {name}";
                Assert.Equal((string)ea["h5class"]!, ClassId(a.Type));
                Assert.Equal(ea["shape"]!.AsArray().Select(x => (long)x!), a.Shape);
                Assert.Equal((bool)ea["is_vlen_str"]!, a.Type.Class == Hdf5TypeClass.String && a.Type.VariableLength);
                Assert.Equal((int?)ea["cset"], a.Type.Class == Hdf5TypeClass.String ? (a.Type.Utf8 ? 1 : 0) : null);
                if (a.Type.Class != Hdf5TypeClass.String) Assert.True((string)ea["numpy_dtype"]! == a.Type.NumpyName, $"{w}: dtype {a.Type.NumpyName}");
                var ev = ea["value"]!;
                if (ev.GetValueKind() == JsonValueKind.String && ((string)ev!).StartsWith('<') && ((string)ev!).EndsWith(" values>")) continue;
                Assert.True(JsonNode.DeepEquals(ev, ToJson(a.Value)), $"{w}: value {ToJson(a.Value)?.ToJsonString()} vs {ev.ToJsonString()}");
            }
            if (o.Kind != Hdf5ObjectKind.Dataset) continue;
            var l = o.Layout!;
            Assert.Equal((string)e["dtype"]!, o.Type!.NumpyName);
            Assert.Equal((string)e["h5class"]!, ClassId(o.Type));
            Assert.Equal(e["shape"]!.AsArray().Select(x => (long)x!), l.Shape);
            Assert.Equal(e["maxshape"]!.AsArray().Select(x => x!.GetValueKind() == JsonValueKind.String ? -1L : (long)x), l.MaxShape);
            Assert.Equal(e["chunks"]!.AsArray().Select(x => (long)x!), l.Chunks!);
            Assert.Equal((string?)e["compression"], l.DeflateLevel is null ? null : "gzip");
            Assert.Equal((int?)e["compression_opts"], l.DeflateLevel);
            Assert.Equal((bool)e["shuffle"]!, l.Shuffle);
            Assert.Equal((bool)e["fletcher32"]!, l.Fletcher32);
            var filters = e["filters"]!.AsArray().Select(f => f!.AsArray()).Select(f => ((int)f[0]!, (uint)f[1]!, f[2]!.AsArray().Select(x => (uint)x!).ToArray())).ToArray();
            Assert.Equal(filters.Select(f => (f.Item1, f.Item2)), l.Filters.Select(f => (f.Id, f.Flags)));
            Assert.Equal(filters.Select(f => f.Item3), l.Filters.Select(f => f.Parameters));
            Assert.Equal((string)e["layout"]!, l.Storage.ToString().ToLowerInvariant());
            Assert.Equal((string?)e["byte_order"], o.Type.Class == Hdf5TypeClass.String ? null : o.Type.LittleEndian ? "little" : "big");
        }
    }

    private static string ClassId(Hdf5TypeInfo t) => t.Class switch
    {
        Hdf5TypeClass.String => "TypeStringID",
        Hdf5TypeClass.Integer => "TypeIntegerID",
        Hdf5TypeClass.Float => "TypeFloatID",
        Hdf5TypeClass.Enum => "TypeEnumID",
        _ => "other",
    };

    private static JsonNode? ToJson(object? v) => v switch
    {
        null => null,
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string[] ss => new JsonArray(ss.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        long[] ls => new JsonArray(ls.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        double[] ds => new JsonArray(ds.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
        _ => JsonValue.Create(v.ToString()),
    };

    private static (SoapifySoapParameters P, double[] Data, int Frames, int Centres, int Features) ReadSoap(string file)
    {
        using var r = SoapifySoapReader.Open(file);
        return (r.Parameters, r.ReadAll(), r.Frames, r.Centres, r.Features);
    }

    [Fact]
    public void A_soapify_database_we_write_has_the_layout_and_values_of_the_soapify_sample()
    {
        var path = Temp.File("ours.hdf5");
        var frames = Trajectory.Open(Sample("soapify-cu211.hdf5")).LoadFrames();
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", frames, new SoapifyTrajectoryWriteOptions
        {
            ChunkFrames = 8,
            Attributes = new Dictionary<string, object> { ["source"] = "cu211-small traj.lammpstrj (LAMMPS, Cu EAM 1050 K)", ["frame_dt_ps"] = 1.0 },
        });
        var soap = ReadSoap(Sample("soapify-cu211.hdf5"));
        var p = new SoapifySoapParameters { LMax = 8, NMax = 8, RCut = 6.0, Species = ["Cu"] }; // built from scratch, not copied
        SoapifySoapWriter.WriteFile(path, "cu211", p, soap.Data, soap.Frames, soap.Centres, soap.Features, new SoapifySoapWriteOptions { ChunkFrames = 3 });

        AssertSameLayout(Sample("layout_soapify-cu211_hdf5.json"), path);
        var back = ReadSoap(path);
        Assert.Equal(soap.Data, back.Data);
        using (var a = Hdf5Files.Open(Sample("soapify-cu211.hdf5")))
        using (var b = Hdf5Files.Open(path))
        using (var boxA = a.OpenDataset("Trajectories/cu211/Box"))
        using (var boxB = b.OpenDataset("Trajectories/cu211/Box"))
        using (var tA = a.OpenDataset("Trajectories/cu211/Trajectory"))
        using (var tB = b.OpenDataset("Trajectories/cu211/Trajectory"))
        {
            var x = new double[120];
            var y = new double[120];
            boxA.Read<double>([0, 0], [20, 6], x);
            boxB.Read<double>([0, 0], [20, 6], y);
            Assert.Equal(x, y);
            var ta = new double[20 * 720 * 3];
            var tb = new double[20 * 720 * 3];
            tA.Read<double>([0, 0, 0], [20, 720, 3], ta);
            tB.Read<double>([0, 0, 0], [20, 720, 3], tb);
            Assert.Equal(ta, tb);
        }
    }

    [Fact]
    public void The_layout_comparison_notices_other_chunks_and_missing_attributes()
    {
        var path = Temp.File("other.hdf5");
        var frames = Trajectory.Open(Sample("soapify-masked.hdf5")).LoadFrames();
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", frames, new SoapifyTrajectoryWriteOptions { ChunkFrames = 8 });
        var soap = ReadSoap(Sample("soapify-masked.hdf5"));
        SoapifySoapWriter.WriteFile(path, "cu211", soap.P, soap.Data, 5, 100, 324, new SoapifySoapWriteOptions { ChunkFrames = 3 });
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameLayout(Sample("layout_soapify-masked_hdf5.json"), path));
        var plain = Temp.File("plain.hdf5");
        SoapifyTrajectoryWriter.WriteFile(plain, "cu211", frames, new SoapifyTrajectoryWriteOptions { ChunkFrames = 8 });
        SoapifySoapWriter.WriteFile(plain, "cu211", soap.P with { CentreIndices = null }, soap.Data, 5, 100, 324, new SoapifySoapWriteOptions { ChunkFrames = 2 });
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertSameLayout(Sample("layout_soapify-masked_hdf5.json"), plain));
    }

    [Fact]
    public void A_soap_subset_we_write_has_the_layout_of_the_masked_sample()
    {
        var path = Temp.File("masked.h5");
        var frames = Trajectory.Open(Sample("soapify-masked.hdf5")).LoadFrames();
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", frames, new SoapifyTrajectoryWriteOptions { ChunkFrames = 8 });
        var soap = ReadSoap(Sample("soapify-masked.hdf5"));
        SoapifySoapWriter.WriteFile(path, "cu211", soap.P with { }, soap.Data, 5, 100, 324, new SoapifySoapWriteOptions { ChunkFrames = 2 });
        AssertSameLayout(Sample("layout_soapify-masked_hdf5.json"), path);
        var back = ReadSoap(path);
        Assert.Equal(soap.P.CentreIndices, back.P.CentreIndices);
        Assert.Equal(soap.Data, back.Data);
    }

    [Fact]
    public void Water_trajectories_we_write_have_the_layout_and_types_of_the_water_sample()
    {
        var path = Temp.File("water.hdf5");
        var src = Sample("soapify-water.hdf5");
        var water = Trajectory.Open(src, options: new TrajectoryReadOptions { Name = "water" });
        var names = Trajectory.Open(src, options: new TrajectoryReadOptions { Name = "water_atomnames" });
        // The sample used MDA2HDF5's default trajChunkSize = 100 (a 19.7 MB chunk); SoapLens' default would be 85.
        SoapifyTrajectoryWriter.WriteFile(path, "water", water.ReadFrames(), new SoapifyTrajectoryWriteOptions
        {
            ChunkFrames = 100,
            Attributes = new Dictionary<string, object> { ["source"] = "dynsight tests/systems/coex test_coex.gro + test_coex.xtc (TIP4P/Ice)" },
        });
        SoapifyTrajectoryWriter.WriteFile(path, "water_atomnames", names.ReadFrames(), new SoapifyTrajectoryWriteOptions { UseNames = true, ChunkFrames = 100 });
        AssertSameLayout(Sample("layout_soapify-water_hdf5.json"), path);
        using var a = Hdf5Files.Open(src);
        using var b = Hdf5Files.Open(path);
        foreach (var g in new[] { "water", "water_atomnames" })
        {
            using var ta = a.OpenDataset($"Trajectories/{g}/Types");
            using var tb = b.OpenDataset($"Trajectories/{g}/Types");
            Assert.Equal(ta.ReadStrings(0, 8192), tb.ReadStrings(0, 8192));
        }
        var back = Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "water" }).LoadFrames();
        var orig = water.LoadFrames();
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(orig[f].Positions, back[f].Positions);
            Assert.Equal(orig[f].Cell!.Matrix.ToArray(), back[f].Cell!.Matrix.ToArray());
        }
    }

    [Fact]
    public void Trajectories_round_trip_through_the_writer_in_float32_and_triclinic_cells()
    {
        var path = Temp.File("t.h5");
        var top = new Topology([1, 2, 3], ["O", "H", null], ["OW", "HW1", "MW"]);
        var cell = SoapLens.Geometry.Cell.FromParameters(10, 11, 12, 80, 95, 100);
        var frames = Enumerable.Range(0, 7).Select(i => new Frame(i, top, [i, 1, 2, 3, 4, 5.5, 6, 7, 8.25], i == 3 ? null : cell,
            i == 3 ? SoapLens.Geometry.Pbc.None : SoapLens.Geometry.Pbc.All)).ToList();
        SoapifyTrajectoryWriter.WriteFile(path, "t", frames, new SoapifyTrajectoryWriteOptions { ChunkFrames = 3, Float32 = true });
        var t = Trajectory.Open(path);
        Assert.Equal(["O", "H", "MW"], t.Topology.Names); // element symbols; the virtual site keeps its name
        Assert.Equal(new[] { "O", "H", null }, t.Topology.Species.ToList());
        var back = t.LoadFrames();
        Assert.Equal(7, back.Count);
        for (int i = 0; i < 7; i++)
        {
            Assert.Equal(frames[i].Positions.Select(x => (double)(float)x), back[i].Positions);
            if (i == 3) { Assert.Null(back[i].Cell); continue; }
            var (a, b, c, al, be, ga) = back[i].Cell!.Parameters;
            Assert.Equal([10, 11, 12, 80, 95, 100], new[] { a, b, c, al, be, ga }.Select(x => Math.Round(x, 4)));
        }
        using var f = Hdf5Files.Open(path);
        using var d = f.OpenDataset("Trajectories/t/Trajectory");
        Assert.Equal(new Hdf5TypeInfo(Hdf5TypeClass.Float, 4), d.Type);
        Assert.Equal([3L, 3, 3], d.Layout.Chunks!);
    }

    [Fact]
    public void Periodicity_survives_a_soapify_database_written_by_soaplens()
    {
        var path = Temp.File("slab.hdf5");
        var top = new Topology([1, 2], ["Cu", "Cu"], ["Cu", "Cu"]);
        var cell = SoapLens.Geometry.Cell.FromParameters(10, 11, 30, 90, 90, 90);
        var slab = new SoapLens.Geometry.Pbc(true, true, false);
        var frames = Enumerable.Range(0, 4).Select(i => new Frame(i, top, [0, 0, i, 1, 1, 1], cell, slab)).ToList();
        SoapifyTrajectoryWriter.WriteFile(path, "slab", frames);
        Assert.All(Trajectory.Open(path).LoadFrames(), f => Assert.Equal(slab, f.Pbc));
        using var h = Hdf5Files.Open(path);
        using var g = h.OpenGroup("Trajectories/slab");
        Assert.Equal(new[] { true, true, false }, g.ReadAttribute(SoapifyTrajectoryFormat.PeriodicAttribute).Value);
        // SOAPify's own files carry no flags: a boxed frame is periodic in all three directions.
        Assert.All(Trajectory.Open(Sample("soapify-cu211.hdf5")).ReadFrames().Take(2), f => Assert.Equal(SoapLens.Geometry.Pbc.All, f.Pbc));
    }

    [Fact]
    public void Default_chunks_follow_soapify_but_stay_within_16_MiB()
    {
        Assert.Equal(100, SoapifySoapWriteOptions.AutoChunkFrames(720 * 3 * 8));
        Assert.Equal(8, SoapifySoapWriteOptions.AutoChunkFrames(720 * 324 * 8));
        Assert.Equal(5, SoapifySoapWriteOptions.AutoChunkFrames(720 * 324 * 8, frames: 5));
        Assert.Equal(1, SoapifySoapWriteOptions.AutoChunkFrames(100_000_000));
        Assert.Equal(100, SoapifySoapWriteOptions.AutoChunkFrames(720 * 324 * 8, frames: 5, requested: 100));
    }

    [Fact]
    public void Species_locations_follow_dscribe_for_several_species()
    {
        var p = new SoapifySoapParameters { LMax = 8, NMax = 8, RCut = 5, Species = ["H", "C", "O"] };
        Assert.Equal(2700, p.NativeFeatureCount);
        var loc = p.SpeciesLocations().ToDictionary(x => $"{x.A}-{x.B}", x => (x.Start, x.Stop));
        Assert.Equal(9, loc.Count);
        Assert.Equal((0L, 324L), loc["H-H"]);
        Assert.Equal((324L, 900L), loc["H-C"]);
        Assert.Equal(loc["H-C"], loc["C-H"]);
        Assert.Equal((900L, 1476L), loc["H-O"]);
        Assert.Equal((1476L, 1800L), loc["C-C"]);
        Assert.Equal((1800L, 2376L), loc["C-O"]);
        Assert.Equal((2376L, 2700L), loc["O-O"]);
        var water = new SoapifySoapParameters { LMax = 8, NMax = 8, RCut = 5, Species = ["H", "O"] };
        Assert.Equal(1224, water.NativeFeatureCount); // methods.md: 324 + 576 + 324
        var noCross = p with { Crossover = false };
        Assert.Equal(972, noCross.NativeFeatureCount);
        Assert.Equal(3, noCross.SpeciesLocations().Count);
    }

    [Fact]
    public void Multi_species_soap_writes_every_pair_sigma_and_float32()
    {
        var path = Temp.File("w.h5");
        var p = new SoapifySoapParameters { LMax = 2, NMax = 3, RCut = 4.5, Sigma = 0.5, Species = ["H", "O"], CentreIndices = [0, 3] };
        int features = p.NativeFeatureCount; // 2·18 + 27 = 63
        Assert.Equal(63, features);
        var data = Enumerable.Range(0, 4 * 2 * features).Select(i => i * 0.1f).ToArray();
        SoapifySoapWriter.WriteFile(path, "water", p, data, 4, 2, features, new SoapifySoapWriteOptions { Float32 = true });
        using var r = SoapifySoapReader.Open(path, "water");
        Assert.True(r.IsFloat32);
        Assert.Equal(0.5, r.Parameters.Sigma);
        Assert.Equal([0L, 3], r.Parameters.CentreIndices!);
        Assert.Equal(["H-H", "H-O", "O-H", "O-O"], r.StoredLocations.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal((18L, 45L), r.StoredLocations["O-H"]);
        var back = new float[data.Length];
        r.ReadFrames(0, 4, back);
        Assert.Equal(data, back);
    }

    [Fact]
    public void The_soap_writer_refuses_data_that_is_not_the_native_layout()
    {
        var p = new SoapifySoapParameters { LMax = 8, NMax = 8, RCut = 6, Species = ["Cu"] };
        var path = Temp.File("bad.h5");
        var ex = Assert.Throws<SoapLensException>(() => SoapifySoapWriter.WriteFile(path, "x", p, new double[576], 1, 1, 576));
        Assert.Contains("324 features", ex.Message);
        var unsorted = p with { Species = ["O", "H"] };
        Assert.Throws<SoapLensException>(() => SoapifySoapWriter.WriteFile(path, "x", unsorted, new double[1224], 1, 1, 1224));
        Assert.False(File.Exists(path));
    }
}
