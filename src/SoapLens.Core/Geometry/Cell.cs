using SoapLens.Pipeline;

namespace SoapLens.Geometry;

/// <summary>Per-axis periodic boundary flags (along lattice vectors a, b, c).</summary>
public readonly record struct Pbc(bool A, bool B, bool C)
{
    public static readonly Pbc None = new(false, false, false);
    public static readonly Pbc All = new(true, true, true);
    public bool this[int axis] => axis switch { 0 => A, 1 => B, 2 => C, _ => throw new ArgumentOutOfRangeException(nameof(axis)) };
    public bool Any => A || B || C;
    public override string ToString() => $"{(A ? 'T' : 'F')} {(B ? 'T' : 'F')} {(C ? 'T' : 'F')}";
}

/// <summary>
/// A simulation cell: three lattice vectors (rows of <see cref="Matrix"/>, Å), triclinic allowed.
/// Immutable; the inverse is computed once.
/// </summary>
public sealed class Cell
{
    private readonly double[] _m;   // row-major 3x3, rows = a, b, c
    private readonly double[] _inv; // inverse of _m: frac = cart · inv
    private readonly double[] _width; // perpendicular widths (0 for a degenerate cell)

    public Cell(ReadOnlySpan<double> rowMajor3x3)
    {
        if (rowMajor3x3.Length != 9) throw new ArgumentException("A cell needs 9 numbers.");
        _m = rowMajor3x3.ToArray();
        foreach (var v in _m)
            if (!double.IsFinite(v)) throw SoapLensException.InvalidData("Cell vectors contain NaN or Inf.");
        Volume = Det(_m);
        _inv = Math.Abs(Volume) > 1e-12 ? Inverse(_m, Volume) : new double[9];
        _width = new double[3];
        for (int a = 0; a < 3; a++) _width[a] = ComputeWidth(a);
    }

    public static Cell Orthorhombic(double a, double b, double c) => new([a, 0, 0, 0, b, 0, 0, 0, c]);

    /// <summary>Builds a cell from lengths (Å) and angles (degrees) as ASE/MDAnalysis do: a along x, b in the xy plane.</summary>
    public static Cell FromParameters(double a, double b, double c, double alpha, double beta, double gamma)
    {
        double ca = CosDeg(alpha), cb = CosDeg(beta), cg = CosDeg(gamma), sg = SinDeg(gamma);
        double cx = c * cb;
        double cy = c * (ca - cb * cg) / sg;
        double cz2 = c * c - cx * cx - cy * cy;
        double cz = cz2 > 0 ? Math.Sqrt(cz2) : 0;
        return new Cell([a, 0, 0, b * cg, b * sg, 0, cx, cy, cz]);
    }

    // Exact values for right angles keep orthogonal boxes free of 1e-16 off-diagonal noise.
    private static double CosDeg(double d) => Math.Abs(d - 90) < 1e-10 ? 0 : Math.Cos(d * Math.PI / 180);
    private static double SinDeg(double d) => Math.Abs(d - 90) < 1e-10 ? 1 : Math.Sin(d * Math.PI / 180);

    public ReadOnlySpan<double> Matrix => _m;
    public double Volume { get; }
    public bool IsDegenerate => Math.Abs(Volume) < 1e-9;

    public bool IsOrthorhombic =>
        _m[1] == 0 && _m[2] == 0 && _m[3] == 0 && _m[5] == 0 && _m[6] == 0 && _m[7] == 0;

    public double Length(int axis) => Math.Sqrt(_m[3 * axis] * _m[3 * axis] + _m[3 * axis + 1] * _m[3 * axis + 1] + _m[3 * axis + 2] * _m[3 * axis + 2]);

    /// <summary>(a, b, c, α, β, γ) in Å and degrees.</summary>
    public (double A, double B, double C, double Alpha, double Beta, double Gamma) Parameters
    {
        get
        {
            double a = Length(0), b = Length(1), c = Length(2);
            double Angle(int i, int j, double li, double lj)
            {
                double dot = _m[3 * i] * _m[3 * j] + _m[3 * i + 1] * _m[3 * j + 1] + _m[3 * i + 2] * _m[3 * j + 2];
                return Math.Acos(Math.Clamp(dot / (li * lj), -1, 1)) * 180 / Math.PI;
            }
            return (a, b, c, Angle(1, 2, b, c), Angle(0, 2, a, c), Angle(0, 1, a, b));
        }
    }

    /// <summary>Distance between the two lattice planes spanned by the other two vectors (the cell's width along axis).</summary>
    public double PerpendicularWidth(int axis) => _width[axis];

