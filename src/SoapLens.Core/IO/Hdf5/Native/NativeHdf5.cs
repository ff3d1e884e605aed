using System.Runtime.InteropServices;
using System.Text;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.IO.Hdf5.Native;

/// <summary>The libhdf5 backend: every public member takes the library lock and owns its ids through SafeHandles.</summary>
internal sealed class NativeHdf5Backend : IHdf5Backend
{
    public string Name => "libhdf5";

    public IHdf5File Open(string path, bool writable = false)
    {
        if (!File.Exists(path))
            throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, $"Cannot find HDF5 file '{path}'.", path);
        using (Hdf5Library.Lock())
        {
            var h = H5Api.H5Fopen(path, writable ? H5C.AccReadWrite : H5C.AccReadOnly, H5ConstantHandle.Default);
            if (h.IsInvalid)
            {
                var msg = Hdf5Library.TakeErrorMessage();
                h.Dispose();
                throw new MalformedFileException(path, OpenProblem(path, msg));
            }
            return new NativeHdf5File(h, path, writable);
        }
    }

    private static string OpenProblem(string path, string msg)
    {
        var m = System.Text.RegularExpressions.Regex.Match(msg, @"truncated file: eof = (\d+).*stored_eof = (\d+)");
        if (m.Success)
            return $"the HDF5 file is truncated: it has {m.Groups[1].Value} bytes but its header says {m.Groups[2].Value} (an interrupted copy or download?).";
        if (msg.Contains("file signature not found", StringComparison.Ordinal))
            return new FileInfo(path).Length == 0 ? "the file is empty, not an HDF5 file." : "not an HDF5 file (no HDF5 signature).";
        return $"cannot be opened as an HDF5 file; it is damaged ({msg}).";
    }

    public IHdf5File Create(string path)
    {
        using (Hdf5Library.Lock())
        {
            var h = H5Api.H5Fcreate(path, H5C.AccTruncate, H5ConstantHandle.Default, H5ConstantHandle.Default);
            if (h.IsInvalid)
            {
                var msg = Hdf5Library.TakeErrorMessage();
                h.Dispose();
                throw new SoapLensException("Hdf5CreateFailed", ErrorKind.WriteError, $"Cannot create the HDF5 file '{path}' ({msg}).", path);
            }
            return new NativeHdf5File(h, path, true);
        }
    }

    public long OpenObjectCount() => Hdf5Library.OpenObjectCount();
}

/// <summary>Common attribute handling of groups, datasets and the root group.</summary>
internal abstract unsafe class NativeNode : IHdf5Node
{
    protected NativeNode(H5Handle handle, string path, string filePath)
    {
        Handle = handle;
        Path = path;
        FilePath = filePath;
    }

    internal H5Handle Handle { get; }
    public string Path { get; }
    public string FilePath { get; }

    protected static H5Globals G => Hdf5Library.Globals;

    public void Dispose()
    {
        Handle.Dispose();
        GC.SuppressFinalize(this);
    }

    internal string Combine(string child) =>
        child.StartsWith('/') ? child : Path == "/" ? "/" + child : Path + "/" + child;

    // ---- errors (call right after the failing library call, under the lock) --------------------
    internal SoapLensException ReadFailure(string what) =>
        new MalformedFileException(FilePath, $"{what} failed ({Hdf5Library.TakeErrorMessage()}).");

    internal SoapLensException WriteFailure(string what) =>
        new SoapLensException("Hdf5WriteFailed", ErrorKind.WriteError, $"{FilePath}: {what} failed ({Hdf5Library.TakeErrorMessage()}).", FilePath);

    internal static T Checked<T>(T handle, Func<SoapLensException> failure) where T : H5Handle
    {
        if (!handle.IsInvalid) return handle;
        var ex = failure();
        handle.Dispose();
        throw ex;
    }

    internal static void Checked(int status, Func<SoapLensException> failure)
    {
        if (status < 0) throw failure();
    }

    // ---- attributes ------------------------------------------------------------------------------
    public IReadOnlyList<string> AttributeNames()
    {
        using (Hdf5Library.Lock())
        {
            var names = new List<string>();
            var gch = GCHandle.Alloc(names);
            try
            {
                ulong idx = 0;
                int rc = H5Api.H5Aiterate2(Handle, H5C.IndexName, H5C.IterIncreasing, &idx, &CollectName, GCHandle.ToIntPtr(gch));
                if (rc < 0) throw ReadFailure($"listing the attributes of {Path}");
            }
            finally
            {
                gch.Free();
            }
            return names;
        }
    }

    [UnmanagedCallersOnly]
    private static int CollectName(long location, byte* name, IntPtr info, IntPtr data)
    {
        try
        {
            if (GCHandle.FromIntPtr(data).Target is List<string> list)
                list.Add(Marshal.PtrToStringUTF8((IntPtr)name) ?? "");
            return 0;
        }
        catch
        {
            return -1;
        }
    }

    public bool HasAttribute(string name)
    {
        using (Hdf5Library.Lock())
        {
            int rc = H5Api.H5Aexists(Handle, name);
            if (rc < 0) throw ReadFailure($"looking up attribute '{name}' of {Path}");
            return rc > 0;
        }
    }

