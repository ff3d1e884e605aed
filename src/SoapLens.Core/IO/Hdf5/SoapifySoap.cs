using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// The parameters SOAPify stores on a <c>/SOAP/&lt;name&gt;</c> dataset. Species are in dscribe order
/// (ascending atomic number); <see cref="CentreIndices"/> are 0-based atom indices (row r of the
/// dataset is atom CentreIndices[r]), null when every atom is a centre.
/// </summary>
public sealed record SoapifySoapParameters
{
    public string Engine { get; init; } = "dscribe";
    public required int LMax { get; init; }
    public required int NMax { get; init; }
    public required double RCut { get; init; }
    /// <summary>Gaussian width. SOAPify does not store it; SoapLens writes a <c>sigma</c> attribute only when it is not dscribe's default 1.0.</summary>
    public double Sigma { get; init; } = DefaultSigma;
    public required string[] Species { get; init; }
    public long[]? CentreIndices { get; init; }
    /// <summary>Cross-species blocks present (dscribe compression "off", what SOAPify uses).</summary>
    public bool Crossover { get; init; } = true;

    public const double DefaultSigma = 1.0;

    /// <summary>Features per centre in dscribe's native layout for these settings.</summary>
    public int NativeFeatureCount
    {
        get
        {
            long s = Species.Length, same = (long)NMax * (NMax + 1) / 2 * (LMax + 1), cross = (long)NMax * NMax * (LMax + 1);
            return checked((int)(Crossover ? s * same + s * (s - 1) / 2 * cross : s * same));
        }
    }

    /// <summary>
    /// dscribe's <c>get_location</c> for every ordered species pair SOAPify records: (start, stop) of
    /// the pair's block (A-B and B-A are the same block; only A-A without crossover).
    /// </summary>
    public IReadOnlyList<(string A, string B, long Start, long Stop)> SpeciesLocations()
    {
        var list = new List<(string, string, long, long)>();
        long n = Species.Length;
        long symm = (long)NMax * (NMax + 1) / 2 * (LMax + 1), unsymm = (long)NMax * NMax * (LMax + 1);
        for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++)
        {
            if (!Crossover && a != b) continue;
            long i = Math.Min(a, b), j = Math.Max(a, b);
            long start, stop;
            if (Crossover)
            {
                long mSymm = i + (j > i ? 1 : 0);
                long mUnsymm = j + i * n - i * (i + 1) / 2 - mSymm;
                start = mSymm * symm + mUnsymm * unsymm;
                stop = start + (i == j ? symm : unsymm);
            }
            else
            {
                start = i * symm;
                stop = start + symm;
            }
            list.Add((Species[a], Species[b], start, stop));
        }
        return list;
    }

    /// <summary>The centre indices to store: null when <paramref name="centres"/> is every atom 0..atomCount−1 in order.</summary>
    public static long[]? SubsetOrNull(IReadOnlyList<long> centres, int atomCount)
    {
        if (centres.Count != atomCount) return centres.ToArray();
        for (int i = 0; i < centres.Count; i++) if (centres[i] != i) return centres.ToArray();
        return null;
    }
}

/// <summary>
/// Reads a SOAPify SOAP dataset (<c>/SOAP/&lt;name&gt;</c>, frames × centres × features in dscribe's
/// native layout) frame block by frame block, with its parameters.
/// </summary>
public sealed class SoapifySoapReader : IDisposable
{
    public const string Group = "SOAP";
    public const string EngineAttribute = "SOAPengine";
    public const string CentresAttribute = "centersIndexes";
    public const string LocationPrefix = "species_location_";

    private readonly IHdf5File? _ownedFile;
    private readonly IHdf5Dataset _ds;

    private SoapifySoapReader(IHdf5File? owned, IHdf5Dataset ds, SoapifySoapParameters p)
    {
        _ownedFile = owned;
        _ds = ds;
        Parameters = p;
        var s = ds.Shape;
        Frames = checked((int)s[0]);
        Centres = checked((int)s[1]);
        Features = checked((int)s[2]);
    }

