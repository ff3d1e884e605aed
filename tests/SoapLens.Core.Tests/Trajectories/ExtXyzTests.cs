using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class ExtXyzTests
{
    [Fact]
    public void Reads_cu211_small_metadata_and_first_frame()
    {
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"));
        Assert.Equal(720, t.AtomCount);
        Assert.Equal(["Cu"], t.Species);
        Assert.Equal(100, t.CountFrames());
        var f = t.ReadFirstFrame();
        Assert.Equal(1, f.Topology.Ids[0]);
        Assert.Equal(6.38429, f.Positions[3], 12);
        Assert.True(f.Pbc.A && f.Pbc.B && !f.Pbc.C);
        Assert.Equal(19.152862, f.Cell!.Length(0), 12);
        Assert.Equal(0.0, f.Time);
    }

    [Fact]
    public void Frame_selection_has_mdanalysis_semantics()
    {
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"),
            selection: new FrameSelection(Start: 10, Stop: 40, Step: 10));
        var idx = t.ReadFrames().Select(f => f.Index).ToArray();
        Assert.Equal([10, 20, 30], idx);
        Assert.Equal([20], t.Select(new FrameSelection(Start: 1, Stop: 2)).ReadFrames().Select(f => f.Index).ToArray());
    }
}

public class ExtXyzConventionTests
{
    private static Frame Read(string text, string name = "a.extxyz")
    {
        using var tmp = new TempDir();
        var p = tmp.File(name);
        File.WriteAllText(p, text);
        return Trajectory.Open(p).ReadFirstFrame();
    }

    [Fact]
    public void Id_column_sorts_atoms_and_other_properties_are_skipped()
    {
        var f = Read("3\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3:id:I:1 pbc=\"T F T\" Time=1.5\n" +
                     "O 1 1 1 0 0 0 7\nH 2 2 2 0 0 0 3\nH 3 3 3 0 0 0 5\n");
        Assert.Equal([3, 5, 7], f.Topology.Ids);
        Assert.Equal(new string?[] { "H", "H", "O" }, f.Topology.Species);
        Assert.Equal([2.0, 2, 2, 3, 3, 3, 1, 1, 1], f.Positions);
        Assert.Equal(new SoapLens.Geometry.Pbc(true, false, true), f.Pbc);
        Assert.Equal(1.5, f.Time);
    }

    [Fact]
    public void Lattice_without_pbc_is_periodic_and_no_lattice_means_no_cell()
    {
        var periodic = Read("1\nLattice=\"4.0 0.0 0.0 0.0 4.0 0.0 0.0 0.0 4.0\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n");
        Assert.True(periodic.Pbc.A && periodic.Pbc.B && periodic.Pbc.C);
        var free = Read("1\nProperties=species:S:1:pos:R:3\nCu 0 0 0\n");
        Assert.Null(free.Cell);
        Assert.False(free.Pbc.Any);
    }

    [Fact]
    public void Plain_xyz_takes_symbol_and_three_coordinates_and_ignores_the_comment()
    {
        var f = Read("2\nwater molecule, it's plain\nO 0.0 0.0 0.0 extra\nH 0.96 0 0\n", "w.xyz");
        Assert.Equal([1, 2], f.Topology.Ids);
        Assert.Equal(["H", "O"], f.Topology.SpeciesList);
        Assert.Equal(0.96, f.Positions[3]);
    }

    [Fact]
    public void Atomic_numbers_bracketed_lattice_and_spaces_around_equals_are_understood()
    {
        var f = Read("1\nLattice = [[3, 0, 0], [0, 3, 0], [0, 0, 3]] Properties=Z:I:1:pos:R:3 pbc=[T, T, F]\n29 1 2 3\n");
        Assert.Equal(["Cu"], f.Topology.SpeciesList);
        Assert.Equal(3.0, f.Cell!.Length(2));
        Assert.False(f.Pbc.C);
    }
}