    public Hdf5Attribute ReadAttribute(string name)
    {
        using (Hdf5Library.Lock())
        {
            int exists = H5Api.H5Aexists(Handle, name);
            if (exists == 0)
                throw new SoapLensException("Hdf5AttributeNotFound", ErrorKind.ObjectNotFound, $"{FilePath}: {Path} has no attribute '{name}'.", FilePath);
            using var a = Checked(H5Api.H5Aopen(Handle, name, H5ConstantHandle.Default), () => ReadFailure($"opening attribute '{name}' of {Path}"));
            using var space = Checked(H5Api.H5Aget_space(a), () => ReadFailure($"reading attribute '{name}' of {Path}"));
            using var type = Checked(H5Api.H5Aget_type(a), () => ReadFailure($"reading attribute '{name}' of {Path}"));
            var shape = H5Values.ShapeOf(space, out _, out int spaceClass);
            var info = H5Values.Describe(type);
            if (spaceClass == H5C.SpaceNull) return new Hdf5Attribute(name, info, [], null);
            long n = H5Values.Count(shape);
            var value = H5Values.ReadValue(info, type, n, shape.Length == 0,
                (mem, buf) => H5Api.H5Aread(a, mem, buf), () => ReadFailure($"reading attribute '{name}' of {Path}"));
            return new Hdf5Attribute(name, info, shape, value);
        }
    }

    public void WriteAttribute(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using (Hdf5Library.Lock())
        {
            if (H5Api.H5Aexists(Handle, name) > 0)
                Checked(H5Api.H5Adelete(Handle, name), () => WriteFailure($"replacing attribute '{name}' of {Path}"));
            H5Values.WriteValue(value, (fileType, space) =>
                Checked(H5Api.H5Acreate2(Handle, name, fileType, space, H5ConstantHandle.Default, H5ConstantHandle.Default),
                    () => WriteFailure($"creating attribute '{name}' of {Path}")),
                (attr, mem, buf) => H5Api.H5Awrite(attr, mem, buf),
                () => WriteFailure($"writing attribute '{name}' of {Path}"));
        }
    }

    public void DeleteAttribute(string name)
    {
        using (Hdf5Library.Lock())
        {
            if (H5Api.H5Aexists(Handle, name) <= 0) return;
            Checked(H5Api.H5Adelete(Handle, name), () => WriteFailure($"deleting attribute '{name}' of {Path}"));
        }
    }

    public override string ToString() => $"{FilePath}:{Path}";
}

internal unsafe class NativeHdf5Group : NativeNode, IHdf5Group
{
    public NativeHdf5Group(H5Handle handle, string path, string filePath) : base(handle, path, filePath) { }

    public IReadOnlyList<Hdf5Link> Children()
    {
        using (Hdf5Library.Lock())
        {
            Checked(H5Api.H5Gget_info(Handle, out var info), () => ReadFailure($"listing group {Path}"));
            var list = new List<Hdf5Link>((int)Math.Min(info.LinkCount, 4096));
            for (ulong i = 0; i < info.LinkCount; i++)
            {
                var name = LinkName(i);
                list.Add(new Hdf5Link(name, KindUnlocked(name) ?? Hdf5ObjectKind.Other));
            }
            return list;
        }
    }

    private string LinkName(ulong index)
    {
        var len = H5Api.H5Lget_name_by_idx(Handle, ".", H5C.IndexName, H5C.IterIncreasing, index, null, 0, H5ConstantHandle.Default);
        if (len < 0) throw ReadFailure($"listing group {Path}");
        var buf = new byte[len + 1];
        fixed (byte* p = buf)
        {
            if (H5Api.H5Lget_name_by_idx(Handle, ".", H5C.IndexName, H5C.IterIncreasing, index, p, (nuint)buf.Length, H5ConstantHandle.Default) < 0)
                throw ReadFailure($"listing group {Path}");
        }
        return Encoding.UTF8.GetString(buf, 0, (int)len);
    }

    public Hdf5ObjectKind? KindOf(string path)
    {
        using (Hdf5Library.Lock()) return KindUnlocked(path);
    }

    private Hdf5ObjectKind? KindUnlocked(string path)
    {
        if (path is "/" or "." or "") return path == "/" || Path == "/" ? Hdf5ObjectKind.Group : KindUnlocked(Path);
        // H5Lexists fails (rather than answering false) when a parent is missing, so walk the components.
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var prefix = new StringBuilder(path.StartsWith('/') ? "/" : "");
        for (int i = 0; i < parts.Length; i++)
        {
            if (i > 0) prefix.Append('/');
            prefix.Append(parts[i]);
            int rc = H5Api.H5Lexists(Handle, prefix.ToString(), H5ConstantHandle.Default);
            if (rc <= 0)
            {
                if (rc < 0) Hdf5Library.TakeErrorMessage();
                return null;
            }
        }
        using var o = H5Api.H5Oopen(Handle, path, H5ConstantHandle.Default);
        if (o.IsInvalid)
        {
            Hdf5Library.TakeErrorMessage(); // dangling soft or external link
            return Hdf5ObjectKind.Other;
        }
        return H5Api.H5Iget_type(o) switch
        {
            H5C.IdGroup => Hdf5ObjectKind.Group,
            H5C.IdDataset => Hdf5ObjectKind.Dataset,
            _ => Hdf5ObjectKind.Other,
        };
    }

    private SoapLensException Missing(string path, string what) =>
        new("Hdf5ObjectNotFound", ErrorKind.ObjectNotFound, $"{FilePath}: there is no {what} '{Combine(path)}'.", FilePath);