    private double ComputeWidth(int axis)
    {
        // width_i = V / |a_j × a_k|: a fractional step of 1 along axis i moves a point this far from the
        // lattice planes of the other two vectors, so |Δf_i| ≤ |d| / width_i for any displacement d.
        int j = (axis + 1) % 3, k = (axis + 2) % 3;
        double x = _m[3 * j + 1] * _m[3 * k + 2] - _m[3 * j + 2] * _m[3 * k + 1];
        double y = _m[3 * j + 2] * _m[3 * k] - _m[3 * j] * _m[3 * k + 2];
        double z = _m[3 * j] * _m[3 * k + 1] - _m[3 * j + 1] * _m[3 * k];
        double area = Math.Sqrt(x * x + y * y + z * z);
        return area > 0 ? Math.Abs(Volume) / area : 0;
    }

    public void ToFractional(double x, double y, double z, out double fa, out double fb, out double fc)
    {
        fa = x * _inv[0] + y * _inv[3] + z * _inv[6];
        fb = x * _inv[1] + y * _inv[4] + z * _inv[7];
        fc = x * _inv[2] + y * _inv[5] + z * _inv[8];
    }

    public void ToCartesian(double fa, double fb, double fc, out double x, out double y, out double z)
    {
        x = fa * _m[0] + fb * _m[3] + fc * _m[6];
        y = fa * _m[1] + fb * _m[4] + fc * _m[7];
        z = fa * _m[2] + fb * _m[5] + fc * _m[8];
    }

    /// <summary>
    /// Minimum-image displacement along periodic axes (non-periodic axes keep their component).
    /// Rounding the fractional components is exact for orthogonal axes; for a skewed cell the rounded
    /// vector of length r is only a candidate, and every lattice translation that could be shorter is
    /// tried: a vector of length ≤ r has |f_a| ≤ r / width_a along each axis, which bounds the search,
    /// so the result is exact for any triclinic cell (not only for the 27 neighbouring images).
    /// Ties keep the first vector found (translations in ascending order), so the result is deterministic.
    /// </summary>
    public void MinimumImage(ref double dx, ref double dy, ref double dz, Pbc pbc)
    {
        if (!pbc.Any) return;
        if (IsDegenerate) throw SoapLensException.InvalidData("Periodic boundaries need a cell with non-zero volume.");
        ToFractional(dx, dy, dz, out var fa, out var fb, out var fc);
        if (pbc.A) fa -= Math.Round(fa);
        if (pbc.B) fb -= Math.Round(fb);
        if (pbc.C) fc -= Math.Round(fc);
        ToCartesian(fa, fb, fc, out var bx, out var by, out var bz);
        if (!IsOrthorhombic)
        {
            double best = bx * bx + by * by + bz * bz;
            double r = Math.Sqrt(best);
            double reachA = r / _width[0] * (1 + 1e-12) + 1e-12;
            double reachB = r / _width[1] * (1 + 1e-12) + 1e-12;
            double reachC = r / _width[2] * (1 + 1e-12) + 1e-12;
            int i0 = pbc.A ? (int)Math.Ceiling(-reachA - fa) : 0, i1 = pbc.A ? (int)Math.Floor(reachA - fa) : 0;
            int j0 = pbc.B ? (int)Math.Ceiling(-reachB - fb) : 0, j1 = pbc.B ? (int)Math.Floor(reachB - fb) : 0;
            int k0 = pbc.C ? (int)Math.Ceiling(-reachC - fc) : 0, k1 = pbc.C ? (int)Math.Floor(reachC - fc) : 0;
            for (int i = i0; i <= i1; i++)
            for (int j = j0; j <= j1; j++)
            for (int k = k0; k <= k1; k++)
            {
                if (i == 0 && j == 0 && k == 0) continue;
                ToCartesian(fa + i, fb + j, fc + k, out var x, out var y, out var z);
                double r2 = x * x + y * y + z * z;
                if (r2 < best) { best = r2; bx = x; by = y; bz = z; }
            }
        }
        dx = bx; dy = by; dz = bz;
    }

    public override string ToString()
    {
        var p = Parameters;
        return IsOrthorhombic
            ? $"{p.A:0.###} x {p.B:0.###} x {p.C:0.###} Å"
            : $"{p.A:0.###} {p.B:0.###} {p.C:0.###} Å, {p.Alpha:0.##}° {p.Beta:0.##}° {p.Gamma:0.##}°";
    }

    private static double Det(double[] m) =>
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

    private static double[] Inverse(double[] m, double det)
    {
        var r = new double[9];
        r[0] = (m[4] * m[8] - m[5] * m[7]) / det;
        r[1] = (m[2] * m[7] - m[1] * m[8]) / det;
        r[2] = (m[1] * m[5] - m[2] * m[4]) / det;
        r[3] = (m[5] * m[6] - m[3] * m[8]) / det;
        r[4] = (m[0] * m[8] - m[2] * m[6]) / det;
        r[5] = (m[2] * m[3] - m[0] * m[5]) / det;
        r[6] = (m[3] * m[7] - m[4] * m[6]) / det;
        r[7] = (m[1] * m[6] - m[0] * m[7]) / det;
        r[8] = (m[0] * m[4] - m[1] * m[3]) / det;
        return r;
    }
}
