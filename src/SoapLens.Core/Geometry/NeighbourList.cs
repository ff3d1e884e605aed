using SoapLens.Pipeline;

namespace SoapLens.Geometry;

/// <summary>One neighbour of a query point: the atom's index in the frame and the displacement to it (Å).</summary>
public readonly record struct Neighbour(int Atom, double Dx, double Dy, double Dz, double R2);

/// <summary>
/// Cell-list neighbour search for one frame: every atom (or periodic image of an atom) of the
/// environment within <see cref="Cutoff"/> (inclusive) of a query point. Periodic images are
/// replicated as explicit ghosts out to the cutoff along each periodic axis, so a cutoff longer
/// than half the cell (or several cells) is handled exactly, as dscribe does; a triclinic cell
/// needs nothing special because ghosts live in Cartesian space. Immutable after construction:
/// queries may run on many threads at once.
/// </summary>
public sealed class NeighbourList
{
    private const int MaxBins = 1 << 21;
    private readonly Cell? _cell;
    private readonly Pbc _pbc;
    private readonly double _cut2;
    // Ghosts in bin order: coordinates and the frame atom they are an image of.
    private readonly double[] _gx, _gy, _gz;
    private readonly int[] _gAtom;
    private readonly int[] _binStart; // CSR offsets, length bins + 1
    private readonly int _nx, _ny, _nz;
    private readonly double _ox, _oy, _oz, _binSize;

    /// <param name="positions">All atoms of the frame, x y z per atom (Å).</param>
    /// <param name="environment">Indices of the atoms to search among (null = all).</param>
    public NeighbourList(ReadOnlySpan<double> positions, Cell? cell, Pbc pbc, double cutoff, ReadOnlySpan<int> environment = default, bool allAtoms = true)
    {
        if (!(cutoff > 0) || !double.IsFinite(cutoff)) throw SoapLensException.Argument($"The cutoff must be a positive number (got {cutoff}).");
        if (pbc.Any && (cell is null || cell.IsDegenerate))
            throw SoapLensException.InvalidData("Periodic boundaries need a cell with non-zero volume.");
        _cell = cell;
        _pbc = pbc;
        Cutoff = cutoff;
        _cut2 = cutoff * cutoff;

        int nAtoms = positions.Length / 3;
        bool everyAtom = allAtoms && environment.IsEmpty;
        int nEnv = everyAtom ? nAtoms : environment.Length;

        // Image ranges along each periodic axis, from the perpendicular widths.
        var reach = new double[3];
        var nImg = new int[3];
        for (int a = 0; a < 3; a++)
        {
            if (!pbc[a]) continue;
            reach[a] = cutoff / cell!.PerpendicularWidth(a);
            nImg[a] = (int)Math.Ceiling(reach[a]) + 1;
        }

        var gx = new List<double>(nEnv * 2);
        var gy = new List<double>(nEnv * 2);
        var gz = new List<double>(nEnv * 2);
        var ga = new List<int>(nEnv * 2);
        for (int k = 0; k < nEnv; k++)
        {
            int atom = everyAtom ? k : environment[k];
            double x = positions[3 * atom], y = positions[3 * atom + 1], z = positions[3 * atom + 2];
            if (!pbc.Any)
            {
                gx.Add(x); gy.Add(y); gz.Add(z); ga.Add(atom);
                continue;
            }
            cell!.ToFractional(x, y, z, out var f0, out var f1, out var f2);
            if (pbc.A) f0 -= Math.Floor(f0);
            if (pbc.B) f1 -= Math.Floor(f1);
            if (pbc.C) f2 -= Math.Floor(f2);
            for (int i = -nImg[0]; i <= nImg[0]; i++)
            {
                double a0 = f0 + i;
                if (pbc.A && (a0 < -reach[0] || a0 > 1 + reach[0])) continue;
                for (int j = -nImg[1]; j <= nImg[1]; j++)
                {
                    double a1 = f1 + j;
                    if (pbc.B && (a1 < -reach[1] || a1 > 1 + reach[1])) continue;
                    for (int l = -nImg[2]; l <= nImg[2]; l++)
                    {
                        double a2 = f2 + l;
                        if (pbc.C && (a2 < -reach[2] || a2 > 1 + reach[2])) continue;
                        cell.ToCartesian(a0, a1, a2, out var cx, out var cy, out var cz);
                        gx.Add(cx); gy.Add(cy); gz.Add(cz); ga.Add(atom);
                    }
                }
            }
        }

        int ng = gx.Count;
        GhostCount = ng;
        double minX = double.MaxValue, minY = double.MaxValue, minZ = double.MaxValue;
        double maxX = double.MinValue, maxY = double.MinValue, maxZ = double.MinValue;
        for (int g = 0; g < ng; g++)
        {
            minX = Math.Min(minX, gx[g]); maxX = Math.Max(maxX, gx[g]);
            minY = Math.Min(minY, gy[g]); maxY = Math.Max(maxY, gy[g]);
            minZ = Math.Min(minZ, gz[g]); maxZ = Math.Max(maxZ, gz[g]);
        }
        if (ng == 0) { minX = minY = minZ = 0; maxX = maxY = maxZ = 0; }
        double bin = cutoff;
        long Bins(double b) => (long)(Math.Floor((maxX - minX) / b) + 1) * (long)(Math.Floor((maxY - minY) / b) + 1) * (long)(Math.Floor((maxZ - minZ) / b) + 1);
        while (Bins(bin) > MaxBins) bin *= 1.5;
        _binSize = bin;
        _ox = minX; _oy = minY; _oz = minZ;
        _nx = (int)Math.Floor((maxX - minX) / bin) + 1;
        _ny = (int)Math.Floor((maxY - minY) / bin) + 1;
        _nz = (int)Math.Floor((maxZ - minZ) / bin) + 1;

        int nb = _nx * _ny * _nz;
        _binStart = new int[nb + 1];
        var binOf = new int[ng];
        for (int g = 0; g < ng; g++)
        {
            int b = BinIndex(gx[g], gy[g], gz[g]);
            binOf[g] = b;
            _binStart[b + 1]++;
        }
        for (int b = 0; b < nb; b++) _binStart[b + 1] += _binStart[b];
        var fill = new int[nb];
        _gx = new double[ng]; _gy = new double[ng]; _gz = new double[ng]; _gAtom = new int[ng];
        for (int g = 0; g < ng; g++)
        {
            int b = binOf[g];
            int slot = _binStart[b] + fill[b]++;
            _gx[slot] = gx[g]; _gy[slot] = gy[g]; _gz[slot] = gz[g]; _gAtom[slot] = ga[g];
        }
    }