    public IHdf5Group OpenGroup(string path)
    {
        using (Hdf5Library.Lock())
        {
            var kind = KindUnlocked(path);
            if (kind != Hdf5ObjectKind.Group) throw Missing(path, "group");
            var h = Checked(H5Api.H5Gopen2(Handle, path, H5ConstantHandle.Default), () => ReadFailure($"opening group {Combine(path)}"));
            return new NativeHdf5Group(h, Combine(path), FilePath);
        }
    }

    public IHdf5Group RequireGroup(string path)
    {
        using (Hdf5Library.Lock())
        {
            var kind = KindUnlocked(path);
            if (kind == Hdf5ObjectKind.Group) return OpenGroup(path);
            if (kind is not null)
                throw new SoapLensException("Hdf5NotAGroup", ErrorKind.InvalidArgument, $"{FilePath}: '{Combine(path)}' exists and is not a group.", FilePath);
            using var lcpl = Checked(H5Api.H5Pcreate(G.LinkCreate), () => WriteFailure("creating a link property list"));
            Checked(H5Api.H5Pset_create_intermediate_group(lcpl, 1), () => WriteFailure("setting a link property"));
            using var gcpl = Checked(H5Api.H5Pcreate(G.GroupCreate), () => WriteFailure("creating a group property list"));
            Checked(H5Api.H5Pset_obj_track_times(gcpl, 0), () => WriteFailure("setting a group property"));
            var h = Checked(H5Api.H5Gcreate2(Handle, path, lcpl, gcpl, H5ConstantHandle.Default), () => WriteFailure($"creating group {Combine(path)}"));
            return new NativeHdf5Group(h, Combine(path), FilePath);
        }
    }

    public IHdf5Dataset OpenDataset(string path)
    {
        using (Hdf5Library.Lock())
        {
            var kind = KindUnlocked(path);
            if (kind != Hdf5ObjectKind.Dataset) throw Missing(path, "dataset");
            var full = Combine(path);
            var h = Checked(H5Api.H5Dopen2(Handle, path, H5ConstantHandle.Default), () => ReadFailure($"opening dataset {full}"));
            var ds = new NativeHdf5Dataset(h, full, FilePath);
            long cache = ds.WantedCacheBytes();
            if (cache <= 0) return ds;
            // Chunks above the default 1 MiB cache would be inflated again for every partial read: reopen with room for one.
            ds.Dispose();
            using var dapl = Checked(H5Api.H5Pcreate(G.DatasetAccess), () => ReadFailure("creating a dataset access property list"));
            Checked(H5Api.H5Pset_chunk_cache(dapl, H5C.VariableSize, (nuint)cache, -1.0), () => ReadFailure("setting the chunk cache"));
            h = Checked(H5Api.H5Dopen2(Handle, path, dapl), () => ReadFailure($"opening dataset {full}"));
            return new NativeHdf5Dataset(h, full, FilePath);
        }
    }

    public IHdf5Dataset CreateDataset(string path, Hdf5DatasetSpec spec)
    {
        int rank = spec.Shape.Length;
        if (spec.MaxShape is not null && spec.MaxShape.Length != rank) throw new ArgumentException("MaxShape must have the rank of Shape.");
        if (spec.Chunks is not null && spec.Chunks.Length != rank) throw new ArgumentException("Chunks must have the rank of Shape.");
        if (spec.Deflate is not null && spec.Chunks is null) throw new ArgumentException("Compression needs a chunked dataset.");
        using (Hdf5Library.Lock())
        {
            var full = Combine(path);
            if (KindUnlocked(path) is not null)
                throw new SoapLensException("Hdf5ObjectExists", ErrorKind.ResourceExists, $"{FilePath}: '{full}' already exists.", FilePath);
            using var fileType = H5Values.FileType(spec.Element, spec.FixedStringSize);
            using var space = H5Values.CreateSpace(spec.Shape, spec.MaxShape);
            using var dcpl = Checked(H5Api.H5Pcreate(G.DatasetCreate), () => WriteFailure("creating a dataset property list"));
            Checked(H5Api.H5Pset_obj_track_times(dcpl, 0), () => WriteFailure("setting a dataset property"));
            long cache = 0;
            if (spec.Chunks is not null)
            {
                var c = spec.Chunks.Select(x => (ulong)x).ToArray();
                fixed (ulong* pc = c)
                    Checked(H5Api.H5Pset_chunk(dcpl, rank, pc), () => WriteFailure($"setting chunks ({string.Join(", ", spec.Chunks)}) of {full}"));
                long bytes = spec.Chunks.Aggregate(1L, (a, b) => a * b) * (long)H5Api.H5Tget_size(fileType);
                if (bytes > (1 << 20)) cache = Math.Min(bytes + (1 << 20), 1L << 30);
            }
            if (spec.Deflate is int level)
                Checked(H5Api.H5Pset_deflate(dcpl, (uint)Math.Clamp(level, 0, 9)), () => WriteFailure($"setting compression of {full}"));
            using var lcpl = Checked(H5Api.H5Pcreate(G.LinkCreate), () => WriteFailure("creating a link property list"));
            Checked(H5Api.H5Pset_create_intermediate_group(lcpl, 1), () => WriteFailure("setting a link property"));
            using var dapl = Checked(H5Api.H5Pcreate(G.DatasetAccess), () => WriteFailure("creating a dataset access property list"));
            if (cache > 0)
                Checked(H5Api.H5Pset_chunk_cache(dapl, H5C.VariableSize, (nuint)cache, -1.0), () => WriteFailure("setting the chunk cache"));
            var h = Checked(H5Api.H5Dcreate2(Handle, path, fileType, space, lcpl, dcpl, dapl), () => WriteFailure($"creating dataset {full}"));
            return new NativeHdf5Dataset(h, full, FilePath);
        }
    }

