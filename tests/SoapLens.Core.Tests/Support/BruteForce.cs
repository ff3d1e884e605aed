using SoapLens.Geometry;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Support;

/// <summary>
/// O(N²) reference computations that share no code with the cell list: every lattice translation
/// that could bring an image within the cutoff is tried explicitly.
/// </summary>
public static class BruteForce
{
    /// <summary>
    /// Every image of displacement <paramref name="d"/> (x y z, from query to atom) with length ≤ rc:
    /// the displacements, and the smallest | |image| − rc | seen (to spot pairs on the boundary).
    /// </summary>
    public static List<(double X, double Y, double Z)> Images(Cell? cell, Pbc pbc, double dx, double dy, double dz, double rc, ref double closestToCutoff)
    {
        var found = new List<(double, double, double)>();
        double closest = closestToCutoff;
        if (!pbc.Any)
        {
            Consider(dx, dy, dz);
            closestToCutoff = closest;
            return found;
        }
        var m = cell!.Matrix;
        // Fractional coordinates of d by solving with the inverse (Cramer), independent of Cell.ToFractional.
        double det = cell.Volume;
        double fa = (dx * (m[4] * m[8] - m[5] * m[7]) - dy * (m[3] * m[8] - m[5] * m[6]) + dz * (m[3] * m[7] - m[4] * m[6])) / det;
        double fb = -(dx * (m[1] * m[8] - m[2] * m[7]) - dy * (m[0] * m[8] - m[2] * m[6]) + dz * (m[0] * m[7] - m[1] * m[6])) / det;
        double fc = (dx * (m[1] * m[5] - m[2] * m[4]) - dy * (m[0] * m[5] - m[2] * m[3]) + dz * (m[0] * m[4] - m[1] * m[3])) / det;
        int Range(int axis, double f, out int lo)
        {
            if (!pbc[axis]) { lo = 0; return 0; }
            double reach = rc / cell.PerpendicularWidth(axis) + 2;
            lo = (int)Math.Floor(-f - reach);
            return (int)Math.Ceiling(-f + reach);
        }
        int ia1 = Range(0, fa, out int ia0), ib1 = Range(1, fb, out int ib0), ic1 = Range(2, fc, out int ic0);
        for (int i = ia0; i <= ia1; i++)
        for (int j = ib0; j <= ib1; j++)
        for (int k = ic0; k <= ic1; k++)
            Consider(dx + i * m[0] + j * m[3] + k * m[6], dy + i * m[1] + j * m[4] + k * m[7], dz + i * m[2] + j * m[5] + k * m[8]);
        closestToCutoff = closest;
        return found;

        void Consider(double x, double y, double z)
        {
            double r = Math.Sqrt(x * x + y * y + z * z);
            closest = Math.Min(closest, Math.Abs(r - rc));
            if (r <= rc) found.Add((x, y, z));
        }
    }

    /// <summary>Neighbour id-index sets N_i (j ≠ i, some image within rc) of the given centres in one frame.</summary>
    public static HashSet<int>[] NeighbourSets(Frame f, int[] centres, int[] environment, double rc, ref double closestToCutoff)
    {
        var sets = new HashSet<int>[centres.Length];
        var p = f.Positions;
        for (int c = 0; c < centres.Length; c++)
        {
            int i = centres[c];
            sets[c] = new HashSet<int>();
            foreach (int j in environment)
            {
                if (j == i) continue;
                var imgs = Images(f.Cell, f.Pbc, p[3 * j] - p[3 * i], p[3 * j + 1] - p[3 * i + 1], p[3 * j + 2] - p[3 * i + 2], rc, ref closestToCutoff);
                if (imgs.Count > 0) sets[c].Add(j);
            }
        }
        return sets;
    }
}

/// <summary>LENS straight from the definition with hash sets.</summary>
public static class BruteForceLens
{
    public static double[] Compute(IReadOnlyList<Frame> frames, int[] centres, int[] environment, double rc, int delay, out int[] counts) =>
        Compute(frames, centres, environment, rc, delay, out counts, out _);

    public static double[] Compute(IReadOnlyList<Frame> frames, int[] centres, int[] environment, double rc, int delay, out int[] counts, out double closestToCutoff)
    {
        double closest = double.PositiveInfinity;
        var sets = frames.Select(f => BruteForce.NeighbourSets(f, centres, environment, rc, ref closest)).ToArray();
        closestToCutoff = closest;
        int c = centres.Length, t = frames.Count - delay;
        counts = new int[frames.Count * c];
        for (int f = 0; f < frames.Count; f++)
            for (int i = 0; i < c; i++) counts[f * c + i] = sets[f][i].Count;
        var values = new double[c * t];
        for (int i = 0; i < c; i++)
            for (int k = 0; k < t; k++)
            {
                var a = sets[k][i];
                var b = sets[k + delay][i];
                var sym = new HashSet<int>(a);
                sym.SymmetricExceptWith(b);
                int total = a.Count + b.Count;
                values[i * t + k] = total == 0 ? 0 : (double)sym.Count / total;
            }
        return values;
    }
}
