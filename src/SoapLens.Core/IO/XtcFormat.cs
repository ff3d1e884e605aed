using System.Buffers.Binary;
using System.Globalization;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// GROMACS .xtc (XDR, big-endian): per frame magic 1995, atom count, step, time (ps), the 3×3 box
/// (nm, rows are the box vectors) and the coordinates, compressed (see <see cref="XtcCodec"/>)
/// or, for at most 9 atoms, as plain floats. Positions become Å as coordinate·10/precision, i.e.
/// the stored integers exactly scaled (no float32 rounding); box, time and uncompressed coordinates
/// are float32 in the file and are taken at their shortest decimal value (3.2f → 32 Å).
/// The file carries no names or ids: they come from -Topology (a .gro or any trajectory file) as
/// in MDAnalysis, the xtc's atoms matched to the topology's atoms in ascending id order (file order
/// for a .gro). Without a topology the atoms get ids 1..N and no species. The box is periodic in
/// every direction; an all-zero box means no cell. Frames are counted cheaply by hopping over the
/// byte counts in the frame headers.
/// </summary>
public sealed class XtcFormat : TrajectoryFormat
{
    private const int Magic = 1995;
    private const int HeaderBytes = 56;       // magic, natoms, step, time, box[9], natoms again
    private const int CompressedHeader = 36;  // precision, minint[3], maxint[3], smallidx, byte count

    public override string Name => "xtc";
    public override IReadOnlyList<string> Extensions { get; } = [".xtc"];

    public override int? CountFramesCheaply(string path, TrajectoryReadOptions options)
    {
        using var f = new XtcFile(path);
        int n = 0;
        while (f.TryReadHeader(n, out var h))
        {
            f.SkipCoordinates(h, n);
            n++;
        }
        return n;
    }