    public SoapifySoapParameters Parameters { get; }
    public int Frames { get; }
    public int Centres { get; }
    public int Features { get; }
    public string DatasetPath => _ds.Path;
    /// <summary>The stored chunk shape (null when the dataset is contiguous).</summary>
    public long[]? ChunkShape => _ds.Layout.Chunks;
    public string FilePath => _ds.FilePath;
    /// <summary>True when the file stores float32 (SOAPify's useType="float32").</summary>
    public bool IsFloat32 => _ds.Type is { Class: Hdf5TypeClass.Float, Size: 4 };
    /// <summary>The (start, stop) blocks as stored in the file's species_location_A-B attributes.</summary>
    public IReadOnlyDictionary<string, (long Start, long Stop)> StoredLocations { get; private set; } = new Dictionary<string, (long, long)>();

    /// <summary>Names of the SOAPify SOAP datasets under /SOAP.</summary>
    public static IReadOnlyList<string> List(IHdf5File f)
    {
        if (f.KindOf(Group) != Hdf5ObjectKind.Group) return [];
        using var g = f.OpenGroup(Group);
        var names = new List<string>();
        foreach (var c in g.Children())
        {
            if (c.Kind != Hdf5ObjectKind.Dataset) continue;
            using var d = g.OpenDataset(c.Name);
            if (d.HasAttribute(EngineAttribute)) names.Add(c.Name);
        }
        return names;
    }

    /// <summary>Opens /SOAP/<paramref name="name"/> (or an absolute dataset path); the only SOAP dataset when name is null.</summary>
    public static SoapifySoapReader Open(string path, string? name = null)
    {
        var f = Hdf5Files.Open(path);
        try
        {
            return Open(f, name, owned: true);
        }
        catch
        {
            f.Dispose();
            throw;
        }
    }

    public static SoapifySoapReader Open(IHdf5File f, string? name) => Open(f, name, owned: false);

    private static SoapifySoapReader Open(IHdf5File f, string? name, bool owned)
    {
        var available = List(f);
        string dsPath;
        if (name is null)
        {
            if (available.Count != 1)
                throw new SoapLensException(available.Count == 0 ? "SoapifySoapNotFound" : "Hdf5NameRequired",
                    available.Count == 0 ? ErrorKind.ObjectNotFound : ErrorKind.InvalidArgument,
                    available.Count == 0 ? $"'{f.FilePath}' holds no SOAPify SOAP dataset (/{Group}/<name> with a {EngineAttribute} attribute)."
                        : $"'{f.FilePath}' holds several SOAP datasets; choose one with -Name: {string.Join(", ", available)}.", f.FilePath);
            dsPath = $"/{Group}/{available[0]}";
        }
        else
        {
            dsPath = name.StartsWith('/') || name.Contains('/') ? "/" + Hdf5FileWriter.NormalizeName(name) : $"/{Group}/{name}";
            if (f.KindOf(dsPath) != Hdf5ObjectKind.Dataset)
                throw new SoapLensException("SoapifySoapNotFound", ErrorKind.ObjectNotFound,
                    $"'{f.FilePath}' has no SOAP dataset '{dsPath}'. Available: {(available.Count == 0 ? "none" : string.Join(", ", available))}.", f.FilePath);
        }
        var ds = f.OpenDataset(dsPath);
        try
        {
            if (ds.Shape.Length != 3 || ds.Type.Class != Hdf5TypeClass.Float)
                throw new MalformedFileException(f.FilePath, $"{dsPath} is not a frames × centres × features float dataset ({ds.Type.Name} {Hdf5Inventory.Tuple(ds.Shape)}).");
            var (p, locations) = ReadParameters(ds);
            if (p.CentreIndices is not null && p.CentreIndices.Length != ds.Shape[1])
                throw new MalformedFileException(f.FilePath, $"{dsPath} has {ds.Shape[1]} centres but {CentresAttribute} lists {p.CentreIndices.Length}.");
            return new SoapifySoapReader(owned ? f : null, ds, p) { StoredLocations = locations };
        }
        catch
        {
            ds.Dispose();
            throw;
        }
    }

