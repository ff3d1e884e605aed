using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// Writes a result in its own layout instead of SoapLens' generic group (e.g. a SOAP spectrum as a
/// SOAPify <c>/SOAP/&lt;name&gt;</c> dataset). Registered per result kind with <see cref="Hdf5DataFormat.RegisterLayout"/>.
/// </summary>
public interface IHdf5BundleLayout
{
    /// <summary>The object path the bundle goes to (for -Force checks and messages).</summary>
    string TargetPath(DataBundle bundle, string? name);

    void Write(IHdf5File file, DataBundle bundle, string? name, CancellationToken cancel);
}

/// <summary>
/// HDF5 export of every result: one group per result (default name = the result kind, or -Name),
/// one chunked, gzip-compressed dataset per array with a <c>dims</c> attribute, coordinates under
/// <c>coordinates/</c> with a <c>dim</c> attribute, and the parameters as group attributes. Several
/// results go into one file; adding to an existing file never damages it (copy, change, rename).
/// Import reads those groups back, SOAPify <c>/SOAP/&lt;name&gt;</c> datasets as datasets of SOAP rows, and
/// any other dataset (-Name) as a plain array.
/// </summary>
public sealed class Hdf5DataFormat : DataFormat
{
    public const string KindAttribute = "soaplens_kind";
    public const string VersionAttribute = "soaplens_version";
    public const string VariablesAttribute = "soaplens_variables";
    public const string CoordinatesAttribute = "soaplens_coordinates";
    public const string DimsAttribute = "dims";
    public const string DimAttribute = "dim";
    public const string CoordinateGroup = "coordinates";
    public const int Version = 1;
    /// <summary>h5py's default gzip level.</summary>
    public const int DefaultDeflate = 4;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { KindAttribute, VersionAttribute, VariablesAttribute, CoordinatesAttribute };
    private static readonly Dictionary<string, IHdf5BundleLayout> s_layouts = new(StringComparer.Ordinal)
    {
        [Descriptors.SoapSpectrum.Kind] = new SoapifySpectrumLayout(),
    };

    /// <summary>Test hook: called after every block of rows written (lets tests cancel mid-write).</summary>
    internal static Action<string>? BlockWritten;

    public override string Name => "hdf5";
    public override IReadOnlyList<string> Extensions { get; } = [".hdf5", ".h5"];

    /// <summary>Routes a result kind to its own HDF5 layout (one line per kind, e.g. SoapSpectrum → SOAPify).</summary>
    public static void RegisterLayout(string kind, IHdf5BundleLayout layout)
    {
        lock (s_layouts) s_layouts[kind] = layout;
    }

    private static IHdf5BundleLayout? LayoutFor(string kind)
    {
        lock (s_layouts) return s_layouts.GetValueOrDefault(kind);
    }

    // ---- export ----------------------------------------------------------------------------------

    public override void Write(DataBundle bundle, string path, ExportOptions options, CancellationToken cancel)
    {
        var layout = LayoutFor(bundle.Kind);
        var target = layout is not null ? layout.TargetPath(bundle, options.Name) : Hdf5FileWriter.NormalizeName(options.Name ?? bundle.Kind, "group name");
        if (layout is null) Validate(bundle);
        Hdf5FileWriter.AddObject(path, target, options.Force, f =>
        {
            if (layout is not null) layout.Write(f, bundle, options.Name, cancel);
            else WriteBundle(f, target, bundle, cancel);
        }, cancel);
    }