    public override int CountFrames(string path, TrajectoryReadOptions options, CancellationToken cancel) =>
        CountFramesCheaply(path, options)!.Value;

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        var topology = options.TopologyPath is null ? null : TopologyCache.Get(options.TopologyPath);
        using var f = new XtcFile(path);
        var assembler = new FrameAssembler(path, topology: topology);
        string[]? unnamed = null;
        for (int frame = 0; ; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            if (!f.TryReadHeader(frame, out var h)) yield break;
            if (topology is not null && h.Natoms != topology.AtomCount)
                throw new MalformedFileException(path, $"the frame has {h.Natoms} atoms but the topology '{options.TopologyPath}' has {topology.AtomCount}.", null, frame);
            var decision = frameFilter(frame);
            if (decision == FrameDecision.Stop) yield break;
            if (decision == FrameDecision.Skip)
            {
                f.SkipCoordinates(h, frame);
                continue;
            }
            var raw = new RawFrame(h.Natoms);
            f.ReadCoordinates(h, frame, raw.Positions);
            if (topology is not null)
            {
                raw.Ids = topology.Ids;
                raw.Names = topology.Names;
            }
            else
            {
                if (unnamed is null || unnamed.Length != h.Natoms) unnamed = Enumerable.Repeat("X", h.Natoms).ToArray();
                raw.Names = unnamed;
                if (assembler.Topology is null) raw.Species = new string?[h.Natoms];
            }
            raw.Step = h.Step;
            raw.Time = ShortestDecimal(h.Time, 0);
            var box = new double[9];
            bool zero = true;
            for (int k = 0; k < 9; k++) { box[k] = ShortestDecimal(h.Box[k], 1); zero &= box[k] == 0; }
            if (!zero)
            {
                try { raw.Cell = new Cell(box); }
                catch (SoapLensException ex) { throw new MalformedFileException(path, $"bad box: {ex.Message}", null, frame); }
                raw.Pbc = Pbc.All;
            }
            yield return assembler.Assemble(raw, frame);
        }
    }

    /// <summary>The double nearest to the shortest decimal that round-trips <paramref name="f"/>, times 10^shift.</summary>
    internal static double ShortestDecimal(float f, int shift)
    {
        if (!float.IsFinite(f)) return f;
        Span<byte> text = stackalloc byte[32];
        f.TryFormat(text, out int len, "R", CultureInfo.InvariantCulture);
        TextFields.TryParseDouble(text[..len], shift, out var v);
        return v;
    }

    /// <summary>The parsed header of one frame and where its coordinates lie.</summary>
    private struct XtcHeader
    {
        public int Natoms;
        public int Step;
        public float Time;
        public float[] Box;
        public bool Compressed;
        public float Precision;
        public int[] MinInt, MaxInt;
        public int SmallIdx;
        public int ByteCount;
        public long Offset;   // frame start in the file
    }

    /// <summary>Sequential access to the frames of one .xtc file.</summary>
    private sealed class XtcFile : IDisposable
    {
        private readonly FileStream _fs;
        private readonly string _path;
        private readonly long _length;
        private readonly byte[] _head = new byte[HeaderBytes + CompressedHeader];
        private byte[] _data = [];
        private int[] _ints = [];

        public XtcFile(string path)
        {
            _path = path;
            _fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            _length = _fs.Length;
        }

        public bool TryReadHeader(int frame, out XtcHeader h)
        {
            h = default;
            long start = _fs.Position;
            int got = _fs.ReadAtLeast(_head.AsSpan(0, HeaderBytes), HeaderBytes, throwOnEndOfStream: false);
            if (got == 0) return false;
            if (got < HeaderBytes)
                throw new MalformedFileException(_path, $"truncated frame header ({got} of {HeaderBytes} bytes at byte {start}).", null, frame);
            var s = _head.AsSpan();
            int magic = BinaryPrimitives.ReadInt32BigEndian(s);
            if (magic != Magic)
                throw new MalformedFileException(_path, $"bad magic number {magic} at byte {start} (an .xtc frame starts with {Magic}); the file is corrupt or not an .xtc.", null, frame);
            h.Offset = start;
            h.Natoms = BinaryPrimitives.ReadInt32BigEndian(s[4..]);
            h.Step = BinaryPrimitives.ReadInt32BigEndian(s[8..]);
            h.Time = BinaryPrimitives.ReadSingleBigEndian(s[12..]);
            h.Box = new float[9];
            for (int k = 0; k < 9; k++) h.Box[k] = BinaryPrimitives.ReadSingleBigEndian(s[(16 + 4 * k)..]);
            int lsize = BinaryPrimitives.ReadInt32BigEndian(s[52..]);
            if (h.Natoms < 0)
                throw new MalformedFileException(_path, $"negative atom count {h.Natoms} at byte {start}.", null, frame);
            if (lsize != h.Natoms)
                throw new MalformedFileException(_path, $"the coordinate block holds {lsize} atoms but the header says {h.Natoms} (byte {start}).", null, frame);
            h.Compressed = h.Natoms > 9;
            if (!h.Compressed)
            {
                if (start + HeaderBytes + 12L * h.Natoms > _length)
                    throw new MalformedFileException(_path, $"truncated frame: {h.Natoms} uncompressed atoms do not fit in the rest of the file.", null, frame);
                return true;
            }
            got = _fs.ReadAtLeast(_head.AsSpan(HeaderBytes, CompressedHeader), CompressedHeader, throwOnEndOfStream: false);
            if (got < CompressedHeader)
                throw new MalformedFileException(_path, $"truncated frame: the compressed-coordinate header ends after {got} of {CompressedHeader} bytes.", null, frame);
            var c = s[HeaderBytes..];
            h.Precision = BinaryPrimitives.ReadSingleBigEndian(c);
            h.MinInt = [BinaryPrimitives.ReadInt32BigEndian(c[4..]), BinaryPrimitives.ReadInt32BigEndian(c[8..]), BinaryPrimitives.ReadInt32BigEndian(c[12..])];
            h.MaxInt = [BinaryPrimitives.ReadInt32BigEndian(c[16..]), BinaryPrimitives.ReadInt32BigEndian(c[20..]), BinaryPrimitives.ReadInt32BigEndian(c[24..])];
            h.SmallIdx = BinaryPrimitives.ReadInt32BigEndian(c[28..]);
            h.ByteCount = BinaryPrimitives.ReadInt32BigEndian(c[32..]);
            if (!(h.Precision > 0) || !float.IsFinite(h.Precision))
                throw new MalformedFileException(_path, $"bad precision {h.Precision} (byte {start}).", null, frame);
            if (h.ByteCount < 0 || _fs.Position + Pad4(h.ByteCount) > _length)
                throw new MalformedFileException(_path,
                    $"the compressed coordinates claim {h.ByteCount} bytes but the file has {_length - _fs.Position} left (truncated or corrupt frame at byte {start}).", null, frame);
            return true;
        }

        private static long Pad4(int n) => (n + 3L) & ~3L;

        public void SkipCoordinates(in XtcHeader h, int frame)
        {
            long bytes = h.Compressed ? Pad4(h.ByteCount) : 12L * h.Natoms;
            _fs.Seek(bytes, SeekOrigin.Current);
        }

        /// <summary>Reads and decodes the coordinates of the frame whose header was just read, in Å.</summary>
        public void ReadCoordinates(in XtcHeader h, int frame, double[] positions)
        {
            int n = h.Natoms;
            if (!h.Compressed)
            {
                var buf = new byte[12 * n];
                _fs.ReadExactly(buf);
                for (int k = 0; k < 3 * n; k++)
                    positions[k] = ShortestDecimal(BinaryPrimitives.ReadSingleBigEndian(buf.AsSpan(4 * k)), 1);
                return;
            }
            int padded = (int)Pad4(h.ByteCount);
            if (_data.Length < padded + 8) _data = new byte[padded + 8];
            _fs.ReadExactly(_data.AsSpan(0, padded));
            if (_ints.Length < 3 * n) _ints = new int[3 * n];
            try
            {
                XtcCodec.Decompress(_data.AsSpan(0, padded + 8), h.ByteCount, n, h.MinInt, h.MaxInt, h.SmallIdx, _ints);
            }
            catch (InvalidDataException ex)
            {
                throw new MalformedFileException(_path, $"corrupt compressed coordinates: {ex.Message} (frame at byte {h.Offset})", null, frame, ex);
            }
            // x[Å] = i·10/precision: the integer times ten is exact, so one correctly rounded division.
            double precision = h.Precision;
            var ints = _ints;
            for (int k = 0; k < 3 * n; k++) positions[k] = ints[k] * 10.0 / precision;
        }

        public void Dispose() => _fs.Dispose();
    }

    /// <summary>The last topology read (re-reading a trajectory re-opens its topology otherwise).</summary>
    private static class TopologyCache
    {
        private static readonly object s_lock = new();
        private static (string Path, DateTime Modified, long Length, Topology Topology)? s_last;

        public static Topology Get(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new SoapLensException("TopologyNotFound", ErrorKind.ObjectNotFound, $"Cannot find the topology file '{path}'.", path);
            lock (s_lock)
            {
                if (s_last is { } c && c.Path == info.FullName && c.Modified == info.LastWriteTimeUtc && c.Length == info.Length)
                    return c.Topology;
            }
            var top = Trajectory.Open(info.FullName).Topology;
            lock (s_lock) s_last = (info.FullName, info.LastWriteTimeUtc, info.Length, top);
            return top;
        }
    }
}
