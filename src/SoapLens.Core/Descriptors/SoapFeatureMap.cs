using System.Globalization;

namespace SoapLens.Descriptors;

/// <summary>How the power-spectrum values of one centre are laid out in a vector.</summary>
public enum SoapLayout
{
    /// <summary>
    /// dscribe's native compressed order (also SOAPify's HDF5 storage): species pairs (Z1 ≤ Z2),
    /// inside a pair l outermost, then n, then n' (n' ≥ n only for a same-species pair).
    /// </summary>
    Dscribe,

    /// <summary>
    /// SOAPify's full layout: every species pair is a full [l][n][n'] block (both halves of a
    /// same-species block written). This is the vector the paper normalises and clusters.
    /// </summary>
    Full,
}

/// <summary>One species pair's features in a layout: [Start, Stop) of the vector.</summary>
public readonly record struct SoapPairSlice(string A, string B, int Start, int Stop)
{
    public int Length => Stop - Start;
    public override string ToString() => $"{A}-{B} [{Start}, {Stop})";
}

/// <summary>
/// The native (dscribe) and full (SOAPify) feature layouts for one (n_max, l_max, species) and the
/// index maps between them. Both directions are pure gathers: <c>full[j] = native[NativeIndexOfFull[j]]</c>
/// and <c>native[k] = full[FullIndexOfNative[k]]</c>. Instances are immutable and cached.
/// </summary>
public sealed class SoapFeatureMap
{
    private static readonly Dictionary<(int, int, string), SoapFeatureMap> s_cache = new();

    private SoapFeatureMap(int nMax, int lMax, string[] species)
    {
        NMax = nMax;
        LMax = lMax;
        Species = species;
        int s = species.Length, lc = lMax + 1, n = nMax;
        int tri = n * (n + 1) / 2;
        var pairs = new List<(int A, int B)>();
        for (int a = 0; a < s; a++)
            for (int b = a; b < s; b++) pairs.Add((a, b));
        Pairs = pairs.ToArray();
        NativeCount = 0;
        var nativeSlices = new SoapPairSlice[pairs.Count];
        var fullSlices = new SoapPairSlice[pairs.Count];
        for (int p = 0; p < pairs.Count; p++)
        {
            var (a, b) = pairs[p];
            int size = (a == b ? tri : n * n) * lc;
            nativeSlices[p] = new SoapPairSlice(species[a], species[b], NativeCount, NativeCount + size);
            fullSlices[p] = new SoapPairSlice(species[a], species[b], p * lc * n * n, (p + 1) * lc * n * n);
            NativeCount += size;
        }
        FullCount = pairs.Count * lc * n * n;
        NativeSlices = nativeSlices;
        FullSlices = fullSlices;
        NativeIndexOfFull = new int[FullCount];
        FullIndexOfNative = new int[NativeCount];
        FullWeightOfNative = new double[NativeCount];
        for (int p = 0; p < pairs.Count; p++)
        {
            bool same = pairs[p].A == pairs[p].B;
            int nativeStart = nativeSlices[p].Start, fullStart = fullSlices[p].Start;
            for (int l = 0; l < lc; l++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        int full = fullStart + (l * n + i) * n + j;
                        int native;
                        if (same)
                        {
                            int lo = Math.Min(i, j), hi = Math.Max(i, j);
                            native = nativeStart + l * tri + lo * n - lo * (lo - 1) / 2 + (hi - lo);
                        }
                        else native = nativeStart + (l * n + i) * n + j;
                        NativeIndexOfFull[full] = native;
                        if (!same || i <= j)
                        {
                            FullIndexOfNative[native] = full;
                            FullWeightOfNative[native] = same && i != j ? 2 : 1;
                        }
                    }
        }
    }

    /// <summary>The map for these parameters (shared instance).</summary>
    public static SoapFeatureMap For(SoapParameters p) => For(p.NMax, p.LMax, p.Species);