    public void Delete(string path)
    {
        using (Hdf5Library.Lock())
        {
            if (KindUnlocked(path) is null) return;
            Checked(H5Api.H5Ldelete(Handle, path, H5ConstantHandle.Default), () => WriteFailure($"deleting {Combine(path)}"));
        }
    }
}

internal sealed class NativeHdf5File : NativeHdf5Group, IHdf5File
{
    public NativeHdf5File(H5FileHandle handle, string filePath, bool writable) : base(handle, "/", filePath) => Writable = writable;

    public bool Writable { get; }

    public void Flush()
    {
        using (Hdf5Library.Lock())
            Checked(H5Api.H5Fflush(Handle, H5C.ScopeLocal), () => WriteFailure("flushing"));
    }
}

internal sealed unsafe class NativeHdf5Dataset : NativeNode, IHdf5Dataset
{
    private long[] _shape;
    private Hdf5DatasetLayout? _layout;

    public NativeHdf5Dataset(H5DatasetHandle handle, string path, string filePath) : base(handle, path, filePath)
    {
        using var type = Checked(H5Api.H5Dget_type(Handle), () => ReadFailure($"reading the type of {Path}"));
        Type = H5Values.Describe(type);
        using var space = Checked(H5Api.H5Dget_space(Handle), () => ReadFailure($"reading the shape of {Path}"));
        _shape = H5Values.ShapeOf(space, out _, out _);
    }

    public Hdf5TypeInfo Type { get; }
    public long[] Shape => (long[])_shape.Clone();
    internal long[] CurrentShape => _shape;

    public Hdf5DatasetLayout Layout
    {
        get
        {
            using (Hdf5Library.Lock()) return _layout ??= ReadLayout();
        }
    }

    internal long WantedCacheBytes()
    {
        var l = ReadLayout();
        _layout = l;
        if (l.Chunks is null) return 0;
        long bytes = l.Chunks.Aggregate(1L, (a, b) => a * b) * Type.Size;
        return bytes > (1 << 20) ? Math.Min(bytes + (1 << 20), 1L << 30) : 0;
    }

    private Hdf5DatasetLayout ReadLayout()
    {
        using var space = Checked(H5Api.H5Dget_space(Handle), () => ReadFailure($"reading the shape of {Path}"));
        var shape = H5Values.ShapeOf(space, out var max, out _);
        using var dcpl = Checked(H5Api.H5Dget_create_plist(Handle), () => ReadFailure($"reading the storage of {Path}"));
        var storage = H5Api.H5Pget_layout(dcpl) switch
        {
            H5C.LayoutCompact => Hdf5StorageLayout.Compact,
            H5C.LayoutChunked => Hdf5StorageLayout.Chunked,
            H5C.LayoutVirtual => Hdf5StorageLayout.Virtual,
            _ => Hdf5StorageLayout.Contiguous,
        };
        long[]? chunks = null;
        if (storage == Hdf5StorageLayout.Chunked && shape.Length > 0)
        {
            var c = new ulong[shape.Length];
            fixed (ulong* pc = c)
                if (H5Api.H5Pget_chunk(dcpl, c.Length, pc) < 0) throw ReadFailure($"reading the chunks of {Path}");
            chunks = c.Select(x => (long)x).ToArray();
        }
        var filters = new List<Hdf5Filter>();
        int nf = H5Api.H5Pget_nfilters(dcpl);
        var cd = new uint[32];
        var name = new byte[256];
        for (uint i = 0; i < Math.Max(nf, 0); i++)
        {
            nuint cdCount = (nuint)cd.Length;
            int id;
            uint flags;
            fixed (uint* pcd = cd)
            fixed (byte* pn = name)
                id = H5Api.H5Pget_filter2(dcpl, i, out flags, ref cdCount, pcd, (nuint)name.Length, pn, out _);
            if (id < 0) throw ReadFailure($"reading the filters of {Path}");
            filters.Add(new Hdf5Filter(id, flags, cd.AsSpan(0, (int)Math.Min(cdCount, (nuint)cd.Length)).ToArray()));
        }
        return new Hdf5DatasetLayout(shape, max, chunks, storage, filters);
    }

    private void CheckBlock(ReadOnlySpan<long> start, ReadOnlySpan<long> count, long length)
    {
        if (start.Length != _shape.Length || count.Length != _shape.Length)
            throw new ArgumentException($"{Path} has rank {_shape.Length}; start/count have {start.Length}/{count.Length} entries.");
        long n = 1;
        for (int i = 0; i < _shape.Length; i++)
        {
            if (start[i] < 0 || count[i] < 0 || start[i] + count[i] > _shape[i])
                throw new ArgumentOutOfRangeException(nameof(start), $"Block [{string.Join(", ", start.ToArray())}] + ({string.Join(", ", count.ToArray())}) lies outside {Path} of shape ({string.Join(", ", _shape)}).");
            n *= count[i];
        }
        if (n != length) throw new ArgumentException($"The buffer holds {length} elements, the block {n}.");
    }

