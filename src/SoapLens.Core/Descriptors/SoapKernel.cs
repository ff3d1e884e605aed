using System.Buffers;

namespace SoapLens.Descriptors;

/// <summary>
/// The linear SOAP kernel and distance of the paper: k(a, b) = a·b / (‖a‖‖b‖) and
/// d(a, b) = √(2 − 2k) ∈ [0, 2], always evaluated with the inner product of the full-layout vectors
/// (so a Dscribe-layout vector gives the same numbers as its Full-layout gather). The distance is
/// computed as ‖â − b̂‖, which equals √(2 − 2k) for unit vectors but keeps full relative precision
/// for the small distances of tSOAP. A zero vector normalises to zero; its kernel with anything is 0
/// and its distance √2 (as in SOAPify).
/// </summary>
public static class SoapKernel
{
    /// <summary>Normalised inner product of two vectors of the same layout.</summary>
    public static double Cosine(SoapFeatureMap map, SoapLayout layout, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ab = map.FullDot(layout, a, b);
        double aa = map.FullDot(layout, a, a), bb = map.FullDot(layout, b, b);
        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 0;
    }

    /// <summary>The SOAP distance of two vectors of the same layout (normalised here).</summary>
    public static double Distance(SoapFeatureMap map, SoapLayout layout, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var buffer = ArrayPool<double>.Shared.Rent(2 * a.Length);
        try
        {
            var ua = buffer.AsSpan(0, a.Length);
            var ub = buffer.AsSpan(a.Length, b.Length);
            Normalize(map, layout, a, ua);
            Normalize(map, layout, b, ub);
            return UnitDistance(map, layout, ua, ub);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>The SOAP distance of two vectors already normalised with <see cref="Normalize"/>.</summary>
    public static double UnitDistance(SoapFeatureMap map, SoapLayout layout, ReadOnlySpan<double> unitA, ReadOnlySpan<double> unitB)
    {
        if (IsZero(unitA) || IsZero(unitB)) return Math.Sqrt(2);
        return Math.Sqrt(map.FullDistanceSquared(layout, unitA, unitB));
    }

    /// <summary>√(2 − 2k), clamped at 0 against rounding above k = 1.</summary>
    public static double DistanceFromCosine(double k) => Math.Sqrt(Math.Max(0, 2 - 2 * k));

    /// <summary>Writes a / ‖a‖ (full-layout norm) into <paramref name="destination"/>; a zero vector stays zero.</summary>
    public static void Normalize(SoapFeatureMap map, SoapLayout layout, ReadOnlySpan<double> a, Span<double> destination)
    {
        double norm = Math.Sqrt(map.FullDot(layout, a, a));
        double inv = norm > 0 ? 1 / norm : 0;
        for (int i = 0; i < a.Length; i++) destination[i] = a[i] * inv;
    }

    private static bool IsZero(ReadOnlySpan<double> v) => v.IndexOfAnyExcept(0.0) < 0;
}
