namespace SoapLens.Data;

/// <summary>
/// (frame, atom id) packed into one long, with a hash that mixes both halves. long's own hash is
/// low ^ high = atom ^ frame, which for frames 0..F and atoms 1..A takes only ~max(F, A) values:
/// a dictionary of 10⁵–10⁶ rows then degrades to long collision chains (seconds instead of milliseconds).
/// </summary>
public static class RowKey
{
    public static long Of(int frame, int atomId) => ((long)frame << 32) | (uint)atomId;

    /// <summary>The comparer to give every Dictionary/HashSet keyed by <see cref="Of"/>.</summary>
    public static IEqualityComparer<long> Comparer { get; } = new MixingComparer();

    private sealed class MixingComparer : IEqualityComparer<long>
    {
        public bool Equals(long x, long y) => x == y;

        // Fibonacci hashing: multiply by 2^64/φ and keep the high bits, which depend on every input bit.
        public int GetHashCode(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15UL) >> 32);
    }
}