    private static (SoapifySoapParameters, Dictionary<string, (long, long)>) ReadParameters(IHdf5Dataset ds)
    {
        object? Get(string n) => ds.HasAttribute(n) ? ds.ReadAttribute(n).Value : null;
        MalformedFileException Bad(string what) => new(ds.FilePath, $"{ds.Path}: {what}");
        var engine = Get(EngineAttribute) as string ?? throw Bad($"the {EngineAttribute} attribute is missing or not a string.");
        long Int(string n) => Get(n) switch
        {
            long l => l,
            double d when d == Math.Floor(d) => (long)d,
            _ => throw Bad($"the '{n}' attribute is missing or not an integer."),
        };
        double rcut = Get("r_cut") switch
        {
            double d => d,
            long l => l,
            _ => throw Bad("the 'r_cut' attribute is missing or not a number."),
        };
        var species = Get("species") switch
        {
            string[] s => s,
            string s1 => [s1],
            _ => throw Bad("the 'species' attribute is missing or not strings."),
        };
        var centres = Get(CentresAttribute) switch
        {
            long[] c => c,
            long c1 => [c1],
            null => null,
            _ => throw Bad($"the '{CentresAttribute}' attribute is not integers."),
        };
        double sigma = Get("sigma") is double sg ? sg : SoapifySoapParameters.DefaultSigma;
        var locations = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        bool cross = species.Length == 1;
        foreach (var n in ds.AttributeNames().Where(n => n.StartsWith(LocationPrefix, StringComparison.Ordinal)))
        {
            if (Get(n) is long[] { Length: 2 } se) locations[n[LocationPrefix.Length..]] = (se[0], se[1]);
            var pair = n[LocationPrefix.Length..].Split('-');
            if (pair.Length == 2 && pair[0] != pair[1]) cross = true;
        }
        var p = new SoapifySoapParameters
        {
            Engine = engine,
            LMax = checked((int)Int("l_max")),
            NMax = checked((int)Int("n_max")),
            RCut = rcut,
            Sigma = sigma,
            Species = species,
            CentreIndices = centres,
            Crossover = cross,
        };
        return (p, locations);
    }

    /// <summary>Reads frames [start, start+count) into <paramref name="destination"/> (count × centres × features, C order).</summary>
    public void ReadFrames<T>(int start, int count, Span<T> destination) where T : unmanaged =>
        _ds.Read<T>([start, 0, 0], [count, Centres, Features], destination);

    /// <summary>Every frame (frames × centres × features), read chunk by chunk.</summary>
    public double[] ReadAll(CancellationToken cancel = default)
    {
        long n = (long)Frames * Centres * Features;
        if (n > Array.MaxLength)
            throw new SoapLensException("Hdf5DatasetTooLarge", ErrorKind.InvalidArgument, $"{FilePath}: {DatasetPath} is too large for one array; read it with ReadFrames.", FilePath);
        var data = new double[n];
        Hdf5DataFormat.ReadBlocks(_ds, data, _ds.Shape, _ds.Layout.Chunks, cancel);
        return data;
    }

    /// <summary>Every frame as a (frames, centres, features) array of the stored type (float64, or float32 for useType="float32").</summary>
    public NdArray ReadArray(CancellationToken cancel = default) => Hdf5DataFormat.ReadArray(_ds, cancel);

    /// <summary>The value of any attribute of the dataset (SOAPify's or others, e.g. SoapLens' own); null when absent.</summary>
    public object? Attribute(string name) => _ds.HasAttribute(name) ? _ds.ReadAttribute(name).Value : null;

    public void Dispose()
    {
        _ds.Dispose();
        _ownedFile?.Dispose();
    }

    public override string ToString() =>
        $"{DatasetPath}: {Frames} frames × {Centres} centres × {Features} features ({Parameters.Engine}, r_cut {Parameters.RCut.ToString(CultureInfo.InvariantCulture)}, n_max {Parameters.NMax}, l_max {Parameters.LMax}, species {string.Join(" ", Parameters.Species)})";
}

/// <summary>Options of the SOAPify SOAP writer.</summary>
public sealed record SoapifySoapWriteOptions
{
    /// <summary>Replace an existing /SOAP/&lt;name&gt; (and overwrite a non-HDF5 file at the path).</summary>
    public bool Force { get; init; }
    /// <summary>
    /// Frames per chunk (SOAPify's SOAPOutputChunkDim). Null: SOAPify's 100, reduced so that a chunk
    /// stays within 16 MiB (a 100-frame chunk of 720 × 576 float64 would be 330 MB in memory at
    /// every read and write) and to the frame count when it is known.
    /// </summary>
    public int? ChunkFrames { get; init; }

    /// <summary>The chunk length SoapLens uses for frames of <paramref name="frameBytes"/> bytes.</summary>
    public static int AutoChunkFrames(long frameBytes, int? frames = null, int? requested = null)
    {
        int n = requested ?? (int)Math.Clamp((16L << 20) / Math.Max(1, frameBytes), 1, 100);
        if (frames is int f && requested is null) n = Math.Min(n, Math.Max(1, f));
        return Math.Max(1, n);
    }
    /// <summary>Store float32 (SOAPify's useType="float32").</summary>
    public bool Float32 { get; init; }
    /// <summary>gzip level; SOAPify uses 9.</summary>
    public int Deflate { get; init; } = 9;
    /// <summary>Further attributes of the dataset (SOAPify reads its own by name and ignores others).</summary>
    public IReadOnlyDictionary<string, object>? Attributes { get; init; }
}