    /// <summary>Selects a block of the file space; scalar datasets take no selection.</summary>
    private H5SpaceHandle FileSpace(ReadOnlySpan<long> start, ReadOnlySpan<long> count, Func<SoapLensException> failure)
    {
        var space = Checked(H5Api.H5Dget_space(Handle), failure);
        if (_shape.Length == 0) return space;
        var s = new ulong[start.Length];
        var c = new ulong[count.Length];
        for (int i = 0; i < s.Length; i++) { s[i] = (ulong)start[i]; c[i] = (ulong)count[i]; }
        fixed (ulong* ps = s)
        fixed (ulong* pc = c)
        {
            if (H5Api.H5Sselect_hyperslab(space, H5C.SelectSet, ps, null, pc, null) < 0)
            {
                var ex = failure();
                space.Dispose();
                throw ex;
            }
        }
        return space;
    }

    private static H5SpaceHandle MemorySpace(long n)
    {
        ulong d = (ulong)n;
        return Checked(H5Api.H5Screate_simple(1, &d, null), () => new SoapLensException("Hdf5Failed", ErrorKind.NotSpecified, Hdf5Library.TakeErrorMessage()));
    }

    public void Read<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<T> destination) where T : unmanaged
    {
        using (Hdf5Library.Lock()) CheckBlock(start, count, destination.Length);
        if (destination.Length == 0) return;
        if (DirectChunks.Eligible<T>(this, start, count, out int level, out var chunk)
            && DirectChunks.TryRead(this, start.ToArray(), count.ToArray(), destination, level, chunk))
            return;
        using (Hdf5Library.Lock())
        {
            var mem = H5Values.MemoryType<T>();
            var what = $"reading {Path} [{string.Join(", ", start.ToArray())}] + ({string.Join(", ", count.ToArray())})";
            using var fileSpace = FileSpace(start, count, () => ReadFailure(what));
            using var memSpace = MemorySpace(destination.Length);
            fixed (T* p = destination)
                Checked(H5Api.H5Dread(Handle, mem, _shape.Length == 0 ? H5ConstantHandle.Default : memSpace, fileSpace, H5ConstantHandle.Default, p),
                    () => ReadFailure(what));
        }
    }

    public void Write<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count, ReadOnlySpan<T> source) where T : unmanaged
    {
        using (Hdf5Library.Lock()) CheckBlock(start, count, source.Length);
        if (source.Length == 0) return;
        if (DirectChunks.Eligible<T>(this, start, count, out int level, out var chunk))
        {
            DirectChunks.Write(this, start.ToArray(), count.ToArray(), source, level, chunk);
            return;
        }
        using (Hdf5Library.Lock())
        {
            var mem = H5Values.MemoryType<T>();
            var what = $"writing {Path} [{string.Join(", ", start.ToArray())}] + ({string.Join(", ", count.ToArray())})";
            using var fileSpace = FileSpace(start, count, () => WriteFailure(what));
            using var memSpace = MemorySpace(source.Length);
            fixed (T* p = source)
                Checked(H5Api.H5Dwrite(Handle, mem, _shape.Length == 0 ? H5ConstantHandle.Default : memSpace, fileSpace, H5ConstantHandle.Default, p),
                    () => WriteFailure(what));
        }
    }

    public string[] ReadStrings(long start, long count)
    {
        using (Hdf5Library.Lock())
        {
            if (Type.Class != Hdf5TypeClass.String)
                throw new MalformedFileException(FilePath, $"{Path} holds {Type.Name} values, not strings.");
            if (_shape.Length != 1) throw new MalformedFileException(FilePath, $"{Path} is not a 1-D string dataset.");
            CheckBlock([start], [count], count);
            if (count == 0) return [];
            var what = $"reading strings {Path} [{start}:{start + count}]";
            using var type = Checked(H5Api.H5Dget_type(Handle), () => ReadFailure(what));
            using var fileSpace = FileSpace([start], [count], () => ReadFailure(what));
            using var memSpace = MemorySpace(count);
            return H5Values.ReadStrings(Type, type, count, (mem, buf) => H5Api.H5Dread(Handle, mem, memSpace, fileSpace, H5ConstantHandle.Default, buf),
                () => ReadFailure(what));
        }
    }

    public void WriteStrings(long start, IReadOnlyList<string> values)
    {
        using (Hdf5Library.Lock())
        {
            if (Type.Class != Hdf5TypeClass.String || _shape.Length != 1)
                throw new InvalidOperationException($"{Path} is not a 1-D string dataset.");
            CheckBlock([start], [values.Count], values.Count);
            if (values.Count == 0) return;
            var what = $"writing strings {Path} [{start}:{start + values.Count}]";
            using var type = Checked(H5Api.H5Dget_type(Handle), () => WriteFailure(what));
            using var fileSpace = FileSpace([start], [values.Count], () => WriteFailure(what));
            using var memSpace = MemorySpace(values.Count);
            H5Values.WriteStrings(Type, type, values, (mem, buf) => H5Api.H5Dwrite(Handle, mem, memSpace, fileSpace, H5ConstantHandle.Default, buf),
                () => WriteFailure(what));
        }
    }

    public void SetExtent(ReadOnlySpan<long> shape)
    {
        using (Hdf5Library.Lock())
        {
            if (shape.Length != _shape.Length) throw new ArgumentException($"{Path} has rank {_shape.Length}.");
            var d = new ulong[shape.Length];
            for (int i = 0; i < d.Length; i++) d[i] = (ulong)shape[i];
            fixed (ulong* pd = d)
                Checked(H5Api.H5Dset_extent(Handle, pd), () => WriteFailure($"resizing {Path} to ({string.Join(", ", d)})"));
            _shape = shape.ToArray();
            _layout = null;
        }
    }
}