    public double Cutoff { get; }

    /// <summary>Environment atoms plus their periodic images.</summary>
    public int GhostCount { get; }

    private int BinIndex(double x, double y, double z)
    {
        int i = Math.Clamp((int)Math.Floor((x - _ox) / _binSize), 0, _nx - 1);
        int j = Math.Clamp((int)Math.Floor((y - _oy) / _binSize), 0, _ny - 1);
        int k = Math.Clamp((int)Math.Floor((z - _oz) / _binSize), 0, _nz - 1);
        return (i * _ny + j) * _nz + k;
    }

    /// <summary>Maps a point into the same periodic frame as the ghosts (wrapped along periodic axes).</summary>
    public void Wrap(ref double x, ref double y, ref double z)
    {
        if (!_pbc.Any) return;
        _cell!.ToFractional(x, y, z, out var f0, out var f1, out var f2);
        if (_pbc.A) f0 -= Math.Floor(f0);
        if (_pbc.B) f1 -= Math.Floor(f1);
        if (_pbc.C) f2 -= Math.Floor(f2);
        _cell.ToCartesian(f0, f1, f2, out x, out y, out z);
    }

    /// <summary>
    /// Appends to <paramref name="result"/> every environment atom image with |r − point| ≤ cutoff
    /// (the point itself included when it is an environment atom: R = 0). Order is deterministic.
    /// </summary>
    public void Query(double x, double y, double z, List<Neighbour> result)
    {
        Wrap(ref x, ref y, ref z);
        double fx = (x - _ox) / _binSize, fy = (y - _oy) / _binSize, fz = (z - _oz) / _binSize;
        int ci = (int)Math.Floor(fx), cj = (int)Math.Floor(fy), ck = (int)Math.Floor(fz);
        int i0 = Math.Max(ci - 1, 0), i1 = Math.Min(ci + 1, _nx - 1);
        int j0 = Math.Max(cj - 1, 0), j1 = Math.Min(cj + 1, _ny - 1);
        int k0 = Math.Max(ck - 1, 0), k1 = Math.Min(ck + 1, _nz - 1);
        for (int i = i0; i <= i1; i++)
        for (int j = j0; j <= j1; j++)
        {
            int rowBase = (i * _ny + j) * _nz;
            int start = _binStart[rowBase + k0], end = _binStart[rowBase + k1 + 1];
            for (int g = start; g < end; g++)
            {
                double dx = _gx[g] - x, dy = _gy[g] - y, dz = _gz[g] - z;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 <= _cut2) result.Add(new Neighbour(_gAtom[g], dx, dy, dz, r2));
            }
        }
    }
}
