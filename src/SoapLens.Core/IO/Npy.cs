using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>
/// NumPy .npy reader and writer (format versions 1.0–3.0; little-endian numbers, C order;
/// Fortran-ordered files are read and transposed into C order). Written files are version 1.0
/// unless the header needs 2.0, exactly what numpy.save does.
/// </summary>
public static class Npy
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static string Descr(NdType t) => t switch
    {
        NdType.Float64 => "<f8",
        NdType.Float32 => "<f4",
        NdType.Int64 => "<i8",
        NdType.Int32 => "<i4",
        NdType.UInt8 => "|u1",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static void Write(Stream s, NdArray a)
    {
        var shape = a.Rank == 1 ? $"({a.Shape[0]},)" : $"({string.Join(", ", a.Shape)})";
        var dict = $"{{'descr': '{Descr(a.DType)}', 'fortran_order': False, 'shape': {shape}, }}";
        // Header padded with spaces and terminated by '\n' so that data starts on a 64-byte boundary.
        int major = dict.Length + 11 > 65535 ? 2 : 1;
        int pre = major == 1 ? 10 : 12;
        int total = pre + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        var header = dict + new string(' ', pad) + "\n";
        s.Write(Magic);
        s.WriteByte((byte)major);
        s.WriteByte(0);
        Span<byte> len = stackalloc byte[4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(len, (ushort)header.Length);
            s.Write(len[..2]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)header.Length);
            s.Write(len);
        }
        s.Write(Encoding.ASCII.GetBytes(header));
        WriteData(s, a);
    }

    private static void WriteData(Stream s, NdArray a)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Big-endian hosts are not supported.");
        // Write in bounded slices: a single Span over a multi-GB array would overflow int.
        const int chunk = 1 << 20;
        switch (a.Data)
        {
            case double[] d: for (long i = 0; i < d.LongLength; i += chunk) s.Write(MemoryMarshal.AsBytes(d.AsSpan((int)i, (int)Math.Min(chunk, d.LongLength - i)))); break;
            case float[] f: for (long i = 0; i < f.LongLength; i += chunk) s.Write(MemoryMarshal.AsBytes(f.AsSpan((int)i, (int)Math.Min(chunk, f.LongLength - i)))); break;
            case long[] l: for (long i = 0; i < l.LongLength; i += chunk) s.Write(MemoryMarshal.AsBytes(l.AsSpan((int)i, (int)Math.Min(chunk, l.LongLength - i)))); break;
            case int[] n: for (long i = 0; i < n.LongLength; i += chunk) s.Write(MemoryMarshal.AsBytes(n.AsSpan((int)i, (int)Math.Min(chunk, n.LongLength - i)))); break;
            case byte[] b: s.Write(b); break;
            default: throw new InvalidOperationException();
        }
    }

    public static void Save(string path, NdArray a, bool force = true) =>
        AtomicFile.Write(path, force, s => Write(s, a));

    public static NdArray Load(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(fs, path);
    }

    public static NdArray Read(Stream s, string name = "<stream>")
    {
        Span<byte> pre = stackalloc byte[8];
        if (ReadFully(s, pre) < 8 || !pre[..6].SequenceEqual(Magic))
            throw new MalformedFileException(name, "not a NumPy .npy file (bad magic string).");
        int major = pre[6];
        int headerLen;
        Span<byte> len = stackalloc byte[4];
        if (major == 1)
        {
            if (ReadFully(s, len[..2]) < 2) throw new MalformedFileException(name, "truncated .npy header.");
            headerLen = BinaryPrimitives.ReadUInt16LittleEndian(len);
        }
        else if (major is 2 or 3)
        {
            if (ReadFully(s, len) < 4) throw new MalformedFileException(name, "truncated .npy header.");
            headerLen = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(len));
        }
        else throw new MalformedFileException(name, $"unsupported .npy format version {major}.{pre[7]}.");
        var hb = new byte[headerLen];
        if (ReadFully(s, hb) < headerLen) throw new MalformedFileException(name, "truncated .npy header.");
        var header = Encoding.Latin1.GetString(hb);
        var (descr, fortran, shape) = ParseHeader(header, name);
        NdType type = descr switch
        {
            "<f8" or "=f8" => NdType.Float64,
            "<f4" or "=f4" => NdType.Float32,
            "<i8" or "=i8" => NdType.Int64,
            "<i4" or "=i4" => NdType.Int32,
            "|u1" or "<u1" or "|b1" or "|i1" => NdType.UInt8,
            _ => throw new MalformedFileException(name, $"unsupported dtype '{descr}' (expected little-endian float64/float32/int64/int32/uint8)."),
        };
        var a = NdArray.Create(type, shape);
        long bytes = a.Length * NdArray.ElementSize(type);
        ReadData(s, a, bytes, name);
        if (fortran && shape.Length > 1) a = ToCOrder(a);
        return a;
    }

    private static void ReadData(Stream s, NdArray a, long bytes, string name)
    {
        const int chunk = 1 << 22;
        Span<byte> all = a.Data switch
        {
            double[] d => MemoryMarshal.AsBytes(d.AsSpan()),
            float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
            long[] l => MemoryMarshal.AsBytes(l.AsSpan()),
            int[] n => MemoryMarshal.AsBytes(n.AsSpan()),
            byte[] b => b.AsSpan(),
            _ => throw new InvalidOperationException(),
        };
        long read = 0;
        while (read < bytes)
        {
            int want = (int)Math.Min(chunk, bytes - read);
            int got = ReadFully(s, all.Slice((int)read, want));
            if (got < want) throw new MalformedFileException(name, $"truncated data: expected {bytes} bytes for shape {a.ShapeText}, found {read + got}.");
            read += got;
        }
    }

    private static int ReadFully(Stream s, Span<byte> buf)
    {
        int total = 0;
        while (total < buf.Length)
        {
            int n = s.Read(buf[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static (string descr, bool fortran, int[] shape) ParseHeader(string h, string name)
    {
        string? Value(string key)
        {
            int k = h.IndexOf($"'{key}'", StringComparison.Ordinal);
            if (k < 0) return null;
            int c = h.IndexOf(':', k);
            return c < 0 ? null : h[(c + 1)..].TrimStart();
        }
        var d = Value("descr") ?? throw new MalformedFileException(name, "header has no 'descr'.");
        var descr = d[1..d.IndexOf(d[0], 1)];
        var f = Value("fortran_order") ?? "False";
        bool fortran = f.StartsWith("True", StringComparison.Ordinal);
        var sh = Value("shape") ?? throw new MalformedFileException(name, "header has no 'shape'.");
        var inner = sh[1..sh.IndexOf(')')];
        var shape = inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.Parse(x.TrimEnd('L'), CultureInfo.InvariantCulture)).ToArray();
        return (descr, fortran, shape);
    }

    private static NdArray ToCOrder(NdArray f)
    {
        int rank = f.Rank;
        var shape = f.Shape;
        var c = NdArray.Create(f.DType, shape);
        var idx = new int[rank];
        long n = f.Length;
        for (long lin = 0; lin < n; lin++)
        {
            // lin walks C order; compute the Fortran offset of the same multi-index.
            long off = 0, stride = 1;
            for (int k = 0; k < rank; k++) { off += idx[k] * stride; stride *= shape[k]; }
            Array.Copy(f.Data, off, c.Data, lin, 1);
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) break;
                idx[k] = 0;
            }
        }
        return c;
    }
}
