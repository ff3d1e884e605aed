using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class LammpsDumpTests
{
    private static readonly TrajectoryReadOptions CuMap = new() { TypeMap = new Dictionary<string, string> { ["1"] = "Cu" } };

    [Fact]
    public void Every_frame_of_cu211_small_reads_identically_from_extxyz_and_dump()
    {
        var xyz = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"));
        var dump = Trajectory.Open(SharedData.Trajectory("cu211-small", "traj.lammpstrj"), options: CuMap);
        Assert.Equal("lammpsdump", dump.FormatName);
        Assert.Equal(xyz.Topology.Ids, dump.Topology.Ids);
        Assert.Equal(xyz.Topology.Species, dump.Topology.Species);
        int n = 0;
        using var a = xyz.ReadFrames().GetEnumerator();
        using var b = dump.ReadFrames().GetEnumerator();
        while (a.MoveNext())
        {
            Assert.True(b.MoveNext());
            var (fa, fb) = (a.Current, b.Current);
            Assert.Equal(fa.Index, fb.Index);
            Assert.Equal(fa.Positions, fb.Positions);   // the same %.5f text in both files
            Assert.Equal(fa.Pbc, fb.Pbc);
            for (int k = 0; k < 9; k++)                 // extxyz Lattice has 6 decimals, the dump full precision
                Assert.True(Math.Abs(fa.Cell!.Matrix[k] - fb.Cell!.Matrix[k]) <= 5.000001e-7, $"frame {fa.Index} cell[{k}]");
            Assert.Equal(fa.Step, fb.Step);
            n++;
        }
        Assert.False(b.MoveNext());
        Assert.Equal(100, n);
    }

    [Fact]
    public void Gzip_dump_of_cu211_long_reads_and_matches_its_extxyz()
    {
        var dump = Trajectory.Open(SharedData.Trajectory("cu211-long", "traj.lammpstrj.gz"), options: CuMap);
        Assert.Equal("lammpsdump", dump.FormatName);
        Assert.Equal(401, dump.CountFrames());
        var last = dump.Select(new FrameSelection(Frames: [400])).ReadFirstFrame();
        var xyzLast = Trajectory.Open(SharedData.Trajectory("cu211-long", "cu211-long.extxyz"), selection: new FrameSelection(Frames: [400])).ReadFirstFrame();
        Assert.Equal(2000000, last.Step);
        Assert.Equal(xyzLast.Positions, last.Positions);
        Assert.Equal(["Cu"], dump.Species);
    }

    [Fact]
    public void Without_a_type_map_numeric_types_get_no_species()
    {
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "traj.lammpstrj"));
        Assert.Empty(t.Species);
        Assert.Equal("1", t.Topology.Names[0]);
    }

    [Fact]
    public void A_type_map_value_that_is_not_an_element_is_an_argument_error()
    {
        var ex = Assert.Throws<SoapLensException>(() => Trajectory.Open(SharedData.Trajectory("cu211-small", "traj.lammpstrj"),
            options: new TrajectoryReadOptions { TypeMap = new Dictionary<string, string> { ["1"] = "Xx" } }));
        Assert.Equal("InvalidTypeMap", ex.ErrorId);
    }

    // A triclinic cell a=(10,0,0) b=(2,9,0) c=(1.5,-1,8) with origin (1,2,3): LAMMPS writes the bounding box.
    private const string TriclinicBox = """
        ITEM: BOX BOUNDS xy xz yz pp pf pp
        1 14.5 2
        1 11 1.5
        3 11 -1
        """;

    private static string Dump(string box, string columns, params string[] atoms) =>
        $"ITEM: TIME\n0.25\nITEM: TIMESTEP\n125\nITEM: NUMBER OF ATOMS\n{atoms.Length}\n{box}\nITEM: ATOMS {columns}\n{string.Join("\n", atoms)}\n";

    [Fact]
    public void Triclinic_bounds_become_lattice_vectors_and_scaled_coordinates_include_the_origin()
    {
        using var tmp = new TempDir();
        var cart = tmp.File("cart.lammpstrj");
        var scaled = tmp.File("scaled.lammpstrj");
        File.WriteAllText(cart, Dump(TriclinicBox, "id type x y z vx", "2 1 7.75 6 7 0.1", "1 2 1 2 3 0.2"));
        File.WriteAllText(scaled, Dump(TriclinicBox, "id type xs ys zs", "1 2 0 0 0", "2 1 0.5 0.5 0.5"));
        var map = new TrajectoryReadOptions { TypeMap = new Dictionary<string, string> { ["1"] = "Cu", ["2"] = "O" } };
        var a = Trajectory.Open(cart, options: map).ReadFirstFrame();
        var b = Trajectory.Open(scaled, options: map).ReadFirstFrame();
        Assert.Equal([10, 0, 0, 2, 9, 0, 1.5, -1, 8], a.Cell!.Matrix.ToArray());
        Assert.Equal(new Pbc(true, false, true), a.Pbc);
        Assert.Equal([1, 2, 3, 7.75, 6, 7], a.Positions);
        Assert.Equal(a.Positions, b.Positions);
        Assert.Equal(new string?[] { "O", "Cu" }, a.Topology.Species);
        Assert.Equal(0.25, a.Time);
        Assert.Equal(125, a.Step);
    }

    [Fact]
    public void Element_column_and_unwrapped_coordinates_are_used()
    {
        using var tmp = new TempDir();
        var p = tmp.File("el.dump");
        File.WriteAllText(p, Dump("ITEM: BOX BOUNDS pp pp ff\n0 10\n0 10\n-5 5", "id element xu yu zu", "3 Au 11.5 -1 0", "1 Cu 1 1 1"));
        var f = Trajectory.Open(p).ReadFirstFrame();
        Assert.Equal([1, 3], f.Topology.Ids);
        Assert.Equal(["Cu", "Au"], f.Topology.SpeciesList);
        Assert.Equal([1, 1, 1, 11.5, -1, 0], f.Positions);
        Assert.Equal(10.0, f.Cell!.Length(2));
    }

    [Fact]
    public void General_triclinic_abc_origin_boxes_are_read_as_given()
    {
        using var tmp = new TempDir();
        var p = tmp.File("gen.lammpstrj");
        File.WriteAllText(p, Dump("ITEM: BOX BOUNDS abc origin pp pp pp\n10 0 0 -1\n0 10 0 -2\n1 1 10 -3", "id type xs ys zs", "1 1 0.5 0.5 0.5"));
        var f = Trajectory.Open(p).ReadFirstFrame();
        Assert.Equal([10, 0, 0, 0, 10, 0, 1, 1, 10], f.Cell!.Matrix.ToArray());
        Assert.Equal([-1 + 5.5, -2 + 5.5, -3 + 5], f.Positions);
    }

    [Fact]
    public void Units_real_converts_time_from_fs_to_ps()
    {
        using var tmp = new TempDir();
        var p = tmp.File("real.lammpstrj");
        File.WriteAllText(p, "ITEM: UNITS\nreal\n" + Dump("ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10", "id type x y z", "1 1 1 2 3"));
        var f = Trajectory.Open(p).ReadFirstFrame();
        Assert.Equal(0.25e-3, f.Time);
    }

    [Fact]
    public void Skipped_frames_are_not_parsed()
    {
        // Frame 1 has a broken atom line; selecting frames 0 and 2 never parses it.
        using var tmp = new TempDir();
        var p = tmp.File("skip.lammpstrj");
        var box = "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10";
        File.WriteAllText(p, Dump(box, "id type x y z", "1 1 1 2 3") + Dump(box, "id type x y z", "1 1 oops 2 3") + Dump(box, "id type x y z", "1 1 4 5 6"));
        var t = Trajectory.Open(p, selection: new FrameSelection(Frames: [0, 2]));
        Assert.Equal([[1.0, 2, 3], [4.0, 5, 6]], t.ReadFrames().Select(f => f.Positions));
        Assert.Equal(3, Trajectory.Open(p).CountFrames());
    }
}