/// <summary>Type descriptions and value conversion shared by attributes and datasets (callers hold the lock).</summary>
internal static unsafe class H5Values
{
    public delegate int RawIo(H5Handle memType, void* buffer);

    private static H5Globals G => Hdf5Library.Globals;

    public static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);

    public static long[] ShapeOf(H5Handle space, out long[] maxShape, out int spaceClass)
    {
        spaceClass = H5Api.H5Sget_simple_extent_type(space);
        int rank = H5Api.H5Sget_simple_extent_ndims(space);
        if (spaceClass == H5C.SpaceNull || rank <= 0)
        {
            maxShape = [];
            return spaceClass == H5C.SpaceNull ? [0] : [];
        }
        var d = new ulong[rank];
        var m = new ulong[rank];
        fixed (ulong* pd = d)
        fixed (ulong* pm = m)
            H5Api.H5Sget_simple_extent_dims(space, pd, pm);
        maxShape = m.Select(x => x == H5C.Unlimited ? -1L : (long)x).ToArray();
        return d.Select(x => (long)x).ToArray();
    }

    public static Hdf5TypeInfo Describe(H5Handle type)
    {
        int cls = H5Api.H5Tget_class(type);
        int size = (int)H5Api.H5Tget_size(type);
        switch (cls)
        {
            case H5C.ClassFloat:
                return new Hdf5TypeInfo(Hdf5TypeClass.Float, size, true, LittleEndian: H5Api.H5Tget_order(type) != H5C.OrderBig);
            case H5C.ClassInteger:
                return new Hdf5TypeInfo(Hdf5TypeClass.Integer, size, H5Api.H5Tget_sign(type) != H5C.SignNone, LittleEndian: H5Api.H5Tget_order(type) != H5C.OrderBig);
            case H5C.ClassString:
                return new Hdf5TypeInfo(Hdf5TypeClass.String, size, false, H5Api.H5Tis_variable_str(type) > 0, H5Api.H5Tget_cset(type) == H5C.CsetUtf8);
            case H5C.ClassEnum:
            {
                using var super = H5Api.H5Tget_super(type);
                bool signed = !super.IsInvalid && H5Api.H5Tget_sign(super) != H5C.SignNone;
                bool little = super.IsInvalid || H5Api.H5Tget_order(super) != H5C.OrderBig;
                return new Hdf5TypeInfo(Hdf5TypeClass.Enum, size, signed, LittleEndian: little, IsBoolean: IsBooleanEnum(type));
            }
            default:
                return new Hdf5TypeInfo(Hdf5TypeClass.Other, size);
        }
    }

    private static bool IsBooleanEnum(H5Handle type)
    {
        if (H5Api.H5Tget_nmembers(type) != 2) return false;
        for (uint i = 0; i < 2; i++)
        {
            var p = H5Api.H5Tget_member_name(type, i);
            if (p == IntPtr.Zero) return false;
            var name = Marshal.PtrToStringUTF8(p);
            H5Api.H5free_memory(p);
            if (name != (i == 0 ? "FALSE" : "TRUE")) return false;
        }
        return true;
    }

    public static H5ConstantHandle MemoryType<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return G.NativeDouble;
        if (typeof(T) == typeof(float)) return G.NativeFloat;
        if (typeof(T) == typeof(long)) return G.NativeInt64;
        if (typeof(T) == typeof(int)) return G.NativeInt32;
        if (typeof(T) == typeof(byte)) return G.NativeUInt8;
        if (typeof(T) == typeof(sbyte)) return G.NativeInt8;
        throw new ArgumentException($"HDF5 reads and writes double, float, long, int, byte or sbyte, not {typeof(T).Name}.");
    }

    /// <summary>A new file datatype for an element type (strings: UTF-8, variable or NUL-padded fixed length).</summary>
    public static H5TypeHandle FileType(Hdf5ElementType e, int fixedSize = 0)
    {
        H5ConstantHandle src = e switch
        {
            Hdf5ElementType.Float64 => G.IeeeF64LE,
            Hdf5ElementType.Float32 => G.IeeeF32LE,
            Hdf5ElementType.Int64 => G.StdI64LE,
            Hdf5ElementType.Int32 => G.StdI32LE,
            Hdf5ElementType.UInt8 => G.StdU8LE,
            Hdf5ElementType.Int8 => G.StdI8LE,
            _ => G.CString,
        };
        var t = NativeNode.Checked(H5Api.H5Tcopy(src), Failure);
        if (e == Hdf5ElementType.String) SetString(t, H5C.VariableSize, H5C.StrNullTerm);
        else if (e == Hdf5ElementType.FixedString) SetString(t, (nuint)Math.Max(1, fixedSize), H5C.StrNullPad);
        return t;
    }

    private static void SetString(H5TypeHandle t, nuint size, int pad)
    {
        if (H5Api.H5Tset_size(t, size) < 0 || H5Api.H5Tset_cset(t, H5C.CsetUtf8) < 0 || H5Api.H5Tset_strpad(t, pad) < 0)
        {
            var ex = Failure();
            t.Dispose();
            throw ex;
        }
    }

    private static SoapLensException Failure() => new("Hdf5Failed", ErrorKind.NotSpecified, $"libhdf5 failed ({Hdf5Library.TakeErrorMessage()}).");

    public static H5SpaceHandle CreateSpace(long[] shape, long[]? maxShape)
    {
        if (shape.Length == 0) return NativeNode.Checked(H5Api.H5Screate(H5C.SpaceScalar), Failure);
        var d = shape.Select(x => (ulong)x).ToArray();
        var m = (maxShape ?? shape).Select(x => x < 0 ? H5C.Unlimited : (ulong)x).ToArray();
        fixed (ulong* pd = d)
        fixed (ulong* pm = m)
            return NativeNode.Checked(H5Api.H5Screate_simple(d.Length, pd, pm), Failure);
    }

    // ---- reading ----------------------------------------------------------------------------------

    /// <summary>Reads <paramref name="n"/> values as the widest .NET type of their class.</summary>
    public static object? ReadValue(Hdf5TypeInfo info, H5Handle fileType, long n, bool scalar, RawIo read, Func<SoapLensException> failure)
    {
        if (n == 0 && !scalar)
            return info.Class switch
            {
                Hdf5TypeClass.String => Array.Empty<string>(),
                Hdf5TypeClass.Float => Array.Empty<double>(),
                Hdf5TypeClass.Enum when info.IsBoolean => Array.Empty<bool>(),
                _ => Array.Empty<long>(),
            };
        switch (info.Class)
        {
            case Hdf5TypeClass.String:
            {
                var s = ReadStrings(info, fileType, n, read, failure);
                return scalar ? s[0] : s;
            }
            case Hdf5TypeClass.Float:
            {
                var d = new double[n];
                fixed (double* p = d) NativeNode.Checked(read(G.NativeDouble, p), failure);
                return scalar ? d[0] : d;
            }
            case Hdf5TypeClass.Integer:
            {
                var l = new long[n];
                fixed (long* p = l) NativeNode.Checked(read(G.NativeInt64, p), failure);
                return scalar ? l[0] : l;
            }
            case Hdf5TypeClass.Enum:
            {
                // Enums do not convert to integers inside HDF5: read the raw members and decode them here.
                var raw = new byte[n * info.Size];
                using var mem = NativeNode.Checked(H5Api.H5Tcopy(fileType), failure);
                fixed (byte* p = raw) NativeNode.Checked(read(mem, p), failure);
                var v = new long[n];
                for (long i = 0; i < n; i++) v[i] = DecodeInteger(raw.AsSpan((int)(i * info.Size), info.Size), info.Signed, info.LittleEndian);
                if (info.IsBoolean)
                {
                    var b = v.Select(x => x != 0).ToArray();
                    return scalar ? b[0] : b;
                }
                return scalar ? v[0] : v;
            }
            default:
                return $"<{info.Name} value not read>";
        }
    }

    private static long DecodeInteger(ReadOnlySpan<byte> bytes, bool signed, bool little)
    {
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        for (int i = 0; i < bytes.Length && i < 8; i++) b[i] = little ? bytes[i] : bytes[bytes.Length - 1 - i];
        if (signed && bytes.Length < 8 && (b[bytes.Length - 1] & 0x80) != 0)
            for (int i = bytes.Length; i < 8; i++) b[i] = 0xFF;
        return BitConverter.ToInt64(b);
    }

    public static string[] ReadStrings(Hdf5TypeInfo info, H5Handle fileType, long n, RawIo read, Func<SoapLensException> failure)
    {
        var result = new string[n];
        // Reading with a copy of the file's own string type means no character-set conversion is
        // asked of the library; UTF-8 decoding covers ASCII too.
        using var mem = NativeNode.Checked(H5Api.H5Tcopy(fileType), failure);
        if (info.VariableLength)
        {
            var ptrs = new IntPtr[n];
            fixed (IntPtr* p = ptrs) NativeNode.Checked(read(mem, p), failure);
            for (long i = 0; i < n; i++)
            {
                result[i] = ptrs[i] == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(ptrs[i]) ?? "";
                if (ptrs[i] != IntPtr.Zero) H5Api.H5free_memory(ptrs[i]);
            }
            return result;
        }
        int size = info.Size;
        var buf = new byte[n * size];
        fixed (byte* p = buf) NativeNode.Checked(read(mem, p), failure);
        int pad = H5Api.H5Tget_strpad(fileType);
        for (long i = 0; i < n; i++)
        {
            var s = buf.AsSpan((int)(i * size), size);
            int end = s.IndexOf((byte)0);
            if (end >= 0) s = s[..end];
            if (pad == H5C.StrSpacePad) s = s.TrimEnd((byte)' ');
            result[i] = Encoding.UTF8.GetString(s);
        }
        return result;
    }

    public static void WriteStrings(Hdf5TypeInfo info, H5Handle fileType, IReadOnlyList<string> values, RawIo write, Func<SoapLensException> failure)
    {
        using var mem = NativeNode.Checked(H5Api.H5Tcopy(fileType), failure);
        if (info.VariableLength)
        {
            var ptrs = new IntPtr[values.Count];
            try
            {
                for (int i = 0; i < ptrs.Length; i++) ptrs[i] = Marshal.StringToCoTaskMemUTF8(values[i] ?? "");
                fixed (IntPtr* p = ptrs) NativeNode.Checked(write(mem, p), failure);
            }
            finally
            {
                foreach (var p in ptrs) if (p != IntPtr.Zero) Marshal.FreeCoTaskMem(p);
            }
            return;
        }
        int size = info.Size;
        var buf = new byte[Math.Max(1, values.Count * size)];
        for (int i = 0; i < values.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(values[i] ?? "");
            if (bytes.Length > size)
                throw new SoapLensException("Hdf5StringTooLong", ErrorKind.InvalidArgument, $"'{values[i]}' needs {bytes.Length} bytes; the fixed-length strings hold {size}.");
            bytes.CopyTo(buf, i * size);
        }
        fixed (byte* p = buf) NativeNode.Checked(write(mem, p), failure);
    }

    // ---- writing attributes ---------------------------------------------------------------------------

    public delegate H5AttributeHandle Creator(H5Handle fileType, H5Handle space);
    public delegate int Writer(H5Handle target, H5Handle memType, void* buffer);

    /// <summary>Creates the attribute for <paramref name="value"/> with a matching type and shape, then writes it.</summary>
    public static void WriteValue(object value, Creator create, Writer write, Func<SoapLensException> failure)
    {
        switch (value)
        {
            case string s:
                WriteStringsAttr([s], scalar: true, Hdf5ElementType.String, 0, create, write, failure);
                return;
            case string[] ss:
                WriteStringsAttr(ss, scalar: false, Hdf5ElementType.String, 0, create, write, failure);
                return;
            case Hdf5FixedStrings fs:
            {
                int size = fs.Size ?? Math.Max(1, fs.Values.Select(x => Encoding.UTF8.GetByteCount(x ?? "")).DefaultIfEmpty(1).Max());
                WriteStringsAttr(fs.Values, scalar: false, Hdf5ElementType.FixedString, size, create, write, failure);
                return;
            }
            case bool b:
                WriteBools([b], true, create, write, failure);
                return;
            case bool[] bs:
                WriteBools(bs, false, create, write, failure);
                return;
            case long or int or short or sbyte or byte or ushort or uint:
                WriteNumbers(new[] { Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) }, [], G.StdI64LE, G.NativeInt64, create, write, failure);
                return;
            case float or double:
                WriteNumbers(new[] { Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) }, [], G.IeeeF64LE, G.NativeDouble, create, write, failure);
                return;
            case long[] la:
                WriteNumbers(la, [la.Length], G.StdI64LE, G.NativeInt64, create, write, failure);
                return;
            case int[] ia:
                WriteNumbers(ia.Select(x => (long)x).ToArray(), [ia.Length], G.StdI64LE, G.NativeInt64, create, write, failure);
                return;
            case double[] da:
                WriteNumbers(da, [da.Length], G.IeeeF64LE, G.NativeDouble, create, write, failure);
                return;
            case float[] fa:
                WriteNumbers(fa.Select(x => (double)x).ToArray(), [fa.Length], G.IeeeF64LE, G.NativeDouble, create, write, failure);
                return;
            case NdArray nd:
                WriteNdArray(nd, create, write, failure);
                return;
            default:
                WriteStringsAttr([Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""], true, Hdf5ElementType.String, 0, create, write, failure);
                return;
        }
    }

    private static void WriteStringsAttr(string[] values, bool scalar, Hdf5ElementType e, int size, Creator create, Writer write, Func<SoapLensException> failure)
    {
        using var type = FileType(e, size);
        using var space = CreateSpace(scalar ? [] : [values.Length], null);
        using var attr = create(type, space);
        var info = Describe(type);
        if (values.Length == 0) return;
        WriteStrings(info, type, values, (mem, buf) => write(attr, mem, buf), failure);
    }

    private static void WriteBools(bool[] values, bool scalar, Creator create, Writer write, Func<SoapLensException> failure)
    {
        // h5py's representation of numpy bool: an int8 enum {FALSE = 0, TRUE = 1}.
        using var type = NativeNode.Checked(H5Api.H5Tenum_create(G.StdI8LE), failure);
        sbyte f = 0, t = 1;
        NativeNode.Checked(H5Api.H5Tenum_insert(type, "FALSE", &f), failure);
        NativeNode.Checked(H5Api.H5Tenum_insert(type, "TRUE", &t), failure);
        using var space = CreateSpace(scalar ? [] : [values.Length], null);
        using var attr = create(type, space);
        if (values.Length == 0) return;
        var raw = values.Select(b => (sbyte)(b ? 1 : 0)).ToArray();
        fixed (sbyte* p = raw) NativeNode.Checked(write(attr, type, p), failure);
    }

    private static void WriteNumbers<T>(T[] values, long[] shape, H5Handle fileType, H5Handle memType, Creator create, Writer write, Func<SoapLensException> failure)
        where T : unmanaged
    {
        using var space = CreateSpace(shape, null);
        using var attr = create(fileType, space);
        if (values.Length == 0) return;
        fixed (T* p = values) NativeNode.Checked(write(attr, memType, p), failure);
    }

    private static void WriteNdArray(NdArray a, Creator create, Writer write, Func<SoapLensException> failure)
    {
        var shape = a.Shape.Select(x => (long)x).ToArray();
        switch (a.Data)
        {
            case double[] d: WriteNumbers(d, shape, G.IeeeF64LE, G.NativeDouble, create, write, failure); break;
            case float[] f: WriteNumbers(f, shape, G.IeeeF32LE, G.NativeFloat, create, write, failure); break;
            case long[] l: WriteNumbers(l, shape, G.StdI64LE, G.NativeInt64, create, write, failure); break;
            case int[] i: WriteNumbers(i, shape, G.StdI32LE, G.NativeInt32, create, write, failure); break;
            case byte[] b: WriteNumbers(b, shape, G.StdU8LE, G.NativeUInt8, create, write, failure); break;
            default: throw new ArgumentException($"Unsupported array type {a.DType}.");
        }
    }
}
