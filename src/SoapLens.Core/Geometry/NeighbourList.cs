using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SoapLens.Pipeline;

namespace SoapLens.Geometry;

/// <summary>One neighbour of a query point: the atom's index in the frame and the displacement to it (Å).</summary>
public readonly record struct Neighbour(int Atom, double Dx, double Dy, double Dz, double R2);

/// <summary>
/// Receives the neighbours found by <see cref="NeighbourList.Query{TVisitor}"/>. Implement it on a struct:
/// the call is then specialised and inlined, with no list of results in between.
/// </summary>
public interface INeighbourVisitor
{
    /// <summary>One environment atom image within the cutoff: the atom's index in the frame, the displacement from the query point to it, and its square.</summary>
    void Visit(int atom, double dx, double dy, double dz, double r2);
}

/// <summary>
/// Cell-list neighbour search for one frame: every atom (or periodic image of an atom) of the
/// environment within <see cref="Cutoff"/> (inclusive) of a query point. Periodic images are
/// replicated as explicit ghosts out to the cutoff along each periodic axis, so a cutoff longer
/// than half the cell (or several cells) is handled exactly, as dscribe does; a triclinic cell
/// needs nothing special because ghosts live in Cartesian space. Bins are a cutoff wide, ghosts are
/// stored per axis in bin order, and a query scans, per row of bins along z, only the range the
/// cutoff sphere can reach, testing four distances at a time. Immutable after construction:
/// queries may run on many threads at once (<see cref="Rebuild"/> is the one exception, for
/// callers that own the list).
/// </summary>
public sealed class NeighbourList
{
    private const int MaxBins = 1 << 21;
    // Bin edges are computed in floating point; the row/column pruning uses this slightly larger
    // radius so that a ghost near a bin edge is never skipped. The final test is exact.
    private const double PruneSlackRelative = 1e-12, PruneSlackAbsolute = 1e-9;

    private Cell? _cell;
    private Pbc _pbc;
    private double _cut2;
    private double _prune, _prune2;
    // Ghosts in bin order: coordinates (one array per axis, padded by a vector width so that a
    // vector load may run past the last ghost) and the frame atom they are an image of.
    private const int Pad = 8;
    private double[] _gx = new double[Pad], _gy = new double[Pad], _gz = new double[Pad];
    private int[] _gAtom = [];
    private int[] _binStart = [0, 0]; // CSR offsets, length bins + 1
    private int[] _binOf = [];
    private int _nx = 1, _ny = 1, _nz = 1;
    private double _ox, _oy, _oz, _h = 1, _invH = 1;

    /// <param name="positions">All atoms of the frame, x y z per atom (Å).</param>
    /// <param name="cell">The cell (needed when any axis is periodic).</param>
    /// <param name="pbc">Periodicity along the lattice vectors a, b, c.</param>
    /// <param name="cutoff">Search radius (Å, inclusive).</param>
    /// <param name="environment">Indices of the atoms to search among (empty = all when <paramref name="allAtoms"/>).</param>
    /// <param name="allAtoms">With an empty <paramref name="environment"/>: true = every atom, false = none.</param>
    public NeighbourList(ReadOnlySpan<double> positions, Cell? cell, Pbc pbc, double cutoff, ReadOnlySpan<int> environment = default, bool allAtoms = true)
    {
        Rebuild(positions, cell, pbc, cutoff, environment, allAtoms);
    }

    public double Cutoff { get; private set; }

    /// <summary>Environment atoms plus their periodic images.</summary>
    public int GhostCount { get; private set; }

