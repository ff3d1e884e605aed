using System.Runtime.InteropServices;

namespace SoapLens.IO.Hdf5.Native;

/// <summary>
/// The libhdf5 C functions SoapLens calls (HDF5 ≥ 1.10: hid_t is int64, hsize_t uint64, herr_t and
/// htri_t int). Only functions whose signature is the same in 1.10, 1.12 and 1.14 are used (no
/// H5Oget_info/H5Literate, whose structs changed), so any of those library versions loads. Ids come
/// back as SafeHandles owned by the caller; every call must be made under <see cref="Hdf5Library.Sync"/>.
/// </summary>
internal static unsafe partial class H5Api
{
    public const string Library = "hdf5";

    // ---- library --------------------------------------------------------------------------------
    [LibraryImport(Library)] public static partial int H5open();
    [LibraryImport(Library)] public static partial int H5get_libversion(out uint major, out uint minor, out uint release);
    [LibraryImport(Library)] public static partial int H5free_memory(IntPtr mem);

    // ---- errors ---------------------------------------------------------------------------------
    [LibraryImport(Library)] public static partial int H5Eset_auto2(long estack, IntPtr func, IntPtr clientData);
    [LibraryImport(Library)] public static partial int H5Ewalk2(long estack, int direction, delegate* unmanaged<uint, H5ErrorRecord*, IntPtr, int> func, IntPtr clientData);
    [LibraryImport(Library)] public static partial int H5Eclear2(long estack);

