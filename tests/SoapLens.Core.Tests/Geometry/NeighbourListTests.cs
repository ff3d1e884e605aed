using SoapLens.Geometry;

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
    }
}
