using System.Buffers.Binary;
using System.Numerics;
using SoapLens.IO;

namespace SoapLens.Tests.Support;

/// <summary>
/// A test-only encoder of the xdr3dfcoord stream, written from the published format rather than from
/// our decoder, so that paths the sample files never take can be checked: coordinate ranges above
/// 2^24 (three separate bit fields), packed numbers wider than 64 bits, runs of up to nine small
/// atoms, run lengths carried over by a 0 flag, and the small-integer index drifting both ways.
/// It does not search for the best compression: the caller says how atoms are grouped.
/// </summary>
internal static class XtcTestEncoder
{
    /// <summary>One group: a large atom, the small atoms that follow it (0..9) and the index drift after it.</summary>
    public sealed record Group(int[] Large, int[][] Small, int Drift);

    /// <summary>
    /// Random groups whose coordinates fit the small-integer radix in force at each group.
    /// <paramref name="span"/>: range of the large atoms per axis (the packed range is about that).
    /// </summary>
    public static (List<Group> Groups, int[] Coords) RandomFrame(Random rng, int groups, long[] span, int smallidx, long[]? offset = null)
    {
        var list = new List<Group>();
        var coords = new List<int>();
        int idx = smallidx;
        for (int g = 0; g < groups; g++)
        {
            int m = XtcCodec.Magic(idx), half = m / 2;
            var large = new int[3];
            for (int d = 0; d < 3; d++)
                large[d] = checked((int)((offset?[d] ?? 0) + 20L * half + (long)(rng.NextDouble() * span[d])));
            int k = rng.Next(4) == 0 ? 0 : rng.Next(1, 10);
            var small = new int[k][];
            var prev = large;
            for (int j = 0; j < k; j++)
            {
                var c = new int[3];
                for (int d = 0; d < 3; d++) c[d] = prev[d] + rng.Next(m) - half;
                small[j] = c;
                prev = c;
            }
            int drift = rng.Next(3) - 1;
            if (idx + drift < XtcCodec.FirstIdx || idx + drift >= XtcCodec.LastIdx) drift = 0;
            idx += drift;
            list.Add(new Group(large, small, drift));
            // Decoded order: the first small atom, the large one, then the other small atoms.
            if (k > 0) coords.AddRange(small[0]);
            coords.AddRange(large);
            for (int j = 1; j < k; j++) coords.AddRange(small[j]);
        }
        return (list, coords.ToArray());
    }

    /// <summary>Encodes the groups; returns the stream with minint, maxint (from the coordinates) and the stream length.</summary>
    public static (byte[] Data, int[] MinInt, int[] MaxInt) Encode(IReadOnlyList<Group> groups, int[] coords, int smallidx)
    {
        var minint = new int[3];
        var maxint = new int[3];
        for (int d = 0; d < 3; d++)
        {
            minint[d] = int.MaxValue;
            maxint[d] = int.MinValue;
            for (int i = d; i < coords.Length; i += 3)
            {
                minint[d] = Math.Min(minint[d], coords[i]);
                maxint[d] = Math.Max(maxint[d], coords[i]);
            }
        }
        var sizes = new long[3];
        for (int d = 0; d < 3; d++) sizes[d] = (long)maxint[d] - minint[d] + 1;
        bool large = sizes.Any(s => s > 0xffffff);
        int packedBits = (int)(new BigInteger(sizes[0]) * sizes[1] * sizes[2]).GetBitLength();

        var w = new BitWriter();
        int idx = smallidx, prevRun = -1;
        foreach (var g in groups)
        {
            if (large)
                for (int d = 0; d < 3; d++) w.Write((int)new BigInteger(sizes[d]).GetBitLength(), (ulong)(g.Large[d] - minint[d]));
            else
                WritePacked(w, packedBits, sizes, [g.Large[0] - minint[0], g.Large[1] - minint[1], g.Large[2] - minint[2]]);
            int run = 3 * g.Small.Length;
            if (run != prevRun || g.Drift != 0)
            {
                w.Write(1, 1);
                w.Write(5, (ulong)(run + g.Drift + 1));
                prevRun = run;
            }
            else w.Write(1, 0);
            int m = XtcCodec.Magic(idx), half = m / 2;
            var prev = g.Large;
            foreach (var c in g.Small)
            {
                WritePacked(w, idx, [m, m, m], [c[0] - prev[0] + half, c[1] - prev[1] + half, c[2] - prev[2] + half]);
                prev = c;
            }
            idx += g.Drift;
        }
        return (w.ToArray(), minint, maxint);
    }

    /// <summary>sendints: the mixed-radix number (first value most significant) as little-endian bytes in <paramref name="bits"/> bits.</summary>
    private static void WritePacked(BitWriter w, int bits, long[] sizes, long[] values)
    {
        for (int d = 0; d < 3; d++)
            if (values[d] < 0 || values[d] >= sizes[d]) throw new ArgumentOutOfRangeException(nameof(values), $"value {values[d]} outside radix {sizes[d]}");
        var n = (new BigInteger(values[0]) * sizes[1] + values[1]) * sizes[2] + values[2];
        for (; bits > 8; bits -= 8, n >>= 8) w.Write(8, (ulong)(n & 0xff));
        w.Write(bits, (ulong)n);
    }

    /// <summary>A whole .xtc frame (natoms > 9, compressed) as XDR.</summary>
    public static byte[] Frame(int step, float time, float[] boxNm, float precision, IReadOnlyList<Group> groups, int[] coords, int smallidx)
    {
        var (data, minint, maxint) = Encode(groups, coords, smallidx);
        int natoms = coords.Length / 3, padded = (data.Length + 3) / 4 * 4;
        var b = new byte[92 + padded];
        var s = b.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(s, 1995);
        BinaryPrimitives.WriteInt32BigEndian(s[4..], natoms);
        BinaryPrimitives.WriteInt32BigEndian(s[8..], step);
        BinaryPrimitives.WriteSingleBigEndian(s[12..], time);
        for (int i = 0; i < 9; i++) BinaryPrimitives.WriteSingleBigEndian(s[(16 + 4 * i)..], boxNm[i]);
        BinaryPrimitives.WriteInt32BigEndian(s[52..], natoms);
        BinaryPrimitives.WriteSingleBigEndian(s[56..], precision);
        for (int d = 0; d < 3; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(s[(60 + 4 * d)..], minint[d]);
            BinaryPrimitives.WriteInt32BigEndian(s[(72 + 4 * d)..], maxint[d]);
        }
        BinaryPrimitives.WriteInt32BigEndian(s[84..], smallidx);
        BinaryPrimitives.WriteInt32BigEndian(s[88..], data.Length);
        data.CopyTo(s[92..]);
        return b;
    }

    /// <summary>MSB-first bit stream (sendbits).</summary>
    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private int _used; // bits used in the last byte

        public void Write(int bits, ulong value)
        {
            for (int i = bits - 1; i >= 0; i--)
            {
                if (_used == 0) _bytes.Add(0);
                if (((value >> i) & 1) != 0) _bytes[^1] |= (byte)(0x80 >> _used);
                _used = (_used + 1) & 7;
            }
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
