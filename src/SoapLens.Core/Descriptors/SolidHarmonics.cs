using System.Runtime.CompilerServices;

namespace SoapLens.Descriptors;

/// <summary>
/// Real regular solid harmonics r^l Y_lm(r̂) with orthonormal real spherical harmonics
/// (Y_l0 = N_l0 P_l⁰, Y_{l,±m} = √2 N_lm P_l^m cos/sin mφ, Condon–Shortley phase), evaluated as
/// polynomials in x, y, z by stable recurrences: (x + iy)^m for the azimuthal part and the
/// normalised associated-Legendre recurrence in l for the rest. No trigonometry, no division, and
/// the origin needs no special case (only l = 0 survives there, as SOAP's centre atom requires).
/// The power spectrum sums over m, so it does not depend on the sign or order of the m components
/// (any orthonormal real basis gives the same numbers); the order here is m = −l..l at l² + l + m.
/// </summary>
internal sealed class SolidHarmonics
{
    private readonly int _lMax;
    private readonly double[] _diagonal;   // Q_m^m, m = 0..l_max
    private readonly double[] _first;      // Q_{m+1}^m = first[m]·z·Q_m^m
    private readonly double[] _a, _b;      // Q_l^m = a·z·Q_{l−1}^m − b·r²·Q_{l−2}^m at [l·(l_max+1) + m]

    public SolidHarmonics(int lMax)
    {
        _lMax = lMax;
        int lc = lMax + 1;
        _diagonal = new double[lc];
        _first = new double[lc];
        _a = new double[lc * lc];
        _b = new double[lc * lc];
        _diagonal[0] = 1 / Math.Sqrt(4 * Math.PI);
        if (lMax >= 1) _diagonal[1] = -Math.Sqrt(3 / (4 * Math.PI)); // includes the √2 of m > 0
        for (int m = 2; m <= lMax; m++) _diagonal[m] = -Math.Sqrt((2.0 * m + 1) / (2.0 * m)) * _diagonal[m - 1];
        for (int m = 0; m <= lMax; m++)
        {
            _first[m] = Math.Sqrt(2.0 * m + 3);
            for (int l = m + 2; l <= lMax; l++)
            {
                double lm = l - m, lp = l + m;
                _a[l * lc + m] = Math.Sqrt((2.0 * l + 1) * (2.0 * l - 1) / (lm * lp));
                _b[l * lc + m] = Math.Sqrt((2.0 * l + 1) * (lm - 1) * (lp - 1) / ((2.0 * l - 3) * lm * lp));
            }
        }
    }

    public int LMax => _lMax;

    /// <summary>Number of (l, m) values, (l_max + 1)².</summary>
    public int Count => (_lMax + 1) * (_lMax + 1);

    /// <summary>
    /// Evaluates every harmonic for TV.Count points at once and stores harmonic k of lane j at
    /// <c>destination[k·stride + j]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Evaluate<TV>(TV x, TV y, TV z, TV r2, ref double destination, int stride) where TV : struct, ISimdDouble<TV>
    {
        int lc = _lMax + 1;
        // (x + iy)^m = cm + i·sm
        var cm = TV.Broadcast(1.0);
        var sm = TV.Broadcast(0.0);
        var minusR2 = TV.Subtract(TV.Broadcast(0.0), r2);
        for (int m = 0; m <= _lMax; m++)
        {
            if (m > 0)
            {
                var c = TV.Subtract(TV.Multiply(x, cm), TV.Multiply(y, sm));
                sm = TV.MultiplyAdd(x, sm, TV.Multiply(y, cm));
                cm = c;
            }
            // l = m
            var q2 = TV.Broadcast(_diagonal[m]);
            Put(m, m, q2, cm, sm, ref destination, stride);
            if (m == _lMax) break;
            // l = m + 1
            var q1 = TV.Multiply(TV.Multiply(TV.Broadcast(_first[m]), z), q2);
            Put(m + 1, m, q1, cm, sm, ref destination, stride);
            for (int l = m + 2; l <= _lMax; l++)
            {
                var q = TV.MultiplyAdd(TV.Multiply(TV.Broadcast(_a[l * lc + m]), z), q1,
                    TV.Multiply(TV.Multiply(TV.Broadcast(_b[l * lc + m]), minusR2), q2));
                Put(l, m, q, cm, sm, ref destination, stride);
                q2 = q1;
                q1 = q;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TV>(int l, int m, TV q, TV cm, TV sm, ref double destination, int stride) where TV : struct, ISimdDouble<TV>
    {
        int centre = l * l + l;
        TV.Store(TV.Multiply(q, cm), ref Unsafe.Add(ref destination, (centre + m) * stride));
        if (m > 0) TV.Store(TV.Multiply(q, sm), ref Unsafe.Add(ref destination, (centre - m) * stride));
    }
}