/// <summary>
/// Writes SOAP spectra as SOAPify does: dataset <c>/SOAP/&lt;name&gt;</c>, frames × centres × features in
/// dscribe's native layout, chunks of whole frames, gzip 9, growable along frames, with SOAPify's
/// attributes (SOAPengine, l_max, n_max, r_cut, species, species_location_A-B, centersIndexes for a
/// subset of centres). Frames can be appended one block at a time.
/// </summary>
public sealed class SoapifySoapWriter : IDisposable
{
    private readonly IHdf5Dataset _ds;
    private readonly int _centres, _features;
    private long _frames;

    private SoapifySoapWriter(IHdf5Dataset ds, int centres, int features)
    {
        _ds = ds;
        _centres = centres;
        _features = features;
    }

    public long FrameCount => _frames;

    /// <summary>Creates /SOAP/<paramref name="name"/> in an open, writable file.</summary>
    public static SoapifySoapWriter Create(IHdf5File file, string name, SoapifySoapParameters p, int centres, int features, SoapifySoapWriteOptions? options = null)
    {
        options ??= new SoapifySoapWriteOptions();
        Validate(p, centres, features);
        var path = DatasetPath(name);
        var ds = file.CreateDataset(path, new Hdf5DatasetSpec(options.Float32 ? Hdf5ElementType.Float32 : Hdf5ElementType.Float64, [0, centres, features])
        {
            MaxShape = [-1, centres, features],
            Chunks = [SoapifySoapWriteOptions.AutoChunkFrames((long)centres * features * (options.Float32 ? 4 : 8), requested: options.ChunkFrames),
                Math.Max(1, centres), Math.Max(1, features)],
            Deflate = options.Deflate,
        });
        try
        {
            ds.WriteAttribute(SoapifySoapReader.EngineAttribute, p.Engine);
            ds.WriteAttribute("l_max", (long)p.LMax);
            ds.WriteAttribute("n_max", (long)p.NMax);
            ds.WriteAttribute("r_cut", p.RCut);
            ds.WriteAttribute("species", p.Species);
            if (p.CentreIndices is not null) ds.WriteAttribute(SoapifySoapReader.CentresAttribute, p.CentreIndices);
            foreach (var (a, b, start, stop) in p.SpeciesLocations())
                ds.WriteAttribute($"{SoapifySoapReader.LocationPrefix}{a}-{b}", new[] { start, stop });
            if (p.Sigma != SoapifySoapParameters.DefaultSigma) ds.WriteAttribute("sigma", p.Sigma);
            if (options.Attributes is not null)
                foreach (var (k, v) in options.Attributes) ds.WriteAttribute(k, v);
            return new SoapifySoapWriter(ds, centres, features);
        }
        catch
        {
            ds.Dispose();
            throw;
        }
    }

    /// <summary>"cu211" → "SOAP/cu211"; a path with a slash is used as given.</summary>
    public static string DatasetPath(string name) =>
        name.Contains('/') ? Hdf5FileWriter.NormalizeName(name, "dataset name") : $"{SoapifySoapReader.Group}/{Hdf5FileWriter.NormalizeName(name, "dataset name")}";

    private static void Validate(SoapifySoapParameters p, int centres, int features)
    {
        if (p.Species.Length == 0) throw SoapLensException.Argument("A SOAP dataset needs at least one species.");
        if (p.NMax < 1 || p.LMax < 0) throw SoapLensException.Argument($"n_max must be ≥ 1 and l_max ≥ 0 (got {p.NMax}, {p.LMax}).");
        if (p.Species.Distinct(StringComparer.Ordinal).Count() != p.Species.Length)
            throw SoapLensException.Argument($"The species list repeats a species: {string.Join(", ", p.Species)}.");
        for (int i = 1; i < p.Species.Length; i++)
            if (Elements.AtomicNumber(p.Species[i]) < Elements.AtomicNumber(p.Species[i - 1]))
                throw SoapLensException.Argument($"Species must be in dscribe order (ascending atomic number): {string.Join(", ", p.Species)}.");
        if (p.Engine == "dscribe" && features != p.NativeFeatureCount)
            throw SoapLensException.Argument(
                $"SOAPify stores dscribe's native layout: {p.NativeFeatureCount} features for species {string.Join(" ", p.Species)}, n_max {p.NMax}, l_max {p.LMax}; the data has {features}. Convert full-layout spectra to the native layout first.");
        if (p.CentreIndices is not null && p.CentreIndices.Length != centres)
            throw SoapLensException.Argument($"{p.CentreIndices.Length} centre indices for {centres} centres.");
        if (p.CentreIndices?.Any(c => c < 0) == true) throw SoapLensException.Argument("Centre indices are 0-based and cannot be negative.");
    }

