using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SoapLens.Pipeline;

namespace SoapLens.IO.Hdf5.Native;

/// <summary>
/// Finds and initialises libhdf5: a DllImport resolver probes the usual Linux layouts (Debian's
/// serial build, plain libhdf5.so, versioned sonames found by listing the library folders, conda,
/// Homebrew), H5open runs once, the predefined type and property-class ids (global variables in the
/// library) are read, and the C library's own error printing is switched off per thread so errors
/// reach the user as exceptions instead of stderr noise. All calls into the library are serialised
/// with <see cref="Sync"/>: not every libhdf5 build is thread-safe.
/// </summary>
internal static unsafe class Hdf5Library
{
    public static readonly object Sync = new();

    /// <summary>Set to a full path to use a particular libhdf5.</summary>
    public const string PathVariable = "SOAPLENS_HDF5_LIBRARY";

    private static IntPtr s_handle;
    private static string? s_loadedFrom;
    private static bool s_initialised;
    private static SoapLensException? s_failure;
    private static H5Globals? s_globals;
    private static readonly bool s_resolverRegistered = RegisterResolver();

    // In thread-safe builds the automatic error printing is a per-thread setting.
    [ThreadStatic] private static bool t_silenced;

    public static string? LoadedFrom => s_loadedFrom;
    public static (uint Major, uint Minor, uint Release) Version { get; private set; }

    /// <summary>H5Dwrite_chunk/H5Dread_chunk exist (HDF5 ≥ 1.10.3): chunks can be (de)compressed by SoapLens in parallel.</summary>
    public static bool HasDirectChunkIo { get; private set; }

    /// <summary>Off switch for the parallel chunk path (tests compare both paths).</summary>
    public static bool DirectChunkIoEnabled { get; set; } = true;

    public static H5Globals Globals => s_globals ?? throw new InvalidOperationException("libhdf5 is not initialised.");

    /// <summary>Takes the library lock, loading and initialising the library on first use.</summary>
    public static LockScope Lock()
    {
        Monitor.Enter(Sync);
        try
        {
            EnsureInitialised();
            if (!t_silenced)
            {
                H5Api.H5Eset_auto2(H5C.ErrorStackDefault, IntPtr.Zero, IntPtr.Zero);
                t_silenced = true;
            }
        }
        catch
        {
            Monitor.Exit(Sync);
            throw;
        }
        return new LockScope();
    }

    public readonly struct LockScope : IDisposable
    {
        public void Dispose() => Monitor.Exit(Sync);
    }

    /// <summary>True when libhdf5 can be loaded (tests and listings use it to explain a skip).</summary>
    public static bool TryInitialise(out string? problem)
    {
        try
        {
            using (Lock()) { }
            problem = null;
            return true;
        }
        catch (SoapLensException ex)
        {
            problem = ex.Message;
            return false;
        }
    }

