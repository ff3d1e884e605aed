namespace SoapLens.Learning;

/// <summary>
/// NumPy's legacy <c>RandomState(seed)</c> stream (MT19937, init_genrand seeding), so that a
/// SoapLens seed draws the same numbers as scikit-learn's <c>random_state</c>: <see cref="RandInt"/>
/// is <c>randint(high)</c> (masked rejection sampling on 32-bit outputs) and <see cref="NextDouble"/>
/// is <c>random_sample()</c>/<c>uniform()</c> (53-bit, two outputs). With the same algorithm on top,
/// k-means++ and the mixture initialisation pick the same points as scikit-learn 1.2.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    public uint NextUInt32()
    {
        if (_index >= N) Generate();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    private void Generate()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits (numpy's random_sample).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>An integer in [0, high) as numpy's legacy randint(high).</summary>
    public long RandInt(long high)
    {
        if (high <= 0) throw new ArgumentOutOfRangeException(nameof(high));
        ulong rng = (ulong)(high - 1);
        if (rng == 0) return 0;
        ulong mask = rng;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        if (rng <= 0xFFFFFFFFUL)
        {
            if (rng == 0xFFFFFFFFUL) return NextUInt32();
            ulong v;
            while ((v = NextUInt32() & mask) > rng) { }
            return (long)v;
        }
        ulong w;
        while ((w = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > rng) { }
        return (long)w;
    }
}
