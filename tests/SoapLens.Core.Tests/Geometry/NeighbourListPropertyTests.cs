using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SoapLens.Geometry;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Geometry;

/// <summary>The cell list and the minimum image against brute force on random triclinic systems.</summary>
public class NeighbourListPropertyTests
{
    private const double Tol = 1e-9;

    [Property(MaxTest = 150)]
    public Property Cell_list_finds_exactly_the_images_brute_force_finds()
    {
        return Prop.ForAll(RandomSystem.Arbitrary(1), sys =>
        {
            var f = sys.Frames[0];
            var nl = new NeighbourList(f.Positions, f.Cell, f.Pbc, sys.Cutoff, sys.Environment, allAtoms: false);
            var queries = new List<(double, double, double)>();
            for (int i = 0; i < sys.Atoms; i++) queries.Add((f.Positions[3 * i], f.Positions[3 * i + 1], f.Positions[3 * i + 2]));
            for (int i = 0; i < 3; i++) queries.Add((sys.Extra[3 * i], sys.Extra[3 * i + 1], sys.Extra[3 * i + 2]));
            var found = new List<Neighbour>();
            foreach (var (x, y, z) in queries)
            {
                found.Clear();
                nl.Query(x, y, z, found);
                double closest = double.PositiveInfinity;
                var expected = new List<(int Atom, double X, double Y, double Z)>();
                foreach (int j in sys.Environment)
                    foreach (var d in BruteForce.Images(f.Cell, f.Pbc, f.Positions[3 * j] - x, f.Positions[3 * j + 1] - y, f.Positions[3 * j + 2] - z, sys.Cutoff, ref closest))
                        expected.Add((j, d.X, d.Y, d.Z));
                if (closest < Tol) continue; // an image on the cutoff sphere: either answer is right
                Assert.True(expected.Count == found.Count, $"{sys}: query ({x}, {y}, {z}) finds {found.Count} images, brute force {expected.Count}");
                var used = new bool[found.Count];
                foreach (var e in expected)
                {
                    int k = found.FindIndex(n => n.Atom == e.Atom && Math.Abs(n.Dx - e.X) < Tol && Math.Abs(n.Dy - e.Y) < Tol && Math.Abs(n.Dz - e.Z) < Tol);
                    while (k >= 0 && used[k])
                    {
                        int next = found.FindIndex(k + 1, n => n.Atom == e.Atom && Math.Abs(n.Dx - e.X) < Tol && Math.Abs(n.Dy - e.Y) < Tol && Math.Abs(n.Dz - e.Z) < Tol);
                        k = next;
                    }
                    Assert.True(k >= 0, $"{sys}: image of atom {e.Atom} at ({e.X}, {e.Y}, {e.Z}) from ({x}, {y}, {z}) missing");
                    used[k] = true;
                    var n = found[k];
                    Assert.Equal(n.Dx * n.Dx + n.Dy * n.Dy + n.Dz * n.Dz, n.R2);
                }
            }
        });
    }

    [Property(MaxTest = 200)]
    public Property Minimum_image_is_the_shortest_lattice_translate()
    {
        return Prop.ForAll(RandomSystem.Arbitrary(1), sys =>
        {
            var f = sys.Frames[0];
            if (!f.Pbc.Any) return;
            var p = f.Positions;
            for (int i = 0; i + 1 < sys.Atoms; i++)
            {
                double dx = p[3 * i + 3] - p[3 * i], dy = p[3 * i + 4] - p[3 * i + 1], dz = p[3 * i + 5] - p[3 * i + 2];
                double mx = dx, my = dy, mz = dz;
                sys.Cell.MinimumImage(ref mx, ref my, ref mz, f.Pbc);
                // Brute force over a generous window of translations.
                double best = double.PositiveInfinity;
                double r0 = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                double ignored = 0;
                foreach (var img in BruteForce.Images(sys.Cell, f.Pbc, dx, dy, dz, r0 + 1e-9, ref ignored))
                    best = Math.Min(best, Math.Sqrt(img.X * img.X + img.Y * img.Y + img.Z * img.Z));
                double got = Math.Sqrt(mx * mx + my * my + mz * mz);
                Assert.True(Math.Abs(got - best) < 1e-9, $"{sys}: |minimum image| {got} but a translate of length {best} exists");
                // The result differs from d by a lattice vector along periodic axes only.
                sys.Cell.ToFractional(mx - dx, my - dy, mz - dz, out var fa, out var fb, out var fc);
                double[] fr = [fa, fb, fc];
                for (int a = 0; a < 3; a++)
                {
                    Assert.True(Math.Abs(fr[a] - Math.Round(fr[a])) < 1e-9, $"{sys}: not a lattice translation along axis {a}");
                    if (!f.Pbc[a]) Assert.True(Math.Abs(fr[a]) < 1e-9, $"{sys}: moved along open axis {a}");
                }
            }
        });
    }
}