    private static bool RegisterResolver()
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Hdf5Library).Assembly, Resolve);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Another component registered a resolver for this assembly; default probing applies.
            return false;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != H5Api.Library) return IntPtr.Zero;
        lock (Sync)
        {
            if (s_handle == IntPtr.Zero) s_handle = Probe(out s_loadedFrom);
            return s_handle;
        }
    }

    /// <summary>Candidate library files, most specific first.</summary>
    internal static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(env)) yield return env;
        if (OperatingSystem.IsWindows())
        {
            yield return "hdf5.dll";
            yield return "libhdf5.dll";
            yield break;
        }
        if (OperatingSystem.IsMacOS())
        {
            foreach (var dir in new[] { Environment.GetEnvironmentVariable("CONDA_PREFIX") is { } c ? System.IO.Path.Combine(c, "lib") : null,
                         "/opt/homebrew/lib", "/usr/local/lib", "/opt/local/lib" })
                if (dir is not null) yield return System.IO.Path.Combine(dir, "libhdf5.dylib");
            yield return "libhdf5.dylib";
            yield break;
        }
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => null,
        };
        var conda = Environment.GetEnvironmentVariable("CONDA_PREFIX");
        if (conda is not null) yield return System.IO.Path.Combine(conda, "lib", "libhdf5.so");
        if (triplet is not null)
        {
            // Debian/Ubuntu: the serial build's development symlink, then its soname.
            yield return $"/usr/lib/{triplet}/hdf5/serial/libhdf5.so";
            yield return $"/usr/lib/{triplet}/libhdf5_serial.so";
        }
        yield return "libhdf5_serial.so";
        yield return "libhdf5.so";
        var dirs = new List<string>();
        if (conda is not null) dirs.Add(System.IO.Path.Combine(conda, "lib"));
        if (triplet is not null) dirs.Add($"/usr/lib/{triplet}");
        dirs.AddRange(["/usr/lib64", "/usr/lib", "/usr/local/lib", "/usr/local/lib64"]);
        foreach (var dir in dirs)
            foreach (var f in VersionedSonames(dir))
                yield return f;
    }

    /// <summary>libhdf5.so.N / libhdf5_serial.so.N in a folder (runtime packages ship no unversioned symlink).</summary>
    private static IEnumerable<string> VersionedSonames(string dir)
    {
        string[] files;
        try
        {
            if (!Directory.Exists(dir)) yield break;
            files = Directory.GetFiles(dir, "libhdf5*.so.*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { yield break; }
        Array.Sort(files, StringComparer.Ordinal);
        Array.Reverse(files); // newest soname first
        foreach (var f in files)
        {
            var name = System.IO.Path.GetFileName(f);
            if (name.StartsWith("libhdf5.so.", StringComparison.Ordinal) || name.StartsWith("libhdf5_serial.so.", StringComparison.Ordinal))
                yield return f;
        }
    }

    private static IntPtr Probe(out string? loadedFrom)
    {
        foreach (var c in Candidates())
        {
            if (NativeLibrary.TryLoad(c, out var h))
            {
                loadedFrom = c;
                return h;
            }
        }
        loadedFrom = null;
        return IntPtr.Zero;
    }

    public static SoapLensException NotFound() => new("Hdf5LibraryNotFound", ErrorKind.ResourceUnavailable,
        "The HDF5 C library (libhdf5, version 1.10 or later) was not found. Install it with " +
        "'sudo apt-get install libhdf5-dev' (Debian/Ubuntu), 'sudo dnf install hdf5' (Fedora), " +
        "'conda install -c conda-forge hdf5' (then start PowerShell from that environment) or 'brew install hdf5' (macOS), " +
        $"or set {PathVariable} to the full path of libhdf5.so.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnsureInitialised()
    {
        if (s_initialised) return;
        if (s_failure is not null) throw s_failure;
        try
        {
            // Without our resolver, DllImport finds the library by its default rules; read the globals from that same one.
            if (s_handle == IntPtr.Zero && !s_resolverRegistered
                && NativeLibrary.TryLoad(H5Api.Library, typeof(H5Api).Assembly, null, out var byDefault))
            {
                s_handle = byDefault;
                s_loadedFrom = "default search path";
            }
            if (s_handle == IntPtr.Zero) s_handle = Probe(out s_loadedFrom);
            if (s_handle == IntPtr.Zero) throw NotFound();
            if (H5Api.H5open() < 0)
                throw new SoapLensException("Hdf5LibraryFailed", ErrorKind.ResourceUnavailable, $"libhdf5 ({s_loadedFrom}) failed to initialise (H5open).");
            H5Api.H5get_libversion(out var major, out var minor, out var release);
            Version = (major, minor, release);
            if (major < 1 || (major == 1 && minor < 10))
                throw new SoapLensException("Hdf5LibraryTooOld", ErrorKind.ResourceUnavailable,
                    $"libhdf5 {major}.{minor}.{release} ({s_loadedFrom}) is too old: SoapLens needs HDF5 1.10 or later (64-bit object ids).");
            s_globals = new H5Globals(s_handle);
            HasDirectChunkIo = NativeLibrary.TryGetExport(s_handle, "H5Dwrite_chunk", out _)
                && NativeLibrary.TryGetExport(s_handle, "H5Dread_chunk", out _)
                && NativeLibrary.TryGetExport(s_handle, "H5Dget_chunk_storage_size", out _);
            s_initialised = true;
        }
        catch (DllNotFoundException)
        {
            s_failure = NotFound();
            throw s_failure;
        }
        catch (EntryPointNotFoundException ex)
        {
            s_failure = new SoapLensException("Hdf5LibraryFailed", ErrorKind.ResourceUnavailable,
                $"The libhdf5 found at '{s_loadedFrom}' lacks a function SoapLens needs ({ex.Message}); install HDF5 1.10 or later.", null, ex);
            throw s_failure;
        }
        catch (SoapLensException ex)
        {
            s_failure = ex;
            throw;
        }
    }

    // ---- error stack ------------------------------------------------------------------------------

    /// <summary>
    /// The messages on the HDF5 error stack of this thread (outermost call first, then the causes),
    /// without repeats; the stack is cleared. Call right after a failed library call, under the lock.
    /// </summary>
    public static string TakeErrorMessage()
    {
        var collected = new List<(string Description, long Minor)>();
        var gch = GCHandle.Alloc(collected);
        try
        {
            H5Api.H5Ewalk2(H5C.ErrorStackDefault, H5C.WalkDownward, &WalkCallback, GCHandle.ToIntPtr(gch));
        }
        finally
        {
            gch.Free();
        }
        // The walk starts at the root cause and ends at the API call; report outermost first, and
        // only the outer context and the root cause when the chain is long.
        var parts = new List<string>();
        foreach (var (d, _) in collected)
            if (!string.IsNullOrWhiteSpace(d) && !parts.Contains(d)) parts.Add(d);
        H5Api.H5Eclear2(H5C.ErrorStackDefault);
        if (parts.Count == 0) return "the HDF5 library reported an unspecified error";
        parts.Reverse();
        return parts.Count <= 3 ? string.Join(": ", parts) : $"{parts[0]}: … {parts[^1]}";
    }

    [UnmanagedCallersOnly]
    private static int WalkCallback(uint n, H5ErrorRecord* e, IntPtr data)
    {
        try
        {
            if (GCHandle.FromIntPtr(data).Target is List<(string, long)> list)
                list.Add((Marshal.PtrToStringUTF8(e->Description) ?? "", e->MinorId));
        }
        catch
        {
            // Never let an exception cross into native code.
        }
        return 0;
    }

    /// <summary>Open HDF5 objects (files, groups, datasets, types, attributes) in the whole process.</summary>
    public static long OpenObjectCount()
    {
        using (Lock()) return H5Api.H5Fget_obj_count(unchecked((long)H5C.ObjAll), H5C.ObjAll);
    }

    /// <summary>Human-readable library description ("libhdf5 1.10.8 from /usr/lib/...").</summary>
    public static string Describe()
    {
        using (Lock()) return $"libhdf5 {Version.Major}.{Version.Minor}.{Version.Release} ({s_loadedFrom ?? "default search path"}{(s_resolverRegistered ? "" : ", default resolver")})";
    }
}

/// <summary>
/// The library's predefined ids (H5T_NATIVE_DOUBLE, H5P_DATASET_CREATE, ...). In C these are macros
/// over global variables that exist only after H5open, so they are read from the loaded library.
/// </summary>
internal sealed class H5Globals
{
    public H5Globals(IntPtr library)
    {
        H5ConstantHandle G(string name) => new(Marshal.ReadInt64(NativeLibrary.GetExport(library, name)));
        NativeDouble = G("H5T_NATIVE_DOUBLE_g");
        NativeFloat = G("H5T_NATIVE_FLOAT_g");
        NativeInt64 = G("H5T_NATIVE_INT64_g");
        NativeInt32 = G("H5T_NATIVE_INT32_g");
        NativeUInt8 = G("H5T_NATIVE_UINT8_g");
        NativeInt8 = G("H5T_NATIVE_INT8_g");
        IeeeF64LE = G("H5T_IEEE_F64LE_g");
        IeeeF32LE = G("H5T_IEEE_F32LE_g");
        StdI64LE = G("H5T_STD_I64LE_g");
        StdI32LE = G("H5T_STD_I32LE_g");
        StdU8LE = G("H5T_STD_U8LE_g");
        StdI8LE = G("H5T_STD_I8LE_g");
        CString = G("H5T_C_S1_g");
        DatasetCreate = G("H5P_CLS_DATASET_CREATE_ID_g");
        DatasetAccess = G("H5P_CLS_DATASET_ACCESS_ID_g");
        LinkCreate = G("H5P_CLS_LINK_CREATE_ID_g");
        AttributeCreate = G("H5P_CLS_ATTRIBUTE_CREATE_ID_g");
        GroupCreate = G("H5P_CLS_GROUP_CREATE_ID_g");
    }

    public H5ConstantHandle NativeDouble { get; }
    public H5ConstantHandle NativeFloat { get; }
    public H5ConstantHandle NativeInt64 { get; }
    public H5ConstantHandle NativeInt32 { get; }
    public H5ConstantHandle NativeUInt8 { get; }
    public H5ConstantHandle NativeInt8 { get; }
    public H5ConstantHandle IeeeF64LE { get; }
    public H5ConstantHandle IeeeF32LE { get; }
    public H5ConstantHandle StdI64LE { get; }
    public H5ConstantHandle StdI32LE { get; }
    public H5ConstantHandle StdU8LE { get; }
    public H5ConstantHandle StdI8LE { get; }
    public H5ConstantHandle CString { get; }
    public H5ConstantHandle DatasetCreate { get; }
    public H5ConstantHandle DatasetAccess { get; }
    public H5ConstantHandle LinkCreate { get; }
    public H5ConstantHandle AttributeCreate { get; }
    public H5ConstantHandle GroupCreate { get; }
}
