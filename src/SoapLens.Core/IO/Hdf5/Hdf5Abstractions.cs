using System.Globalization;

namespace SoapLens.IO.Hdf5;

/// <summary>What a link in a group points to.</summary>
public enum Hdf5ObjectKind
{
    Group,
    Dataset,
    Other,
}

public enum Hdf5TypeClass
{
    Integer,
    Float,
    String,
    Enum,
    Other,
}

public enum Hdf5StorageLayout
{
    Compact,
    Contiguous,
    Chunked,
    Virtual,
}

/// <summary>Element types SoapLens creates datasets with.</summary>
public enum Hdf5ElementType
{
    Float64,
    Float32,
    Int64,
    Int32,
    UInt8,
    Int8,
    /// <summary>Variable-length UTF-8 strings (what h5py writes for Python str).</summary>
    String,
    /// <summary>Fixed-length, NUL-padded strings (numpy "S" dtype).</summary>
    FixedString,
}

/// <summary>An HDF5 datatype as far as SoapLens cares: class, size in bytes, sign, string kind, byte order.</summary>
public sealed record Hdf5TypeInfo(Hdf5TypeClass Class, int Size, bool Signed = true, bool VariableLength = false,
    bool Utf8 = false, bool LittleEndian = true, bool IsBoolean = false)
{
    /// <summary>Short name: float64, int32, uint8, bool, vlen utf-8 string, string[8].</summary>
    public string Name => Class switch
    {
        Hdf5TypeClass.Float => $"float{Size * 8}",
        Hdf5TypeClass.Integer => $"{(Signed ? "int" : "uint")}{Size * 8}",
        Hdf5TypeClass.String => VariableLength ? $"vlen {(Utf8 ? "utf-8" : "ascii")} string" : $"string[{Size}]",
        Hdf5TypeClass.Enum => IsBoolean ? "bool" : $"enum{Size * 8}",
        _ => "other",
    };

    /// <summary>The numpy dtype string h5py would report ("float64", "int64", "object" for vlen strings, "|S8").</summary>
    public string NumpyName => Class switch
    {
        Hdf5TypeClass.Float or Hdf5TypeClass.Integer => Name,
        Hdf5TypeClass.String => VariableLength ? "object" : $"|S{Size}",
        Hdf5TypeClass.Enum => IsBoolean ? "bool" : Name,
        _ => "other",
    };

    public override string ToString() => Name;
}

/// <summary>One entry of a dataset's filter pipeline (id 1 = deflate with its level as the only parameter).</summary>
public sealed record Hdf5Filter(int Id, uint Flags, uint[] Parameters)
{
    public const int Deflate = 1, Shuffle = 2, Fletcher32 = 3;
}

/// <summary>Storage facts of a dataset. MaxShape entries of −1 mean unlimited.</summary>
public sealed record Hdf5DatasetLayout(long[] Shape, long[] MaxShape, long[]? Chunks, Hdf5StorageLayout Storage, IReadOnlyList<Hdf5Filter> Filters)
{
    public int? DeflateLevel => Filters.FirstOrDefault(f => f.Id == Hdf5Filter.Deflate) is { } f && f.Parameters.Length > 0 ? (int)f.Parameters[0] : null;
    public bool Shuffle => Filters.Any(f => f.Id == Hdf5Filter.Shuffle);
    public bool Fletcher32 => Filters.Any(f => f.Id == Hdf5Filter.Fletcher32);
    public bool IsScalar => Shape.Length == 0;
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// An attribute as read: its type, shape ([] = scalar) and value — string, string[], long, long[],
/// double, double[], bool, bool[] (any integer widens to long, any float to double, h5py's
/// FALSE/TRUE enum becomes bool), or null for an empty (null-dataspace) attribute.
/// </summary>
public sealed record Hdf5Attribute(string Name, Hdf5TypeInfo Type, long[] Shape, object? Value)
{
    public bool IsScalar => Shape.Length == 0;

    public override string ToString() => $"{Name} = {Format(Value)}";

    public static string Format(object? v) => v switch
    {
        null => "(empty)",
        string s => $"\"{s}\"",
        string[] ss => ss.Length > 8 ? $"[{string.Join(", ", ss.Take(8).Select(x => $"\"{x}\""))}, … ({ss.Length})]" : $"[{string.Join(", ", ss.Select(x => $"\"{x}\""))}]",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        Array a => a.Length > 8
            ? $"[{string.Join(", ", a.Cast<object>().Take(8).Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)))}, … ({a.Length})]"
            : $"[{string.Join(", ", a.Cast<object>().Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)))}]",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>An attribute value written as fixed-length, NUL-padded strings (numpy "S" dtype) rather than variable-length ones.</summary>