    private static void Validate(DataBundle b)
    {
        if (b.Variables.Count == 0) throw SoapLensException.Argument($"The {b.Kind} result holds no arrays to export.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in b.Variables)
        {
            if (string.IsNullOrEmpty(v.Name) || v.Name.Contains('/') || v.Name is "." or ".." or CoordinateGroup || !names.Add(v.Name))
                throw SoapLensException.Argument($"The {b.Kind} result has an array name HDF5 cannot hold as a dataset: '{v.Name}'.");
        }
        foreach (var c in b.Coordinates)
            if (string.IsNullOrEmpty(c.Name) || c.Name.Contains('/') || c.Name is "." or "..")
                throw SoapLensException.Argument($"The {b.Kind} result has a coordinate name HDF5 cannot hold: '{c.Name}'.");
        foreach (var k in b.Attributes.Keys)
            if (Reserved.Contains(k))
                throw SoapLensException.Argument($"The {b.Kind} result has a parameter named '{k}', which the HDF5 format reserves.");
    }

    /// <summary>Writes <paramref name="bundle"/> as the group <paramref name="groupPath"/> of an open file.</summary>
    public static void WriteBundle(IHdf5Group parent, string groupPath, DataBundle bundle, CancellationToken cancel)
    {
        Validate(bundle);
        using var g = parent.RequireGroup(groupPath);
        g.WriteAttribute(KindAttribute, bundle.Kind);
        g.WriteAttribute(VersionAttribute, (long)Version);
        g.WriteAttribute(VariablesAttribute, bundle.Variables.Select(v => v.Name).ToArray());
        g.WriteAttribute(CoordinatesAttribute, bundle.Coordinates.Select(c => c.Name).ToArray());
        foreach (var (k, v) in bundle.Attributes)
            if (v is not null) g.WriteAttribute(k, v);
        foreach (var v in bundle.Variables)
        {
            using var ds = WriteArray(g, v.Name, v.Values, DefaultDeflate, cancel);
            ds.WriteAttribute(DimsAttribute, v.Dims);
        }
        foreach (var c in bundle.Coordinates)
        {
            using var ds = WriteArray(g, CoordinateGroup + "/" + c.Name, c.Values, DefaultDeflate, cancel);
            ds.WriteAttribute(DimAttribute, c.Dim);
        }
    }

    public static Hdf5ElementType ElementOf(NdType t) => t switch
    {
        NdType.Float64 => Hdf5ElementType.Float64,
        NdType.Float32 => Hdf5ElementType.Float32,
        NdType.Int64 => Hdf5ElementType.Int64,
        NdType.Int32 => Hdf5ElementType.Int32,
        NdType.UInt8 => Hdf5ElementType.UInt8,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>
    /// Creates a dataset for <paramref name="a"/> (chunked as h5py would, gzip <paramref name="deflate"/>;
    /// empty and scalar arrays are stored contiguous) and writes it in blocks of whole chunks.
    /// </summary>
    public static IHdf5Dataset WriteArray(IHdf5Group g, string path, NdArray a, int? deflate, CancellationToken cancel)
    {
        var shape = a.Shape.Select(x => (long)x).ToArray();
        bool chunked = shape.Length > 0 && shape.All(s => s > 0);
        var chunks = chunked ? Hdf5Chunking.GuessLikeH5py(shape, NdArray.ElementSize(a.DType)) : null;
        var ds = g.CreateDataset(path, new Hdf5DatasetSpec(ElementOf(a.DType), shape)
        {
            Chunks = chunks,
            Deflate = chunked ? deflate : null,
        });
        try
        {
            switch (a.Data)
            {
                case double[] d: WriteBlocks(ds, d, shape, chunks, cancel); break;
                case float[] f: WriteBlocks(ds, f, shape, chunks, cancel); break;
                case long[] l: WriteBlocks(ds, l, shape, chunks, cancel); break;
                case int[] i: WriteBlocks(ds, i, shape, chunks, cancel); break;
                case byte[] b: WriteBlocks(ds, b, shape, chunks, cancel); break;
            }
            return ds;
        }
        catch
        {
            ds.Dispose();
            throw;
        }
    }

    /// <summary>Writes a C-ordered array into a dataset of the same shape, whole chunks of leading rows at a time.</summary>
    public static void WriteBlocks<T>(IHdf5Dataset ds, T[] data, long[] shape, long[]? chunks, CancellationToken cancel) where T : unmanaged =>
        ForEachBlock(data, shape, chunks, cancel, (start, count, block) =>
        {
            ds.Write<T>(start, count, block.Span);
            BlockWritten?.Invoke(ds.Path);
        });

    /// <summary>Reads a whole dataset into a C-ordered array, whole chunks of leading rows at a time.</summary>
    public static void ReadBlocks<T>(IHdf5Dataset ds, T[] data, long[] shape, long[]? chunks, CancellationToken cancel) where T : unmanaged =>
        ForEachBlock(data, shape, chunks, cancel, (start, count, block) => ds.Read<T>(start, count, block.Span));

    /// <summary>Cuts an array of <paramref name="shape"/> into blocks of leading rows (see <see cref="Hdf5Chunking.RowsPerBlock"/>); cancellable between blocks.</summary>
    private static void ForEachBlock<T>(T[] data, long[] shape, long[]? chunks, CancellationToken cancel, Action<long[], long[], Memory<T>> io) where T : unmanaged
    {
        if (data.Length == 0) return;
        if (shape.Length == 0)
        {
            io([], [], data);
            return;
        }
        long rowElems = data.LongLength / shape[0];
        long rows = Hdf5Chunking.RowsPerBlock(shape, chunks, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var start = new long[shape.Length];
        var count = (long[])shape.Clone();
        for (long r = 0; r < shape[0]; r += rows)
        {
            cancel.ThrowIfCancellationRequested();
            long n = Math.Min(rows, shape[0] - r);
            start[0] = r;
            count[0] = n;
            io(start, count, data.AsMemory((int)(r * rowElems), (int)(n * rowElems)));
        }
    }

    // ---- import ----------------------------------------------------------------------------------

    public override DataBundle Read(string path, ImportOptions options, CancellationToken cancel)
    {
        using var f = Hdf5Files.Open(path);
        var (target, kind) = ResolveTarget(f, path, options.Name);
        return kind switch
        {
            TargetKind.Result => ReadBundle(f, target, cancel),
            TargetKind.SoapifySoap => SoapifySpectrumLayout.Read(f, target, cancel),
            _ => ReadPlainDataset(f, path, target, cancel),
        };
    }

    private enum TargetKind { Result, SoapifySoap, Plain }

    private static (string Path, TargetKind Kind) ResolveTarget(IHdf5File f, string file, string? name)
    {
        if (name is null)
        {
            var found = FindReadable(f);
            return found.Count switch
            {
                1 => found[0],
                0 => throw new SoapLensException("Hdf5NothingToImport", ErrorKind.ObjectNotFound,
                    $"'{file}' holds no SoapLens results and no SOAPify SOAP datasets. Name a dataset with -Name; the file holds: {Summary(f)}.", file),
                _ => throw new SoapLensException("Hdf5NameRequired", ErrorKind.InvalidArgument,
                    $"'{file}' holds several results; choose one with -Name: {string.Join(", ", found.Select(x => x.Path))}.", file),
            };
        }
        var n = "/" + Hdf5FileWriter.NormalizeName(name);
        var kind = f.KindOf(n);
        if (kind is null && !name.Contains('/') && f.KindOf("/SOAP/" + name) == Hdf5ObjectKind.Dataset)
        {
            n = "/SOAP/" + name;
            kind = Hdf5ObjectKind.Dataset;
        }
        string Candidates()
        {
            var found = FindReadable(f);
            return found.Count > 0 ? $"Results in the file: {string.Join(", ", found.Select(x => x.Path))}." : $"The file holds: {Summary(f)}.";
        }
        switch (kind)
        {
            case null:
                throw new SoapLensException("Hdf5ObjectNotFound", ErrorKind.ObjectNotFound, $"'{file}' has no '{n}'. {Candidates()}", file);
            case Hdf5ObjectKind.Group:
            {
                using var g = f.OpenGroup(n);
                if (g.HasAttribute(KindAttribute)) return (n, TargetKind.Result);
                if (SoapifyTrajectoryFormat.IsTrajectoryGroup(g))
                    throw new SoapLensException("Hdf5IsTrajectory", ErrorKind.InvalidArgument,
                        $"'{n}' in '{file}' is a SOAPify trajectory; open it with Import-Trajectory -Name {n.Split('/')[^1]}.", file);
                throw new SoapLensException("Hdf5NotAResult", ErrorKind.InvalidArgument, $"'{n}' in '{file}' is a group that SoapLens did not write. {Candidates()}", file);
            }
            case Hdf5ObjectKind.Dataset:
            {
                using var d = f.OpenDataset(n);
                return (n, d.HasAttribute(SoapifySoapReader.EngineAttribute) ? TargetKind.SoapifySoap : TargetKind.Plain);
            }
            default:
                throw new SoapLensException("Hdf5ObjectNotFound", ErrorKind.ObjectNotFound, $"'{n}' in '{file}' is neither a group nor a dataset.", file);
        }
    }

    /// <summary>SoapLens result groups and SOAPify SOAP datasets anywhere in the file.</summary>
    private static List<(string Path, TargetKind Kind)> FindReadable(IHdf5File f)
    {
        var found = new List<(string, TargetKind)>();
        void Walk(IHdf5Group g, int depth)
        {
            foreach (var c in g.Children())
            {
                if (c.Kind == Hdf5ObjectKind.Group)
                {
                    using var child = g.OpenGroup(c.Name);
                    if (child.HasAttribute(KindAttribute)) found.Add((child.Path, TargetKind.Result));
                    else if (depth < 8) Walk(child, depth + 1);
                }
                else if (c.Kind == Hdf5ObjectKind.Dataset)
                {
                    using var d = g.OpenDataset(c.Name);
                    if (d.HasAttribute(SoapifySoapReader.EngineAttribute)) found.Add((d.Path, TargetKind.SoapifySoap));
                }
            }
        }
        Walk(f, 0);
        return found;
    }

    private static string Summary(IHdf5File f)
    {
        var items = new List<string>();
        void Walk(IHdf5Group g, int depth)
        {
            foreach (var c in g.Children())
            {
                var p = g.Path == "/" ? "/" + c.Name : g.Path + "/" + c.Name;
                if (c.Kind == Hdf5ObjectKind.Dataset) items.Add(p);
                else if (c.Kind == Hdf5ObjectKind.Group && depth < 4)
                {
                    using var child = g.OpenGroup(c.Name);
                    Walk(child, depth + 1);
                }
                if (items.Count >= 12) return;
            }
        }
        Walk(f, 0);
        return items.Count == 0 ? "nothing" : string.Join(", ", items) + (items.Count >= 12 ? ", …" : "");
    }

    /// <summary>Reads a group written by <see cref="WriteBundle"/>.</summary>
    public static DataBundle ReadBundle(IHdf5Group parent, string groupPath, CancellationToken cancel)
    {
        using var g = parent.OpenGroup(groupPath);
        var kind = g.ReadAttribute(KindAttribute).Value as string
            ?? throw new MalformedFileException(g.FilePath, $"{g.Path}: the {KindAttribute} attribute is not a string.");
        var b = new DataBundle(kind);
        var variables = g.HasAttribute(VariablesAttribute) ? AsStrings(g.ReadAttribute(VariablesAttribute).Value)
            : g.Children().Where(c => c.Kind == Hdf5ObjectKind.Dataset).Select(c => c.Name).ToArray();
        foreach (var name in variables)
        {
            cancel.ThrowIfCancellationRequested();
            using var ds = g.OpenDataset(name);
            var values = ReadArray(ds, cancel);
            var dims = ds.HasAttribute(DimsAttribute) ? AsStrings(ds.ReadAttribute(DimsAttribute).Value) : Sidecar.DefaultDims(values.Rank);
            if (dims.Length != values.Rank)
                throw new MalformedFileException(g.FilePath, $"{ds.Path}: {dims.Length} dimension names for an array of rank {values.Rank}.");
            b.Add(name, values, dims);
        }
        var coords = g.HasAttribute(CoordinatesAttribute) ? AsStrings(g.ReadAttribute(CoordinatesAttribute).Value) : [];
        foreach (var name in coords)
        {
            using var ds = g.OpenDataset(CoordinateGroup + "/" + name);
            var values = ReadArray(ds, cancel);
            var dim = ds.HasAttribute(DimAttribute) ? ds.ReadAttribute(DimAttribute).Value as string : null;
            if (values.Rank != 1 || dim is null)
                throw new MalformedFileException(g.FilePath, $"{ds.Path}: a coordinate must be 1-D with a '{DimAttribute}' attribute.");
            b.AddCoordinate(name, dim, values);
        }
        foreach (var name in g.AttributeNames())
        {
            if (Reserved.Contains(name)) continue;
            var v = g.ReadAttribute(name).Value;
            if (v is not null) b.Attributes[name] = v;
        }
        return b;
    }

    private static string[] AsStrings(object? v) => v switch
    {
        string[] s => s,
        string s1 => [s1],
        null => [],
        _ => throw new InvalidDataException("expected strings"),
    };

    private static DataBundle ReadPlainDataset(IHdf5File f, string file, string path, CancellationToken cancel)
    {
        using var ds = f.OpenDataset(path);
        var values = ReadArray(ds, cancel);
        var b = new DataBundle(Dataset.Kind);
        b.Add("values", values, Sidecar.DefaultDims(values.Rank));
        foreach (var name in ds.AttributeNames())
            if (ds.ReadAttribute(name).Value is { } v) b.Attributes[name] = v;
        if (!b.Attributes.ContainsKey("source")) b.Attributes["source"] = $"{System.IO.Path.GetFileName(file)}:{path}";
        return b;
    }

    /// <summary>The NdType a dataset's values come back as (integers widen to int32/int64, floats to float32/float64).</summary>
    public static NdType TypeFor(Hdf5TypeInfo t, string file, string path) => t.Class switch
    {
        Hdf5TypeClass.Float => t.Size >= 8 ? NdType.Float64 : NdType.Float32,
        Hdf5TypeClass.Integer when t.Size == 1 && !t.Signed => NdType.UInt8,
        Hdf5TypeClass.Integer when t.Size < 4 || (t.Size == 4 && t.Signed) => NdType.Int32,
        Hdf5TypeClass.Integer => NdType.Int64,
        _ => throw new MalformedFileException(file, $"{path} holds {t.Name} values; SoapLens imports numeric arrays only."),
    };

    /// <summary>Reads a whole numeric dataset as an NdArray, in blocks of whole chunks (cancellable between blocks).</summary>
    public static NdArray ReadArray(IHdf5Dataset ds, CancellationToken cancel)
    {
        var type = TypeFor(ds.Type, ds.FilePath, ds.Path);
        var shape = ds.Shape;
        long total = shape.Aggregate(1L, (a, x) => a * x);
        if (total > Array.MaxLength)
            throw new SoapLensException("Hdf5DatasetTooLarge", ErrorKind.InvalidArgument,
                $"{ds.FilePath}: {ds.Path} holds {total} values, more than one array can; read it in parts.", ds.FilePath);
        var a = NdArray.Create(type, shape.Select(x => checked((int)x)).ToArray());
        var chunks = ds.Layout.Chunks;
        switch (a.Data)
        {
            case double[] d: ReadBlocks(ds, d, shape, chunks, cancel); break;
            case float[] fl: ReadBlocks(ds, fl, shape, chunks, cancel); break;
            case long[] l: ReadBlocks(ds, l, shape, chunks, cancel); break;
            case int[] i: ReadBlocks(ds, i, shape, chunks, cancel); break;
            case byte[] by: ReadBlocks(ds, by, shape, chunks, cancel); break;
        }
        return a;
    }

    public override IReadOnlyList<string> List(string path) => Hdf5Inventory.Describe(path).Select(o => o.ToString()).ToArray();
}
