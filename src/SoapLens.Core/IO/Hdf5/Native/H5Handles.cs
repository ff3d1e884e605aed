using System.Runtime.InteropServices;

namespace SoapLens.IO.Hdf5.Native;

/// <summary>
/// An HDF5 id (hid_t) owned by a SafeHandle, so it is closed exactly once on every path —
/// normal disposal, an exception between open and use, or the finalizer. Negative ids (HDF5's
/// failure value) are invalid and never closed; the caller turns them into an error right away.
/// </summary>
internal abstract class H5Handle : SafeHandle
{
    protected H5Handle() : base(IntPtr.Zero, ownsHandle: true) { }

    protected H5Handle(long id, bool ownsHandle) : base(IntPtr.Zero, ownsHandle) => SetHandle((IntPtr)id);

    public override bool IsInvalid => (long)handle <= 0;

    public long Id => (long)handle;

    protected sealed override bool ReleaseHandle()
    {
        // Finalizers run on their own thread; libhdf5 builds without thread safety need the lock.
        lock (Hdf5Library.Sync) return Close((long)handle) >= 0;
    }

    protected abstract int Close(long id);
}

internal sealed class H5FileHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Fclose(id);
}

internal sealed class H5GroupHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Gclose(id);
}

internal sealed class H5DatasetHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Dclose(id);
}

internal sealed class H5SpaceHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Sclose(id);
}

internal sealed class H5TypeHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Tclose(id);
}

internal sealed class H5PropertyHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Pclose(id);
}

internal sealed class H5AttributeHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Aclose(id);
}

/// <summary>A group or dataset opened by path (H5Oopen), closed with H5Oclose.</summary>
internal sealed class H5ObjectHandle : H5Handle
{
    protected override int Close(long id) => H5Api.H5Oclose(id);
}

/// <summary>An id the caller does not own: H5P_DEFAULT/H5S_ALL (0) and the library's predefined types.</summary>
internal sealed class H5ConstantHandle : H5Handle
{
    public H5ConstantHandle(long id) : base(id, ownsHandle: false) { }

    public static readonly H5ConstantHandle Default = new(0);

    protected override int Close(long id) => 0;
}
