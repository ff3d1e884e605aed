using SoapLens.IO.Hdf5.Native;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// Entry point to HDF5 files. <see cref="Backend"/> is the libhdf5 binding unless something else
/// (e.g. a managed reader) is installed; everything in SoapLens opens files through it.
/// </summary>
public static class Hdf5Files
{
    private static IHdf5Backend s_backend = new NativeHdf5Backend();

    public static IHdf5Backend Backend
    {
        get => s_backend;
        set => s_backend = value ?? throw new ArgumentNullException(nameof(value));
    }

    public static IHdf5File Open(string path, bool writable = false) => s_backend.Open(path, writable);

    public static IHdf5File Create(string path) => s_backend.Create(path);

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];

    /// <summary>
    /// True when the file carries the HDF5 signature (at byte 0 or a user block of 512·2ⁿ bytes),
    /// whatever its extension. Does not need libhdf5.
    /// </summary>
    public static bool IsHdf5File(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            Span<byte> buf = stackalloc byte[8];
            for (long offset = 0; offset + 8 <= fs.Length; offset = offset == 0 ? 512 : offset * 2)
            {
                fs.Position = offset;
                if (fs.Read(buf) == 8 && buf.SequenceEqual(Signature)) return true;
            }
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>True when libhdf5 can be loaded; <paramref name="problem"/> says why not.</summary>
    public static bool IsAvailable(out string? problem) => Hdf5Library.TryInitialise(out problem);

    /// <summary>Which libhdf5 is in use (version and file).</summary>
    public static string LibraryDescription => Hdf5Library.Describe();
}
