using SoapLens.Geometry;
using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>H5MD features the MDAnalysis samples do not use (LAMMPS-style species, fixed intervals, ids, triclinic boxes).</summary>
public sealed class H5mdTests : Hdf5TestBase
{
    /// <summary>4 atoms, 5 frames; positions in nm; species 1/2; ids reversed; box stored at steps 0 and 300 only.</summary>
    private string LammpsLike(string name = "all", bool withSpecies = true)
    {
        var path = Temp.File("lammps.h5md");
        using var f = Hdf5Files.Create(path);
        using (var h = f.RequireGroup("h5md")) h.WriteAttribute("version", new long[] { 1, 1 });
        using var g = f.RequireGroup($"particles/{name}");
        using (var v = g.CreateDataset("position/value", new Hdf5DatasetSpec(Hdf5ElementType.Float64, [5, 4, 3]) { Chunks = [2, 4, 3], Deflate = 4 }))
        {
            v.Write<double>([0, 0, 0], [5, 4, 3], Enumerable.Range(0, 60).Select(i => i * 0.01).ToArray());
            v.WriteAttribute("unit", "nm");
        }
        using (var s = g.CreateDataset("position/step", new Hdf5DatasetSpec(Hdf5ElementType.Int64, [])))
        {
            s.Write<long>([], [], new long[] { 100 });
            s.WriteAttribute("offset", 1000L);
        }
        using (var t = g.CreateDataset("position/time", new Hdf5DatasetSpec(Hdf5ElementType.Float64, [])))
        {
            t.Write<double>([], [], new[] { 100.0 });
            t.WriteAttribute("offset", 1000.0);
            t.WriteAttribute("unit", "fs");
        }
        using (var box = g.RequireGroup("box"))
        {
            box.WriteAttribute("dimension", 3L);
            box.WriteAttribute("boundary", new[] { "periodic", "periodic", "none" });
            using (var e = box.CreateDataset("edges/value", new Hdf5DatasetSpec(Hdf5ElementType.Float64, [2, 3, 3])))
            {
                e.Write<double>([0, 0, 0], [2, 3, 3], new double[] { 2, 0, 0, 0.5, 2, 0, 0, 0, 3, 2.5, 0, 0, 0, 2.5, 0, 0, 0, 3 });
                e.WriteAttribute("unit", "nm");
            }
            using var es = box.CreateDataset("edges/step", new Hdf5DatasetSpec(Hdf5ElementType.Int64, [2]));
            es.Write<long>([0], [2], new long[] { 1000, 1300 });
        }
        if (withSpecies)
        {
            using var sp = g.CreateDataset("species", new Hdf5DatasetSpec(Hdf5ElementType.Int32, [4]));
            sp.Write<int>([0], [4], new[] { 1, 2, 1, 2 });
        }
        using (var id = g.CreateDataset("id", new Hdf5DatasetSpec(Hdf5ElementType.Int64, [4])))
            id.Write<long>([0], [4], new long[] { 40, 30, 20, 10 });
        return path;
    }

    [Fact]
    public void Lammps_style_files_read_with_type_map_units_fixed_intervals_and_boxes_by_step()
    {
        var path = LammpsLike();
        var t = Trajectory.Open(path, options: new TrajectoryReadOptions { TypeMap = new Dictionary<string, string> { ["1"] = "cu", ["2"] = "Au" } });
        Assert.Equal(5, t.FrameCount);
        Assert.Equal([10, 20, 30, 40], t.Topology.Ids);
        Assert.Equal(new[] { "Au", "Cu", "Au", "Cu" }, t.Topology.Species.ToList()); // sorted by id: file atoms 3, 2, 1, 0
        Assert.Equal(["2", "1", "2", "1"], t.Topology.Names);
        var frames = t.LoadFrames();
        // Atom id 10 is file atom 3: x of frame 1 = (12 + 9) * 0.01 nm = 2.1 Å.
        Assert.Equal(2.1, frames[1].Positions[0], 12);
        Assert.Equal([1000L, 1100, 1200, 1300, 1400], frames.Select(f => f.Step!.Value));
        Assert.Equal([1.0, 1.1, 1.2, 1.3, 1.4], frames.Select(f => Math.Round(f.Time!.Value, 12)));
        Assert.Equal(new Pbc(true, true, false), frames[0].Pbc);
        Assert.Equal([20, 0, 0, 5, 20, 0, 0, 0, 30], frames[2].Cell!.Matrix.ToArray()); // step 1200 → box of step 1000
        Assert.Equal(25, frames[3].Cell!.Matrix[0]);                                    // step 1300 → its own box
    }

    [Fact]
    public void Integer_species_without_a_type_map_stay_names_and_particle_groups_are_listed()
    {
        var path = LammpsLike("atoms");
        var t = Trajectory.Open(path);
        Assert.Empty(t.Species);
        Assert.Equal(["2", "1", "2", "1"], t.Topology.Names);
        var ex = Assert.Throws<SoapLensException>(() => Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "water" }));
        Assert.Equal("TrajectoryNotFound", ex.ErrorId);
        Assert.Contains("available: atoms", ex.Message);
        Assert.Equal(5, Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "atoms" }).FrameCount);
    }

    [Fact]
    public void An_h5md_file_named_h5_is_recognised()
    {
        var h5 = Temp.File("copy.h5");
        File.Copy(Sample("cu211.h5md"), h5);
        var t = Trajectory.Open(h5);
        Assert.Equal("hdf5", t.FormatName);
        Assert.Equal(20, t.FrameCount);
        Assert.Equal(12.768569946289062, t.LoadFrames()[3].Positions[51]);
    }

    [Fact]
    public void Bad_units_and_shapes_are_named()
    {
        var path = Temp.File("bad.h5md");
        using (var f = Hdf5Files.Create(path))
        {
            using var h = f.RequireGroup("h5md");
            using var v = f.CreateDataset("particles/p/position/value", new Hdf5DatasetSpec(Hdf5ElementType.Float32, [2, 3, 3]));
            v.WriteAttribute("unit", "furlong");
        }
        var ex = Assert.Throws<MalformedFileException>(() => Trajectory.Open(path));
        Assert.Contains("unknown length unit 'furlong'", ex.Message);
        Assert.Contains("/particles/p/position/value", ex.Message);
    }
}
