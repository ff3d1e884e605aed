using System.Reflection;
using System.Runtime.InteropServices;

namespace SoapLens.IO.Hdf5.Native;

/// <summary>
/// zlib's one-shot compress2/uncompress — the calls libhdf5's deflate filter makes — so chunks can be
/// compressed and inflated on several threads with byte-identical results. Loaded from the zlib
/// libhdf5 itself links; when it is missing SoapLens simply lets libhdf5 compress.
/// </summary>
internal static unsafe class ZLib
{
    private const int Ok = 0;
    private static readonly delegate* unmanaged<byte*, CULong*, byte*, CULong, int, int> s_compress2;
    private static readonly delegate* unmanaged<byte*, CULong*, byte*, CULong, int> s_uncompress;
    private static readonly delegate* unmanaged<CULong, CULong> s_compressBound;

    static ZLib()
    {
        foreach (var name in Candidates())
        {
            if (!NativeLibrary.TryLoad(name, out var h)) continue;
            if (NativeLibrary.TryGetExport(h, "compress2", out var c) && NativeLibrary.TryGetExport(h, "uncompress", out var u)
                && NativeLibrary.TryGetExport(h, "compressBound", out var b))
            {
                s_compress2 = (delegate* unmanaged<byte*, CULong*, byte*, CULong, int, int>)c;
                s_uncompress = (delegate* unmanaged<byte*, CULong*, byte*, CULong, int>)u;
                s_compressBound = (delegate* unmanaged<CULong, CULong>)b;
                Available = true;
                return;
            }
        }
    }

    private static IEnumerable<string> Candidates()
    {
        if (OperatingSystem.IsWindows()) return ["zlib1.dll", "zlib.dll"];
        if (OperatingSystem.IsMacOS()) return ["libz.1.dylib", "libz.dylib"];
        return ["libz.so.1", "libz.so"];
    }

    public static bool Available { get; }

    public static int Bound(int length) => checked((int)s_compressBound(new CULong((nuint)length)).Value);

    /// <summary>Deflates <paramref name="source"/> (zlib format) into <paramref name="destination"/>; returns the compressed length.</summary>
    public static int Compress(ReadOnlySpan<byte> source, Span<byte> destination, int level)
    {
        var n = new CULong((nuint)destination.Length);
        fixed (byte* d = destination)
        fixed (byte* s = source)
        {
            int rc = s_compress2(d, &n, s, new CULong((nuint)source.Length), level);
            if (rc != Ok) throw new InvalidOperationException($"zlib compress2 failed ({rc}).");
        }
        return checked((int)n.Value);
    }

    /// <summary>Inflates into <paramref name="destination"/>; false when the data is not a complete zlib stream of that size.</summary>
    public static bool TryUncompress(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        var n = new CULong((nuint)destination.Length);
        fixed (byte* d = destination)
        fixed (byte* s = source)
        {
            int rc = s_uncompress(d, &n, s, new CULong((nuint)source.Length));
            written = (int)n.Value;
            return rc == Ok;
        }
    }
}
