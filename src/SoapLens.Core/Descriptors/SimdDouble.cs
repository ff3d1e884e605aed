using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoapLens.Descriptors;

/// <summary>
/// A vector of doubles the SOAP kernels are written against once: 512-bit (AVX-512), 256-bit
/// (AVX2 + FMA) or a plain scalar. Generic code over a struct implementing it is specialised by
/// the JIT, so there is no call overhead. Every operation, the exponential included, is the same
/// sequence of correctly rounded IEEE steps in each width, so the three give identical numbers.
/// </summary>
internal interface ISimdDouble<TSelf> where TSelf : struct, ISimdDouble<TSelf>
{
    static abstract int Count { get; }
    static abstract TSelf Load(ref double source);
    static abstract void Store(TSelf value, ref double destination);
    static abstract TSelf Broadcast(double x);
    static abstract TSelf Add(TSelf a, TSelf b);
    static abstract TSelf Subtract(TSelf a, TSelf b);
    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>e^x, within about one ulp; 0 below −708.</summary>
    static abstract TSelf Exp(TSelf x);
}

/// <summary>
/// The steps of the vector exponential shared by every width, so that all agree bit for bit:
/// e^x = 2^k · e^r with k = round(x/ln2), r = x − k·ln2 (Cody–Waite split, |r| ≤ ln2/2) and e^r
/// by its Taylor polynomial to degree 13 (remainder below 5e-18), evaluated with FMAs. Arguments
/// below −708 are raised to −708 (e^−708 ≈ 3e-308), which keeps every result a normal number so
/// that the final scaling by 2^k is exact in every width.
/// </summary>
internal static class ExpConstants
{
    // Round to nearest integer by adding 1.5·2^52: the integer then sits in the low mantissa bits.
    public const double Magic = 6755399441055744.0;
    public const double Log2E = 1.4426950408889634;
    // ln 2 split so that k·Ln2Hi is exact for |k| < 2^20.
    public const double Ln2Hi = 0.693147180369123816490;
    public const double Ln2Lo = 1.90821492927058770002e-10;
    public const double MinArgument = -708.0;

    /// <summary>Returns e^r for the reduced argument; <paramref name="k"/> is round(x/ln2) as a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Reduce<TV>(TV x, out TV k) where TV : struct, ISimdDouble<TV>
    {
        var magic = TV.Broadcast(Magic);
        k = TV.Subtract(TV.MultiplyAdd(x, TV.Broadcast(Log2E), magic), magic);
        var r = TV.MultiplyAdd(k, TV.Broadcast(-Ln2Hi), x);
        r = TV.MultiplyAdd(k, TV.Broadcast(-Ln2Lo), r);
        var p = TV.Broadcast(1.0 / 6227020800.0);
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 479001600.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 39916800.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 3628800.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 362880.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 40320.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 5040.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 720.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 120.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 24.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0 / 6.0));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(0.5));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.0));
        return TV.MultiplyAdd(p, r, TV.Broadcast(1.0));
    }
}

internal struct SimdScalar : ISimdDouble<SimdScalar>
{
    public double V;
    public SimdScalar(double v) => V = v;
    public static int Count => 1;
    public static SimdScalar Load(ref double source) => new(source);
    public static void Store(SimdScalar value, ref double destination) => destination = value.V;
    public static SimdScalar Broadcast(double x) => new(x);
    public static SimdScalar Add(SimdScalar a, SimdScalar b) => new(a.V + b.V);
    public static SimdScalar Subtract(SimdScalar a, SimdScalar b) => new(a.V - b.V);
    public static SimdScalar Multiply(SimdScalar a, SimdScalar b) => new(a.V * b.V);
    public static SimdScalar MultiplyAdd(SimdScalar a, SimdScalar b, SimdScalar c) => new(Math.FusedMultiplyAdd(a.V, b.V, c.V));

    public static SimdScalar Exp(SimdScalar x)
    {
        var p = ExpConstants.Reduce(new SimdScalar(Math.Max(x.V, ExpConstants.MinArgument)), out var k);
        return new(Math.ScaleB(p.V, (int)k.V));
    }
}

internal struct Simd256 : ISimdDouble<Simd256>
{
    public Vector256<double> V;
    public Simd256(Vector256<double> v) => V = v;
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx2.IsSupported;
    public static int Count => 4;
    public static Simd256 Load(ref double source) => new(Vector256.LoadUnsafe(ref source));
    public static void Store(Simd256 value, ref double destination) => value.V.StoreUnsafe(ref destination);
    public static Simd256 Broadcast(double x) => new(Vector256.Create(x));
    public static Simd256 Add(Simd256 a, Simd256 b) => new(a.V + b.V);
    public static Simd256 Subtract(Simd256 a, Simd256 b) => new(a.V - b.V);
    public static Simd256 Multiply(Simd256 a, Simd256 b) => new(a.V * b.V);
    public static Simd256 MultiplyAdd(Simd256 a, Simd256 b, Simd256 c) => new(Fma.MultiplyAdd(a.V, b.V, c.V));

    public static Simd256 Exp(Simd256 x)
    {
        var magic = Vector256.Create(ExpConstants.Magic);
        var p = ExpConstants.Reduce(new Simd256(Vector256.Max(x.V, Vector256.Create(ExpConstants.MinArgument))), out var k).V;
        // k is integral and small: its int64 value sits in the low bits of k + magic.
        var ki = (k.V + magic).AsInt64() - magic.AsInt64();
        return new((p.AsInt64() + Vector256.ShiftLeft(ki, 52)).AsDouble());
    }
}

internal struct Simd512 : ISimdDouble<Simd512>
{
    public Vector512<double> V;
    public Simd512(Vector512<double> v) => V = v;
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    public static int Count => 8;
    public static Simd512 Load(ref double source) => new(Vector512.LoadUnsafe(ref source));
    public static void Store(Simd512 value, ref double destination) => value.V.StoreUnsafe(ref destination);
    public static Simd512 Broadcast(double x) => new(Vector512.Create(x));
    public static Simd512 Add(Simd512 a, Simd512 b) => new(a.V + b.V);
    public static Simd512 Subtract(Simd512 a, Simd512 b) => new(a.V - b.V);
    public static Simd512 Multiply(Simd512 a, Simd512 b) => new(a.V * b.V);
    public static Simd512 MultiplyAdd(Simd512 a, Simd512 b, Simd512 c) => new(Avx512F.FusedMultiplyAdd(a.V, b.V, c.V));

    public static Simd512 Exp(Simd512 x)
    {
        var p = ExpConstants.Reduce(new Simd512(Avx512F.Max(x.V, Vector512.Create(ExpConstants.MinArgument))), out var k).V;
        return new(Avx512F.Scale(p, k.V)); // p·2^k, exact: the result is a normal number
    }
}