    /// <summary>
    /// Rebuilds the list for another frame, reusing its buffers (no allocation once they are large
    /// enough). Only for a caller that owns the list: no query may run during the rebuild.
    /// </summary>
    public void Rebuild(ReadOnlySpan<double> positions, Cell? cell, Pbc pbc, double cutoff, ReadOnlySpan<int> environment = default, bool allAtoms = true)
    {
        if (!(cutoff > 0) || !double.IsFinite(cutoff)) throw SoapLensException.Argument($"The cutoff must be a positive number (got {cutoff}).");
        if (positions.Length % 3 != 0) throw SoapLensException.Argument("Positions must hold x y z per atom.");
        if (pbc.Any && (cell is null || cell.IsDegenerate))
            throw SoapLensException.InvalidData("Periodic boundaries need a cell with non-zero volume.");
        _cell = cell;
        _pbc = pbc;
        Cutoff = cutoff;
        _cut2 = ExactSquare(cutoff);
        _prune = cutoff * (1 + PruneSlackRelative) + PruneSlackAbsolute;
        _prune2 = _prune * _prune;

        int nAtoms = positions.Length / 3;
        bool everyAtom = allAtoms && environment.IsEmpty;
        int nEnv = everyAtom ? nAtoms : environment.Length;
        if (!everyAtom)
            foreach (var a in environment)
                if ((uint)a >= (uint)nAtoms) throw SoapLensException.Argument($"Environment index {a} is outside 0..{nAtoms - 1}.");

        // Image ranges along each periodic axis, from the perpendicular widths: a ghost within the
        // cutoff of a point with fractional coordinate in [0, 1] has its coordinate in [-reach, 1 + reach].
        Span<double> reach = stackalloc double[3];
        Span<int> nImg = stackalloc int[3];
        double expectedPerAtom = 1;
        for (int a = 0; a < 3; a++)
        {
            reach[a] = 0; nImg[a] = 0;
            if (!pbc[a]) continue;
            reach[a] = _prune / cell!.PerpendicularWidth(a);
            nImg[a] = (int)Math.Ceiling(reach[a]) + 1;
            expectedPerAtom *= 1 + 2 * reach[a];
        }

        // Ghosts go to a scratch buffer first (sized for the expected image count), then are
        // counting-sorted by bin into the query arrays.
        long cap = (long)Math.Min(int.MaxValue / 4, nEnv * expectedPerAtom * 1.1 + 64);
        var scratch = new GhostScratch(this, cap);
        for (int k = 0; k < nEnv; k++)
        {
            int atom = everyAtom ? k : environment[k];
            double x = positions[3 * atom], y = positions[3 * atom + 1], z = positions[3 * atom + 2];
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(z))
                throw SoapLensException.InvalidData($"Atom index {atom} has a non-finite position.");
            if (!pbc.Any)
            {
                scratch.Add(x, y, z, atom);
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
                        // The image (0,0,0) is computed exactly as Wrap computes a query point, so an
                        // environment atom queried at its own position is found at distance 0.
                        cell.ToCartesian(a0, a1, a2, out var cx, out var cy, out var cz);
                        scratch.Add(cx, cy, cz, atom);
                    }
                }
            }
        }
        scratch.Finish(out var sx, out var sa);
        int ng = sa.Length;
        GhostCount = ng;

        double minX = 0, minY = 0, minZ = 0, maxX = 0, maxY = 0, maxZ = 0;
        if (ng > 0)
        {
            minX = maxX = sx[0]; minY = maxY = sx[1]; minZ = maxZ = sx[2];
            for (int g = 1; g < ng; g++)
            {
                double x = sx[3 * g], y = sx[3 * g + 1], z = sx[3 * g + 2];
                if (x < minX) minX = x; else if (x > maxX) maxX = x;
                if (y < minY) minY = y; else if (y > maxY) maxY = y;
                if (z < minZ) minZ = z; else if (z > maxZ) maxZ = z;
            }
        }
        // Cutoff-wide bins (with vector distance tests, fewer and longer rows beat a tighter fit to
        // the sphere); coarser when the box is sparse (an atom far away along an open axis) so that
        // the bin array stays proportional to the atoms.
        double h = cutoff;
        long maxBins = Math.Clamp(8L * ng, 4096, MaxBins);
        long Bins(double b) => (long)(Math.Floor((maxX - minX) / b) + 1) * (long)(Math.Floor((maxY - minY) / b) + 1) * (long)(Math.Floor((maxZ - minZ) / b) + 1);
        while (Bins(h) > maxBins) h *= 1.5;
        _h = h;
        _invH = 1 / h;
        _ox = minX; _oy = minY; _oz = minZ;
        _nx = (int)Math.Floor((maxX - minX) / h) + 1;
        _ny = (int)Math.Floor((maxY - minY) / h) + 1;
        _nz = (int)Math.Floor((maxZ - minZ) / h) + 1;

        int nb = _nx * _ny * _nz;
        if (_binStart.Length < nb + 1) _binStart = new int[nb + 1];
        else Array.Clear(_binStart, 0, nb + 1);
        if (_binOf.Length < ng) _binOf = new int[Math.Max(ng, _binOf.Length * 2)];
        var binStart = _binStart;
        for (int g = 0; g < ng; g++)
        {
            int b = BinIndex(sx[3 * g], sx[3 * g + 1], sx[3 * g + 2]);
            _binOf[g] = b;
            binStart[b + 1]++;
        }
        for (int b = 0; b < nb; b++) binStart[b + 1] += binStart[b];
        // Counting sort, stable: ghosts keep their generation order inside a bin (deterministic results).
        if (_gAtom.Length < ng)
        {
            int size = Math.Max(ng, _gAtom.Length + _gAtom.Length / 2);
            _gx = new double[size + Pad]; _gy = new double[size + Pad]; _gz = new double[size + Pad]; _gAtom = new int[size];
        }
        var fill = nb <= 4096 ? stackalloc int[nb] : new int[nb];
        fill.Clear();
        for (int g = 0; g < ng; g++)
        {
            int b = _binOf[g];
            int slot = binStart[b] + fill[b]++;
            _gx[slot] = sx[3 * g]; _gy[slot] = sx[3 * g + 1]; _gz[slot] = sx[3 * g + 2];
            _gAtom[slot] = sa[g];
        }
    }

    /// <summary>The largest double s with √s ≤ cutoff, so that r² ≤ s exactly when √r² ≤ cutoff.</summary>
    private static double ExactSquare(double cutoff)
    {
        double s = cutoff * cutoff;
        while (Math.Sqrt(s) > cutoff) s = Math.BitDecrement(s);
        while (Math.Sqrt(Math.BitIncrement(s)) <= cutoff) s = Math.BitIncrement(s);
        return s;
    }

    private int BinIndex(double x, double y, double z)
    {
        int i = Math.Clamp((int)Math.Floor((x - _ox) * _invH), 0, _nx - 1);
        int j = Math.Clamp((int)Math.Floor((y - _oy) * _invH), 0, _ny - 1);
        int k = Math.Clamp((int)Math.Floor((z - _oz) * _invH), 0, _nz - 1);
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
        var v = new ListVisitor(result);
        Query(x, y, z, ref v);
    }

    private readonly struct ListVisitor(List<Neighbour> list) : INeighbourVisitor
    {
        public void Visit(int atom, double dx, double dy, double dz, double r2) => list.Add(new Neighbour(atom, dx, dy, dz, r2));
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> for every environment atom image with |r − point| ≤ cutoff
    /// (the point itself included when it is an environment atom). An atom appears once per image
    /// within the cutoff. Order is deterministic (bin order, then generation order).
    /// </summary>
    public void Query<TVisitor>(double x, double y, double z, ref TVisitor visitor) where TVisitor : struct, INeighbourVisitor
    {
        if (GhostCount == 0) return;
        Wrap(ref x, ref y, ref z);
        double prune = _prune, prune2 = _prune2, cut2 = _cut2, h = _h, invH = _invH;
        int i0 = ClampBin((x - prune - _ox) * invH, _nx), i1 = ClampBin((x + prune - _ox) * invH, _nx);
        int j0 = ClampBin((y - prune - _oy) * invH, _ny), j1 = ClampBin((y + prune - _oy) * invH, _ny);
        var gx = _gx;
        var gy = _gy;
        var gz = _gz;
        var gAtom = _gAtom;
        var binStart = _binStart;
        for (int i = i0; i <= i1; i++)
        {
            double dx2 = GapSquared(x, _ox + i * h, h);
            if (dx2 > prune2) continue;
            for (int j = j0; j <= j1; j++)
            {
                double rem2 = prune2 - dx2 - GapSquared(y, _oy + j * h, h);
                if (rem2 < 0) continue;
                double rem = Math.Sqrt(rem2);
                int k0 = ClampBin((z - rem - _oz) * invH, _nz), k1 = ClampBin((z + rem - _oz) * invH, _nz);
                int row = (i * _ny + j) * _nz;
                int start = binStart[row + k0], end = binStart[row + k1 + 1];
                if (Vector256.IsHardwareAccelerated)
                    ScanVector(start, end, x, y, z, cut2, gx, gy, gz, gAtom, ref visitor);
                else
                    for (int q = start; q < end; q++)
                    {
                        double dx = gx[q] - x, dy = gy[q] - y, dz = gz[q] - z;
                        double r2 = dx * dx + dy * dy + dz * dz;
                        if (r2 <= cut2) visitor.Visit(gAtom[q], dx, dy, dz, r2);
                    }
            }
        }
    }

    /// <summary>
    /// Four distances at a time; the last, partial vector reads into the padding or the next bins and
    /// masks those lanes off. A hit recomputes its displacement in scalar code, which gives the same
    /// bits as the vector lanes (IEEE operations in the same order, no fused multiply-add).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ScanVector<TVisitor>(int start, int end, double x, double y, double z, double cut2,
        double[] gx, double[] gy, double[] gz, int[] gAtom, ref TVisitor visitor) where TVisitor : struct, INeighbourVisitor
    {
        var vx = Vector256.Create(x);
        var vy = Vector256.Create(y);
        var vz = Vector256.Create(z);
        var vc = Vector256.Create(cut2);
        ref double rx = ref MemoryMarshal.GetArrayDataReference(gx);
        ref double ry = ref MemoryMarshal.GetArrayDataReference(gy);
        ref double rz = ref MemoryMarshal.GetArrayDataReference(gz);
        for (int q = start; q < end; q += 4)
        {
            var dx = Vector256.LoadUnsafe(ref rx, (nuint)q) - vx;
            var dy = Vector256.LoadUnsafe(ref ry, (nuint)q) - vy;
            var dz = Vector256.LoadUnsafe(ref rz, (nuint)q) - vz;
            uint mask = Vector256.LessThanOrEqual(dx * dx + dy * dy + dz * dz, vc).ExtractMostSignificantBits();
            int left = end - q;
            if (left < 4) mask &= (1u << left) - 1;
            while (mask != 0)
            {
                int g = q + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                double ex = gx[g] - x, ey = gy[g] - y, ez = gz[g] - z;
                visitor.Visit(gAtom[g], ex, ey, ez, ex * ex + ey * ey + ez * ez);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ClampBin(double scaled, int n) =>
        scaled < 0 ? 0 : scaled >= n - 1 ? n - 1 : (int)scaled;

    /// <summary>Squared distance from <paramref name="p"/> to the interval [lo, lo + h].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GapSquared(double p, double lo, double h)
    {
        double d = p < lo ? lo - p : p > lo + h ? p - lo - h : 0;
        return d * d;
    }

    /// <summary>Growable ghost storage that borrows the list's arrays from the previous build when they are free.</summary>
    private ref struct GhostScratch
    {
        private double[] _xyz;
        private int[] _atom;
        private int _n;

        public GhostScratch(NeighbourList owner, long capacity)
        {
            // The previous build's sorted arrays are overwritten later, so a separate scratch is needed;
            // keep one per list to avoid allocating per frame.
            _xyz = owner._scratchXyz.Length >= 3 * capacity ? owner._scratchXyz : new double[checked((int)(3 * capacity))];
            _atom = owner._scratchAtom.Length >= capacity ? owner._scratchAtom : new int[checked((int)capacity)];
            owner._scratchXyz = _xyz;
            owner._scratchAtom = _atom;
            _owner = owner;
            _n = 0;
        }

        private readonly NeighbourList _owner;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double x, double y, double z, int atom)
        {
            if (_n == _atom.Length) Grow();
            _xyz[3 * _n] = x; _xyz[3 * _n + 1] = y; _xyz[3 * _n + 2] = z;
            _atom[_n++] = atom;
        }

        private void Grow()
        {
            int n = checked(_atom.Length * 2);
            Array.Resize(ref _xyz, checked(3 * n));
            Array.Resize(ref _atom, n);
            _owner._scratchXyz = _xyz;
            _owner._scratchAtom = _atom;
        }

        public readonly void Finish(out ReadOnlySpan<double> xyz, out ReadOnlySpan<int> atoms)
        {
            xyz = _xyz.AsSpan(0, 3 * _n);
            atoms = _atom.AsSpan(0, _n);
        }
    }

    private double[] _scratchXyz = [];
    private int[] _scratchAtom = [];
}