public sealed record Hdf5FixedStrings(string[] Values, int? Size = null);

/// <summary>How to create a dataset. MaxShape null = fixed at Shape; −1 entries = unlimited. Deflate needs Chunks.</summary>
public sealed record Hdf5DatasetSpec(Hdf5ElementType Element, long[] Shape)
{
    public long[]? MaxShape { get; init; }
    public long[]? Chunks { get; init; }
    public int? Deflate { get; init; }
    /// <summary>Byte size of each string for <see cref="Hdf5ElementType.FixedString"/>.</summary>
    public int FixedStringSize { get; init; }
}

/// <summary>A named child of a group.</summary>
public sealed record Hdf5Link(string Name, Hdf5ObjectKind Kind);

/// <summary>Anything that carries attributes (groups, datasets, the file's root group).</summary>
public interface IHdf5Node : IDisposable
{
    /// <summary>Absolute path inside the file ("/", "/SOAP/cu211").</summary>
    string Path { get; }

    /// <summary>The file on disk (for error messages).</summary>
    string FilePath { get; }

    IReadOnlyList<string> AttributeNames();
    bool HasAttribute(string name);
    Hdf5Attribute ReadAttribute(string name);

    /// <summary>Creates or replaces an attribute. Values: string, string[], <see cref="Hdf5FixedStrings"/>, bool, bool[],
    /// int/long (stored int64), float/double (stored float64), their arrays, or a <see cref="Data.NdArray"/> (its own type and shape).</summary>
    void WriteAttribute(string name, object value);

    void DeleteAttribute(string name);
}

/// <summary>A group: children by name, nested paths ("a/b/c") allowed everywhere.</summary>
public interface IHdf5Group : IHdf5Node
{
    IReadOnlyList<Hdf5Link> Children();

    /// <summary>What <paramref name="path"/> (relative, or absolute from the root) names; null when it does not exist.</summary>
    Hdf5ObjectKind? KindOf(string path);

    IHdf5Group OpenGroup(string path);

    /// <summary>Creates a group and any missing parents; an existing group is opened.</summary>
    IHdf5Group RequireGroup(string path);

    IHdf5Dataset OpenDataset(string path);

    /// <summary>Creates a dataset (parents created as needed).</summary>
    IHdf5Dataset CreateDataset(string path, Hdf5DatasetSpec spec);

    /// <summary>Removes the link <paramref name="path"/> (the space is reused by later writes, not returned to the OS).</summary>
    void Delete(string path);
}

/// <summary>An open file; its root group is the file itself.</summary>
public interface IHdf5File : IHdf5Group
{
    bool Writable { get; }
    void Flush();
}

/// <summary>
/// A dataset read and written by hyperslab (start/count per axis), so data moves chunk by chunk.
/// Element conversion (e.g. float32 on disk to double in memory) is done by the backend.
/// </summary>
public interface IHdf5Dataset : IHdf5Node
{
    Hdf5TypeInfo Type { get; }
    Hdf5DatasetLayout Layout { get; }
    long[] Shape { get; }

    /// <summary>Reads the block [start, start+count) into <paramref name="destination"/> (C order). T: double, float, long, int, byte, sbyte.</summary>
    void Read<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count, Span<T> destination) where T : unmanaged;

    void Write<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count, ReadOnlySpan<T> source) where T : unmanaged;

    /// <summary>Strings of a 1-D string dataset (variable or fixed length).</summary>
    string[] ReadStrings(long start, long count);

    void WriteStrings(long start, IReadOnlyList<string> values);

    /// <summary>Grows (or shrinks) a chunked dataset within its MaxShape.</summary>
    void SetExtent(ReadOnlySpan<long> shape);
}

/// <summary>Opens and creates files. The native libhdf5 binding is the default; a managed reader can replace it.</summary>
public interface IHdf5Backend
{
    string Name { get; }
    IHdf5File Open(string path, bool writable = false);

    /// <summary>Creates (truncates) a file.</summary>
    IHdf5File Create(string path);

    /// <summary>Objects still open in the process (for leak checks); −1 when the backend cannot tell.</summary>
    long OpenObjectCount();
}
