using System.Buffers.Binary;

namespace SoapLens.IO;

/// <summary>
/// Decoder of the GROMACS/xdrfile compressed-coordinate stream (xdr3dfcoord), written from the
/// published algorithm: the first atom of each group is coded as three integers in mixed radix
/// (sizes maxint − minint + 1) or, for large ranges, as three bit fields; a flag bit and a 5-bit
/// run length then announce up to ten "small" atoms coded relative to the previous one with a
/// radix taken from the magicints table, whose index drifts up or down by one per group. The first
/// small atom of a run is swapped with the large one (better for water). Malformed streams throw
/// <see cref="InvalidDataException"/>; the caller adds file and frame.
/// </summary>
internal static class XtcCodec
{
    private static readonly int[] MagicInts =
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 12, 16, 20, 25, 32, 40, 50, 64,
        80, 101, 128, 161, 203, 256, 322, 406, 512, 645, 812, 1024, 1290,
        1625, 2048, 2580, 3250, 4096, 5060, 6501, 8192, 10321, 13003,
        16384, 20642, 26007, 32768, 41285, 52015, 65536, 82570, 104031,
        131072, 165140, 208063, 262144, 330280, 416127, 524287, 660561,
        832255, 1048576, 1321122, 1664510, 2097152, 2642245, 3329021,
        4194304, 5284491, 6658042, 8388607, 10568983, 13316085, 16777216,
    ];

    public const int FirstIdx = 9;
    public static int LastIdx => MagicInts.Length;

    /// <summary>Entry <paramref name="index"/> of the magicints table (the radix of small atoms at that index).</summary>
    public static int Magic(int index) => MagicInts[index];

    /// <summary>Bits needed for a value below <paramref name="size"/> (sizeofint).</summary>
    private static int SizeOfInt(long size)
    {
        long num = 1;
        int bits = 0;
        while (size >= num && bits < 32) { bits++; num <<= 1; }
        return bits;
    }

    /// <summary>Bits needed for three values in mixed radix <paramref name="sizes"/> (sizeofints).</summary>
    private static int SizeOfInts(ReadOnlySpan<uint> sizes)
    {
        Span<uint> bytes = stackalloc uint[32];
        int nBytes = 1;
        bytes[0] = 1;
        foreach (uint size in sizes)
        {
            uint tmp = 0;
            int b;
            for (b = 0; b < nBytes; b++)
            {
                tmp = bytes[b] * size + tmp;
                bytes[b] = tmp & 0xff;
                tmp >>= 8;
            }
            while (tmp != 0)
            {
                bytes[b++] = tmp & 0xff;
                tmp >>= 8;
            }
            nBytes = b;
        }
        int bits = 0;
        uint num = 1;
        nBytes--;
        while (bytes[nBytes] >= num) { bits++; num *= 2; }
        return bits + nBytes * 8;
    }

    /// <summary>
    /// Decodes <paramref name="natoms"/> atoms into <paramref name="coords"/> (x y z integers, in
    /// units of 1/precision). <paramref name="data"/> must hold the stream followed by 8 spare bytes
    /// (any value) so that bit reads near the end need no bounds juggling; <paramref name="dataLength"/>
    /// is the stream length proper.
    /// </summary>
    public static void Decompress(ReadOnlySpan<byte> data, int dataLength, int natoms, ReadOnlySpan<int> minint, ReadOnlySpan<int> maxint,
        int smallidx, Span<int> coords)
    {
        if (coords.Length < 3 * natoms) throw new ArgumentException("coords is too short.");
        Span<uint> sizeint = stackalloc uint[3];
        Span<int> bitsizeint = stackalloc int[3];
        bool large = false;
        for (int d = 0; d < 3; d++)
        {
            long s = (long)maxint[d] - minint[d] + 1;
            if (s <= 0 || s > uint.MaxValue) throw new InvalidDataException($"the coordinate range (minint {minint[d]}, maxint {maxint[d]}) is invalid.");
            sizeint[d] = (uint)s;
            if (s > 0xffffff) large = true;
        }
        int bitsize = 0;
        if (large)
            for (int d = 0; d < 3; d++) bitsizeint[d] = SizeOfInt(sizeint[d]);
        else
            bitsize = SizeOfInts(sizeint);

        if (smallidx < FirstIdx || smallidx >= LastIdx)
            throw new InvalidDataException($"the initial small-integer index {smallidx} is outside {FirstIdx}..{LastIdx - 1}.");
        int smaller = MagicInts[Math.Max(FirstIdx, smallidx - 1)] / 2;
        int smallnum = MagicInts[smallidx] / 2;
        uint sizesmall = (uint)MagicInts[smallidx];

        var bits = new BitReader(data, dataLength);
        int i = 0, o = 0, run = 0;
        int mx = minint[0], my = minint[1], mz = minint[2];
        while (i < natoms)
        {
            int x, y, z;
            if (large)
            {
                x = bits.Read(bitsizeint[0]);
                y = bits.Read(bitsizeint[1]);
                z = bits.Read(bitsizeint[2]);
            }
            else bits.ReadInts(bitsize, sizeint[0], sizeint[1], sizeint[2], out x, out y, out z);
            i++;
            int px = x + mx, py = y + my, pz = z + mz;

            int isSmaller = 0;
            if (bits.Read(1) == 1)
            {
                // The run length persists to later groups until another flag bit sets it.
                run = bits.Read(5);
                isSmaller = run % 3;
                run -= isSmaller;
                isSmaller--;
            }
            if (run > 0)
            {
                if (i + run / 3 > natoms)
                    throw new InvalidDataException($"a run of {run / 3} small atoms after atom {i} overruns the {natoms} atoms of the frame.");
                for (int k = 0; k < run; k += 3)
                {
                    bits.ReadInts(smallidx, sizesmall, sizesmall, sizesmall, out int sx, out int sy, out int sz);
                    i++;
                    sx += px - smallnum;
                    sy += py - smallnum;
                    sz += pz - smallnum;
                    if (k == 0)
                    {
                        // The first small atom was stored before the large one: write it first.
                        coords[o++] = sx; coords[o++] = sy; coords[o++] = sz;
                        coords[o++] = px; coords[o++] = py; coords[o++] = pz;
                        px = sx; py = sy; pz = sz;
                    }
                    else
                    {
                        px = sx; py = sy; pz = sz;
                        coords[o++] = sx; coords[o++] = sy; coords[o++] = sz;
                    }
                }
            }
            else
            {
                coords[o++] = px; coords[o++] = py; coords[o++] = pz;
            }
            smallidx += isSmaller;
            if (smallidx < FirstIdx || smallidx >= LastIdx)
                throw new InvalidDataException($"the small-integer index drifted to {smallidx}, outside {FirstIdx}..{LastIdx - 1} (at atom {i}).");
            if (isSmaller < 0)
            {
                smallnum = smaller;
                smaller = smallidx > FirstIdx ? MagicInts[smallidx - 1] / 2 : 0;
            }
            else if (isSmaller > 0)
            {
                smaller = smallnum;
                smallnum = MagicInts[smallidx] / 2;
            }
            sizesmall = (uint)MagicInts[smallidx];
        }
    }

    /// <summary>
    /// Reads an MSB-first bit stream (receivebits) through a 64-bit big-endian window: up to 32
    /// bits per call, one unaligned load and two shifts.
    /// </summary>
    private ref struct BitReader
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly long _bitLength;
        private long _bit;

        public BitReader(ReadOnlySpan<byte> data, int length)
        {
            if (data.Length < length + 8) throw new ArgumentException("The stream needs 8 spare bytes.");
            _data = data;
            _bitLength = 8L * length;
            _bit = 0;
        }

        public int Read(int n)
        {
            if (n <= 0) return 0;
            if (_bit + n > _bitLength)
                throw new InvalidDataException($"the compressed coordinates end early (bit {_bit} of {_bitLength}).");
            ulong w = BinaryPrimitives.ReadUInt64BigEndian(_data.Slice((int)(_bit >> 3), 8));
            uint v = (uint)((w << (int)(_bit & 7)) >> (64 - n));
            _bit += n;
            return (int)v;
        }

        /// <summary>
        /// Three integers packed in mixed radix (receiveints): the bytes of the packed number come
        /// least significant first, each read as 8 bits, the last one with the remaining bits.
        /// </summary>
        public void ReadInts(int nbits, uint s0, uint s1, uint s2, out int a, out int b, out int c)
        {
            if (nbits <= 64)
            {
                ulong num = 0;
                int shift = 0;
                while (nbits > 8) { num |= (ulong)(uint)Read(8) << shift; shift += 8; nbits -= 8; }
                if (nbits > 0) num |= (ulong)(uint)Read(nbits) << shift;
                c = (int)(num % s2); num /= s2;
                b = (int)(num % s1); num /= s1;
                a = (int)num;
            }
            else
            {
                UInt128 num = 0;
                int shift = 0;
                while (nbits > 8) { num |= (UInt128)(uint)Read(8) << shift; shift += 8; nbits -= 8; }
                if (nbits > 0) num |= (UInt128)(uint)Read(nbits) << shift;
                c = (int)(uint)(num % s2); num /= s2;
                b = (int)(uint)(num % s1); num /= s1;
                a = (int)(uint)num;
            }
        }
    }
}
