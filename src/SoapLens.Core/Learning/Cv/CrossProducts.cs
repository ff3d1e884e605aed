using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoapLens.Learning.Cv;

/// <summary>
/// The cross-product kernel behind every covariance here: S += X·Yᵀ where X and Y hold one feature
/// per row and one sample per column (a transposed tile of samples), so each entry is a dot
/// product over contiguous memory. A 2×4 register tile of SIMD accumulators keeps the loads per
/// multiply low; the accumulation order depends only on the tile, never on the thread count.
/// </summary>
internal static class CrossProducts
{
    /// <summary>Rows of X/Y are padded to a multiple of this.</summary>
    public const int FeaturePad = 4;

    public static int SamplePad => Vector<double>.Count;

    public static int PadFeatures(int d) => (d + FeaturePad - 1) / FeaturePad * FeaturePad;

    public static int PadSamples(int t) => (t + SamplePad - 1) / SamplePad * SamplePad;

    /// <summary>
    /// S[i, j] += Σ_t X[i, t]·Y[j, t] for i, j &lt; d. X, Y: dPad × len (len a multiple of the vector
    /// width, padding zero). With <paramref name="upperOnly"/> only entries with j ≥ i are guaranteed
    /// (call <see cref="MirrorUpper"/> once the sum is complete).
    /// </summary>
    public static void Accumulate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int d, int dPad, int len, Span<double> s, bool upperOnly)
    {
        if (Fma.IsSupported && Vector<double>.Count == Vector256<double>.Count)
        {
            AccumulateFma(x, y, d, dPad, len, s, upperOnly);
            return;
        }
        for (int i0 = 0; i0 < dPad; i0 += 2)
        {
            var xr0 = MemoryMarshal.Cast<double, Vector<double>>(x.Slice(i0 * len, len));
            var xr1 = MemoryMarshal.Cast<double, Vector<double>>(x.Slice((i0 + 1) * len, len));
            int jStart = upperOnly ? i0 / FeaturePad * FeaturePad : 0;
            for (int j0 = jStart; j0 < dPad; j0 += 4)
            {
                var y0 = MemoryMarshal.Cast<double, Vector<double>>(y.Slice(j0 * len, len));
                var y1 = MemoryMarshal.Cast<double, Vector<double>>(y.Slice((j0 + 1) * len, len));
                var y2 = MemoryMarshal.Cast<double, Vector<double>>(y.Slice((j0 + 2) * len, len));
                var y3 = MemoryMarshal.Cast<double, Vector<double>>(y.Slice((j0 + 3) * len, len));
                Vector<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector<double> a10 = default, a11 = default, a12 = default, a13 = default;
                for (int t = 0; t < xr0.Length; t++)
                {
                    var p = xr0[t];
                    var q = xr1[t];
                    var b0 = y0[t];
                    var b1 = y1[t];
                    var b2 = y2[t];
                    var b3 = y3[t];
                    a00 += p * b0; a01 += p * b1; a02 += p * b2; a03 += p * b3;
                    a10 += q * b0; a11 += q * b1; a12 += q * b2; a13 += q * b3;
                }
                Store(s, d, i0, j0, a00, a01, a02, a03);
                Store(s, d, i0 + 1, j0, a10, a11, a12, a13);
            }
        }
    }

    /// <summary>The same tile loop with fused multiply-adds (x86 FMA3): half the arithmetic instructions.</summary>
    private static void AccumulateFma(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int d, int dPad, int len, Span<double> s, bool upperOnly)
    {
        for (int i0 = 0; i0 < dPad; i0 += 2)
        {
            var xr0 = MemoryMarshal.Cast<double, Vector256<double>>(x.Slice(i0 * len, len));
            var xr1 = MemoryMarshal.Cast<double, Vector256<double>>(x.Slice((i0 + 1) * len, len));
            int jStart = upperOnly ? i0 / FeaturePad * FeaturePad : 0;
            for (int j0 = jStart; j0 < dPad; j0 += 4)
            {
                var y0 = MemoryMarshal.Cast<double, Vector256<double>>(y.Slice(j0 * len, len));
                var y1 = MemoryMarshal.Cast<double, Vector256<double>>(y.Slice((j0 + 1) * len, len));
                var y2 = MemoryMarshal.Cast<double, Vector256<double>>(y.Slice((j0 + 2) * len, len));
                var y3 = MemoryMarshal.Cast<double, Vector256<double>>(y.Slice((j0 + 3) * len, len));
                Vector256<double> a00 = default, a01 = default, a02 = default, a03 = default;
                Vector256<double> a10 = default, a11 = default, a12 = default, a13 = default;
                for (int t = 0; t < xr0.Length; t++)
                {
                    var p = xr0[t];
                    var q = xr1[t];
                    var b0 = y0[t];
                    var b1 = y1[t];
                    var b2 = y2[t];
                    var b3 = y3[t];
                    a00 = Fma.MultiplyAdd(p, b0, a00); a01 = Fma.MultiplyAdd(p, b1, a01);
                    a02 = Fma.MultiplyAdd(p, b2, a02); a03 = Fma.MultiplyAdd(p, b3, a03);
                    a10 = Fma.MultiplyAdd(q, b0, a10); a11 = Fma.MultiplyAdd(q, b1, a11);
                    a12 = Fma.MultiplyAdd(q, b2, a12); a13 = Fma.MultiplyAdd(q, b3, a13);
                }
                Store(s, d, i0, j0, a00.AsVector(), a01.AsVector(), a02.AsVector(), a03.AsVector());
                Store(s, d, i0 + 1, j0, a10.AsVector(), a11.AsVector(), a12.AsVector(), a13.AsVector());
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<double> s, int d, int i, int j0, Vector<double> a0, Vector<double> a1, Vector<double> a2, Vector<double> a3)
    {
        if (i >= d) return;
        var row = s.Slice(i * d, d);
        if (j0 < d) row[j0] += Vector.Sum(a0);
        if (j0 + 1 < d) row[j0 + 1] += Vector.Sum(a1);
        if (j0 + 2 < d) row[j0 + 2] += Vector.Sum(a2);
        if (j0 + 3 < d) row[j0 + 3] += Vector.Sum(a3);
    }

    /// <summary>Copies the upper triangle onto the lower one.</summary>
    public static void MirrorUpper(Span<double> s, int d)
    {
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++) s[j * d + i] = s[i * d + j];
    }
}