    public static SoapFeatureMap For(int nMax, int lMax, IReadOnlyList<string> species)
    {
        var key = (nMax, lMax, string.Join(",", species));
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(key, out var map))
                s_cache[key] = map = new SoapFeatureMap(nMax, lMax, species.ToArray());
            return map;
        }
    }

    public int NMax { get; }
    public int LMax { get; }
    public string[] Species { get; }

    /// <summary>Species pairs (indices into <see cref="Species"/>, A ≤ B) in layout order.</summary>
    public (int A, int B)[] Pairs { get; }

    public int NativeCount { get; }
    public int FullCount { get; }

    public IReadOnlyList<SoapPairSlice> NativeSlices { get; }
    public IReadOnlyList<SoapPairSlice> FullSlices { get; }

    /// <summary>full[j] = native[NativeIndexOfFull[j]] (the gather that builds a full vector).</summary>
    public int[] NativeIndexOfFull { get; }

    /// <summary>native[k] = full[FullIndexOfNative[k]] (the gather that builds a native vector, e.g. to write SOAPify files).</summary>
    public int[] FullIndexOfNative { get; }

    /// <summary>How many times native feature k occurs in the full vector (2 for n ≠ n' of a same-species pair, else 1).</summary>
    public double[] FullWeightOfNative { get; }

    public int Count(SoapLayout layout) => layout == SoapLayout.Full ? FullCount : NativeCount;

    public IReadOnlyList<SoapPairSlice> Slices(SoapLayout layout) => layout == SoapLayout.Full ? FullSlices : NativeSlices;

    /// <summary>Rewrites one vector from layout <paramref name="from"/> to layout <paramref name="to"/>.</summary>
    public void Convert(SoapLayout from, ReadOnlySpan<double> source, SoapLayout to, Span<double> destination)
    {
        if (source.Length != Count(from)) throw new ArgumentException($"A {from} vector has {Count(from)} values, got {source.Length}.");
        if (destination.Length != Count(to)) throw new ArgumentException($"A {to} vector has {Count(to)} values, got {destination.Length}.");
        if (from == to) { source.CopyTo(destination); return; }
        var map = to == SoapLayout.Full ? NativeIndexOfFull : FullIndexOfNative;
        for (int i = 0; i < map.Length; i++) destination[i] = source[map[i]];
    }

    /// <summary>The inner product of the full-layout vectors, whichever layout a and b are in (both the same).</summary>
    public double FullDot(SoapLayout layout, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        if (layout == SoapLayout.Full)
            for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        else
        {
            var w = FullWeightOfNative;
            for (int i = 0; i < a.Length; i++) sum += w[i] * a[i] * b[i];
        }
        return sum;
    }

    /// <summary>‖a − b‖² of the full-layout vectors, whichever layout a and b are in (both the same).</summary>
    public double FullDistanceSquared(SoapLayout layout, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        if (layout == SoapLayout.Full)
            for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; sum += d * d; }
        else
        {
            var w = FullWeightOfNative;
            for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; sum += w[i] * d * d; }
        }
        return sum;
    }

    /// <summary>Feature names such as "Cu-Cu l2 n0 n3" in the given layout.</summary>
    public string[] FeatureNames(SoapLayout layout)
    {
        var names = new string[Count(layout)];
        int n = NMax;
        var fullNames = new string[FullCount];
        for (int p = 0; p < Pairs.Length; p++)
            for (int l = 0; l <= LMax; l++)
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                        fullNames[FullSlices[p].Start + (l * n + i) * n + j] = string.Create(CultureInfo.InvariantCulture,
                            $"{Species[Pairs[p].A]}-{Species[Pairs[p].B]} l{l} n{i} n{j}");
        if (layout == SoapLayout.Full) return fullNames;
        for (int k = 0; k < NativeCount; k++) names[k] = fullNames[FullIndexOfNative[k]];
        return names;
    }
}
