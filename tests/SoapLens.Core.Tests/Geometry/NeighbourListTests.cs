using SoapLens.Geometry;
using SoapLens.Pipeline;

namespace SoapLens.Tests.Geometry;

public class NeighbourListTests
{
    [Fact]
    public void Finds_all_images_when_the_cutoff_exceeds_the_cell()
    {
        // One atom in a 2 Å cubic cell, cutoff 3 Å: every lattice point within 3 Å of the origin.
        var cell = Cell.Orthorhombic(2, 2, 2);
        var nl = new NeighbourList([0.0, 0.0, 0.0], cell, Pbc.All, 3.0);
        var found = new List<Neighbour>();
        nl.Query(0, 0, 0, found);
        int expected = 0;
        for (int i = -2; i <= 2; i++)
        for (int j = -2; j <= 2; j++)
        for (int k = -2; k <= 2; k++)
            if (4.0 * (i * i + j * j + k * k) <= 9.0 + 1e-12) expected++;
        Assert.Equal(expected, found.Count);
        Assert.Contains(found, n => n.R2 == 0); // the atom itself, at distance 0
    }

    [Theory]
    [InlineData(4.48)]
    [InlineData(6.0)]
    [InlineData(3.1)]
    [InlineData(0.1)]
    public void The_cutoff_is_inclusive_to_the_last_bit(double rc)
    {
        var inside = new NeighbourList([0.0, 0, 0, rc, 0, 0], null, Pbc.None, rc);
        var found = new List<Neighbour>();
        inside.Query(0, 0, 0, found);
        Assert.Equal(2, found.Count);
        var outside = new NeighbourList([0.0, 0, 0, Math.BitIncrement(rc), 0, 0], null, Pbc.None, rc);
        found.Clear();
        outside.Query(0, 0, 0, found);
        Assert.Single(found);
    }

    [Fact]
    public void Minimum_image_wraps_only_periodic_axes()
    {
        var cell = Cell.Orthorhombic(10, 10, 10);
        double dx = 9, dy = -9, dz = 9;
        cell.MinimumImage(ref dx, ref dy, ref dz, new Pbc(true, false, true));
        Assert.Equal(-1, dx, 12);
        Assert.Equal(-9, dy, 12);
        Assert.Equal(-1, dz, 12);
        // No periodicity: nothing changes, even with a degenerate cell.
        var flat = new Cell([1.0, 0, 0, 0, 1, 0, 0, 0, 0]);
        double x = 5, y = 6, z = 7;
        flat.MinimumImage(ref x, ref y, ref z, Pbc.None);
        Assert.Equal((5.0, 6.0, 7.0), (x, y, z));
        Assert.Throws<SoapLensException>(() => flat.MinimumImage(ref x, ref y, ref z, Pbc.All));
    }

    [Fact]
    public void Cell_parameters_round_trip_and_widths_are_plane_distances()
    {
        var cell = Cell.FromParameters(7, 8, 9, 80, 95, 110);
        var p = cell.Parameters;
        Assert.Equal(7, p.A, 12); Assert.Equal(8, p.B, 12); Assert.Equal(9, p.C, 12);
        Assert.Equal(80, p.Alpha, 10); Assert.Equal(95, p.Beta, 10); Assert.Equal(110, p.Gamma, 10);
        // Width along c = height of c above the a-b plane (a, b in the xy plane).
        Assert.Equal(cell.Matrix[8], cell.PerpendicularWidth(2), 12);
        Assert.Equal(Math.Abs(cell.Volume), cell.PerpendicularWidth(0) * Area(cell, 1, 2), 9);
    }

    private static double Area(Cell c, int i, int j)
    {
        var m = c.Matrix;
        double x = m[3 * i + 1] * m[3 * j + 2] - m[3 * i + 2] * m[3 * j + 1];
        double y = m[3 * i + 2] * m[3 * j] - m[3 * i] * m[3 * j + 2];
        double z = m[3 * i] * m[3 * j + 1] - m[3 * i + 1] * m[3 * j];
        return Math.Sqrt(x * x + y * y + z * z);
    }

    [Fact]
    public void Environment_subsets_and_rebuild_give_the_same_answers_as_fresh_lists()
    {
        var rng = new Random(3);
        var cell = Cell.FromParameters(12, 13, 14, 75, 100, 115);
        var pbc = new Pbc(true, true, false);
        var pos1 = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() * 14).ToArray();
        var pos2 = Enumerable.Range(0, 150).Select(_ => rng.NextDouble() * 14 - 3).ToArray();
        int[] env = [1, 5, 7, 20, 33, 49];
        var reused = new NeighbourList(pos1, cell, pbc, 5);
        reused.Rebuild(pos2, cell, Pbc.All, 4, env, allAtoms: false);
        var fresh = new NeighbourList(pos2, cell, Pbc.All, 4, env, allAtoms: false);
        Assert.Equal(fresh.GhostCount, reused.GhostCount);
        Assert.Equal(4, reused.Cutoff);
        var a = new List<Neighbour>();
        var b = new List<Neighbour>();
        for (int i = 0; i < 50; i++)
        {
            a.Clear(); b.Clear();
            reused.Query(pos2[3 * i], pos2[3 * i + 1], pos2[3 * i + 2], a);
            fresh.Query(pos2[3 * i], pos2[3 * i + 1], pos2[3 * i + 2], b);
            Assert.Equal(b, a);
            Assert.All(a, n => Assert.Contains(n.Atom, env));
        }
        var none = new NeighbourList(pos2, cell, Pbc.All, 4, default, allAtoms: false);
        a.Clear();
        none.Query(1, 1, 1, a);
        Assert.Empty(a);
        Assert.Equal(0, none.GhostCount);
    }

    [Fact]
    public void A_far_away_atom_on_an_open_axis_keeps_the_bin_grid_small_and_the_answers_right()
    {
        // Two close atoms and one 1e6 Å away along z: the grid coarsens instead of allocating 1e5 bins per row.
        double[] pos = [0, 0, 0, 1, 0, 0, 0, 0, 1e6];
        var nl = new NeighbourList(pos, Cell.Orthorhombic(10, 10, 10), new Pbc(true, true, false), 2);
        var found = new List<Neighbour>();
        nl.Query(0, 0, 0, found);
        Assert.Equal(2, found.Count(n => n.Atom <= 1));
        found.Clear();
        nl.Query(0, 0, 1e6 + 1.5, found);
        Assert.Single(found);
        Assert.Equal(2, found[0].Atom);
    }

    [Fact]
    public void Bad_input_is_refused_clearly()
    {
        Assert.Throws<SoapLensException>(() => new NeighbourList([0.0, 0, 0], null, Pbc.None, 0));
        Assert.Throws<SoapLensException>(() => new NeighbourList([0.0, 0, 0], null, Pbc.None, double.NaN));
        Assert.Throws<SoapLensException>(() => new NeighbourList([0.0, 0, 0], null, Pbc.All, 1));
        Assert.Throws<SoapLensException>(() => new NeighbourList([0.0, double.NaN, 0], null, Pbc.None, 1));
        Assert.Throws<SoapLensException>(() => new NeighbourList([0.0, 0, 0], null, Pbc.None, 1, [3], allAtoms: false));
    }
}