    // ---- files ----------------------------------------------------------------------------------
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5FileHandle H5Fopen(string name, uint flags, H5Handle fapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5FileHandle H5Fcreate(string name, uint flags, H5Handle fcpl, H5Handle fapl);
    [LibraryImport(Library)] public static partial int H5Fclose(long file);
    [LibraryImport(Library)] public static partial int H5Fflush(H5Handle obj, int scope);
    [LibraryImport(Library)] public static partial nint H5Fget_obj_count(long file, uint types);

    // ---- groups, links, objects -----------------------------------------------------------------
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5GroupHandle H5Gcreate2(H5Handle loc, string name, H5Handle lcpl, H5Handle gcpl, H5Handle gapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5GroupHandle H5Gopen2(H5Handle loc, string name, H5Handle gapl);
    [LibraryImport(Library)] public static partial int H5Gclose(long group);
    [LibraryImport(Library)] public static partial int H5Gget_info(H5Handle loc, out H5GroupInfo info);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int H5Lexists(H5Handle loc, string name, H5Handle lapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint H5Lget_name_by_idx(H5Handle loc, string groupName, int indexType, int order, ulong n, byte* name, nuint size, H5Handle lapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int H5Ldelete(H5Handle loc, string name, H5Handle lapl);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5ObjectHandle H5Oopen(H5Handle loc, string name, H5Handle lapl);
    [LibraryImport(Library)] public static partial int H5Oclose(long obj);
    [LibraryImport(Library)] public static partial int H5Iget_type(H5Handle obj);

    // ---- datasets -------------------------------------------------------------------------------
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5DatasetHandle H5Dcreate2(H5Handle loc, string name, H5Handle type, H5Handle space, H5Handle lcpl, H5Handle dcpl, H5Handle dapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5DatasetHandle H5Dopen2(H5Handle loc, string name, H5Handle dapl);
    [LibraryImport(Library)] public static partial int H5Dclose(long dataset);
    [LibraryImport(Library)] public static partial H5SpaceHandle H5Dget_space(H5Handle dataset);
    [LibraryImport(Library)] public static partial H5TypeHandle H5Dget_type(H5Handle dataset);
    [LibraryImport(Library)] public static partial H5PropertyHandle H5Dget_create_plist(H5Handle dataset);
    [LibraryImport(Library)] public static partial int H5Dread(H5Handle dataset, H5Handle memType, H5Handle memSpace, H5Handle fileSpace, H5Handle xfer, void* buffer);
    [LibraryImport(Library)] public static partial int H5Dwrite(H5Handle dataset, H5Handle memType, H5Handle memSpace, H5Handle fileSpace, H5Handle xfer, void* buffer);
    [LibraryImport(Library)] public static partial int H5Dset_extent(H5Handle dataset, ulong* size);
    // Direct chunk I/O (HDF5 ≥ 1.10.3): used only after Hdf5Library.HasDirectChunkIo says they exist.
    [LibraryImport(Library)] public static partial int H5Dwrite_chunk(H5Handle dataset, H5Handle dxpl, uint filterMask, ulong* offset, nuint size, void* buffer);
    [LibraryImport(Library)] public static partial int H5Dread_chunk(H5Handle dataset, H5Handle dxpl, ulong* offset, out uint filterMask, void* buffer);
    [LibraryImport(Library)] public static partial int H5Dget_chunk_storage_size(H5Handle dataset, ulong* offset, out ulong bytes);

    // ---- dataspaces -----------------------------------------------------------------------------
    [LibraryImport(Library)] public static partial H5SpaceHandle H5Screate(int type);
    [LibraryImport(Library)] public static partial H5SpaceHandle H5Screate_simple(int rank, ulong* dims, ulong* maxDims);
    [LibraryImport(Library)] public static partial int H5Sclose(long space);
    [LibraryImport(Library)] public static partial int H5Sget_simple_extent_type(H5Handle space);
    [LibraryImport(Library)] public static partial int H5Sget_simple_extent_ndims(H5Handle space);
    [LibraryImport(Library)] public static partial int H5Sget_simple_extent_dims(H5Handle space, ulong* dims, ulong* maxDims);
    [LibraryImport(Library)] public static partial int H5Sselect_hyperslab(H5Handle space, int op, ulong* start, ulong* stride, ulong* count, ulong* block);

    // ---- datatypes ------------------------------------------------------------------------------
    [LibraryImport(Library)] public static partial H5TypeHandle H5Tcopy(H5Handle type);
    [LibraryImport(Library)] public static partial int H5Tclose(long type);
    [LibraryImport(Library)] public static partial int H5Tget_class(H5Handle type);
    [LibraryImport(Library)] public static partial nuint H5Tget_size(H5Handle type);
    [LibraryImport(Library)] public static partial int H5Tset_size(H5Handle type, nuint size);
    [LibraryImport(Library)] public static partial int H5Tis_variable_str(H5Handle type);
    [LibraryImport(Library)] public static partial int H5Tget_cset(H5Handle type);
    [LibraryImport(Library)] public static partial int H5Tset_cset(H5Handle type, int cset);
    [LibraryImport(Library)] public static partial int H5Tget_strpad(H5Handle type);
    [LibraryImport(Library)] public static partial int H5Tset_strpad(H5Handle type, int pad);
    [LibraryImport(Library)] public static partial int H5Tget_sign(H5Handle type);
    [LibraryImport(Library)] public static partial int H5Tget_order(H5Handle type);
    [LibraryImport(Library)] public static partial H5TypeHandle H5Tget_super(H5Handle type);
    [LibraryImport(Library)] public static partial H5TypeHandle H5Tenum_create(H5Handle baseType);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int H5Tenum_insert(H5Handle type, string name, void* value);
    [LibraryImport(Library)] public static partial int H5Tget_nmembers(H5Handle type);
    [LibraryImport(Library)] public static partial IntPtr H5Tget_member_name(H5Handle type, uint index);
    [LibraryImport(Library)] public static partial int H5Tget_member_value(H5Handle type, uint index, void* value);

    // ---- property lists -------------------------------------------------------------------------
    [LibraryImport(Library)] public static partial H5PropertyHandle H5Pcreate(H5Handle cls);
    [LibraryImport(Library)] public static partial int H5Pclose(long plist);
    [LibraryImport(Library)] public static partial int H5Pset_chunk(H5Handle dcpl, int rank, ulong* dims);
    [LibraryImport(Library)] public static partial int H5Pget_chunk(H5Handle dcpl, int maxRank, ulong* dims);
    [LibraryImport(Library)] public static partial int H5Pget_layout(H5Handle dcpl);
    [LibraryImport(Library)] public static partial int H5Pset_deflate(H5Handle dcpl, uint level);
    [LibraryImport(Library)] public static partial int H5Pget_nfilters(H5Handle dcpl);
    [LibraryImport(Library)]
    public static partial int H5Pget_filter2(H5Handle dcpl, uint index, out uint flags, ref nuint cdCount, uint* cdValues, nuint nameLength, byte* name, out uint filterConfig);
    [LibraryImport(Library)] public static partial int H5Pset_create_intermediate_group(H5Handle lcpl, uint create);
    [LibraryImport(Library)] public static partial int H5Pset_chunk_cache(H5Handle dapl, nuint slots, nuint bytes, double w0);
    [LibraryImport(Library)] public static partial int H5Pset_obj_track_times(H5Handle plist, byte track);

    // ---- attributes -----------------------------------------------------------------------------
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5AttributeHandle H5Acreate2(H5Handle loc, string name, H5Handle type, H5Handle space, H5Handle acpl, H5Handle aapl);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial H5AttributeHandle H5Aopen(H5Handle obj, string name, H5Handle aapl);
    [LibraryImport(Library)] public static partial int H5Aclose(long attribute);
    [LibraryImport(Library)] public static partial int H5Aread(H5Handle attribute, H5Handle memType, void* buffer);
    [LibraryImport(Library)] public static partial int H5Awrite(H5Handle attribute, H5Handle memType, void* buffer);
    [LibraryImport(Library)] public static partial H5SpaceHandle H5Aget_space(H5Handle attribute);
    [LibraryImport(Library)] public static partial H5TypeHandle H5Aget_type(H5Handle attribute);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int H5Aexists(H5Handle obj, string name);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int H5Adelete(H5Handle obj, string name);
    [LibraryImport(Library)]
    public static partial int H5Aiterate2(H5Handle obj, int indexType, int order, ulong* index, delegate* unmanaged<long, byte*, IntPtr, IntPtr, int> op, IntPtr opData);
}

/// <summary>H5G_info_t (unchanged from 1.8 to 1.14).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct H5GroupInfo
{
    public int StorageType;
    public ulong LinkCount;
    public long MaxCreationOrder;
    public byte Mounted;
}

/// <summary>H5E_error2_t.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct H5ErrorRecord
{
    public long ClassId;
    public long MajorId;
    public long MinorId;
    public uint Line;
    public IntPtr FunctionName;
    public IntPtr FileName;
    public IntPtr Description;
}

/// <summary>Constants of the C headers (values identical in 1.10–1.14).</summary>
internal static class H5C
{
    public const uint AccReadOnly = 0x0000, AccReadWrite = 0x0001, AccTruncate = 0x0002, AccExclusive = 0x0004;
    public const uint ObjAll = 0x001F;
    public const int ScopeLocal = 0;
    public const int IndexName = 0, IterIncreasing = 0;
    public const int SpaceScalar = 0, SpaceSimple = 1, SpaceNull = 2;
    public const int SelectSet = 0;
    public const ulong Unlimited = ulong.MaxValue;
    public static readonly nuint VariableSize = nuint.MaxValue;
    public const int ClassInteger = 0, ClassFloat = 1, ClassString = 3, ClassEnum = 8;
    public const int CsetAscii = 0, CsetUtf8 = 1;
    public const int StrNullTerm = 0, StrNullPad = 1, StrSpacePad = 2;
    public const int SignNone = 0;
    public const int OrderLittle = 0, OrderBig = 1;
    public const int LayoutCompact = 0, LayoutContiguous = 1, LayoutChunked = 2, LayoutVirtual = 3;
    public const int FilterDeflate = 1, FilterShuffle = 2, FilterFletcher32 = 3;
    public const int IdGroup = 2, IdDataset = 5;
    public const int WalkDownward = 0;
    public const long ErrorStackDefault = 0;
}