    /// <summary>Appends <paramref name="frames"/> frames (frames × centres × features, C order).</summary>
    public void Append(ReadOnlySpan<double> data, int frames) => Append<double>(data, frames);

    public void Append(ReadOnlySpan<float> data, int frames) => Append<float>(data, frames);

    private void Append<T>(ReadOnlySpan<T> data, int frames) where T : unmanaged
    {
        if (frames == 0) return;
        if (data.Length != (long)frames * _centres * _features)
            throw new ArgumentException($"{frames} frames × {_centres} × {_features} need {(long)frames * _centres * _features} values, got {data.Length}.");
        _ds.SetExtent([_frames + frames, _centres, _features]);
        _ds.Write(new long[] { _frames, 0, 0 }, new long[] { frames, _centres, _features }, data);
        _frames += frames;
    }

    /// <summary>Writes a whole SOAP array into <paramref name="path"/> (created, or added to atomically).</summary>
    public static void WriteFile(string path, string name, SoapifySoapParameters p, double[] data, int frames, int centres, int features,
        SoapifySoapWriteOptions? options = null, CancellationToken cancel = default) =>
        WriteFile<double>(path, name, p, data, frames, centres, features, options, cancel);

    public static void WriteFile(string path, string name, SoapifySoapParameters p, float[] data, int frames, int centres, int features,
        SoapifySoapWriteOptions? options = null, CancellationToken cancel = default) =>
        WriteFile<float>(path, name, p, data, frames, centres, features, options, cancel);

    private static void WriteFile<T>(string path, string name, SoapifySoapParameters p, T[] data, int frames, int centres, int features,
        SoapifySoapWriteOptions? options, CancellationToken cancel) where T : unmanaged
    {
        if (data.LongLength != (long)frames * centres * features)
            throw new ArgumentException($"{frames} × {centres} × {features} needs {(long)frames * centres * features} values, got {data.LongLength}.");
        Validate(p, centres, features);
        var target = DatasetPath(name);
        long per = (long)centres * features;
        Hdf5FileWriter.AddObject(path, target, options?.Force ?? false,
            f => Write<T>(f, target, p, frames, centres, features, options, (start, n) => data.AsSpan((int)(start * per), (int)(n * per)), cancel), cancel);
    }

    /// <summary>Hands out frames [start, start+count) as C-ordered values (a view or a filled buffer, valid until the next call).</summary>
    public delegate ReadOnlySpan<T> FrameBlockSource<T>(int start, int count) where T : unmanaged;

    /// <summary>
    /// Creates /SOAP/<paramref name="name"/> in an open, writable file and fills it from <paramref name="source"/>,
    /// several whole chunks per request (they are compressed in parallel).
    /// </summary>
    public static void Write<T>(IHdf5File file, string name, SoapifySoapParameters p, int frames, int centres, int features,
        SoapifySoapWriteOptions? options, FrameBlockSource<T> source, CancellationToken cancel) where T : unmanaged
    {
        options ??= new SoapifySoapWriteOptions();
        int size = options.Float32 ? 4 : 8;
        var o = options with { ChunkFrames = SoapifySoapWriteOptions.AutoChunkFrames((long)centres * features * size, frames, options.ChunkFrames) };
        using var w = Create(file, name, p, centres, features, o);
        int step = checked((int)Hdf5Chunking.RowsPerBlock([frames, centres, features], [o.ChunkFrames!.Value, centres, features], size));
        for (int start = 0; start < frames; start += step)
        {
            cancel.ThrowIfCancellationRequested();
            int n = Math.Min(step, frames - start);
            w.Append<T>(source(start, n), n);
        }
    }

    public void Dispose() => _ds.Dispose();
}
