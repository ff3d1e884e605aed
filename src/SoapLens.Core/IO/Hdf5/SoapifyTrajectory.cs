using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// SOAPify trajectory databases (<c>/Trajectories/&lt;name&gt;/</c> with <c>Trajectory</c> frames × atoms × 3,
/// <c>Box</c> frames × 6 = a b c α β γ, <c>Types</c> per-atom strings). -Name picks the group; a file
/// with one group needs none. Atoms get ids 1..N in file order, names from Types and species inferred
/// from them (OW → O, MW → none). The cell is periodic in all three directions, as SOAPify's ase
/// frames are. Frames stream chunk by chunk. An H5MD file with a .h5 extension is read as H5MD.
/// </summary>
public sealed class SoapifyTrajectoryFormat : TrajectoryFormat
{
    public const string Group = "Trajectories";
    /// <summary>SoapLens' periodic flags (bool[3]) on a trajectory group; absent in SOAPify's own files.</summary>
    public const string PeriodicAttribute = SoapifySpectrumLayout.PeriodicAttribute;

    public override string Name => "hdf5";
    public override IReadOnlyList<string> Extensions { get; } = [".hdf5", ".h5"];

    public static bool IsTrajectoryGroup(IHdf5Group g) =>
        g.KindOf("Trajectory") == Hdf5ObjectKind.Dataset && g.KindOf("Box") == Hdf5ObjectKind.Dataset && g.KindOf("Types") == Hdf5ObjectKind.Dataset;

    /// <summary>Names of the trajectory groups under /Trajectories.</summary>
    public static IReadOnlyList<string> List(IHdf5File f)
    {
        if (f.KindOf(Group) != Hdf5ObjectKind.Group) return [];
        using var g = f.OpenGroup(Group);
        var names = new List<string>();
        foreach (var c in g.Children().Where(c => c.Kind == Hdf5ObjectKind.Group))
        {
            using var child = g.OpenGroup(c.Name);
            if (IsTrajectoryGroup(child)) names.Add(c.Name);
        }
        return names;
    }

    private static IHdf5Group OpenTrajectory(IHdf5File f, string? name)
    {
        if (name is not null && name.Contains('/'))
        {
            var path = "/" + Hdf5FileWriter.NormalizeName(name);
            if (f.KindOf(path) == Hdf5ObjectKind.Group)
            {
                var g = f.OpenGroup(path);
                if (IsTrajectoryGroup(g)) return g;
                g.Dispose();
            }
        }
        return f.OpenGroup($"{Group}/{PickGroup(f, List(f), name, "trajectory", "no SOAPify trajectory found (the file has no /Trajectories/<name> groups)")}");
    }

    /// <summary>
    /// The group -Name chooses among <paramref name="names"/>: the only one when no name is given; the
    /// errors list what the file holds.
    /// </summary>
    internal static string PickGroup(IHdf5File f, IReadOnlyList<string> names, string? name, string what, string noneProblem)
    {
        string available = $"available: {string.Join(", ", names)}";
        if (names.Count == 0) throw new MalformedFileException(f.FilePath, $"{noneProblem}.");
        if (name is null)
        {
            if (names.Count == 1) return names[0];
            throw new SoapLensException("Hdf5NameRequired", ErrorKind.InvalidArgument,
                $"'{f.FilePath}' holds several {what}s; choose one with -Name ({available}).", f.FilePath);
        }
        if (!names.Contains(name))
            throw new SoapLensException("TrajectoryNotFound", ErrorKind.ObjectNotFound, $"'{f.FilePath}' has no {what} '{name}' ({available}).", f.FilePath);
        return name;
    }

    internal static bool IsH5md(IHdf5File f) => f.KindOf("h5md") == Hdf5ObjectKind.Group && f.KindOf("particles") == Hdf5ObjectKind.Group;

    public override int? CountFramesCheaply(string path, TrajectoryReadOptions options)
    {
        using var f = Hdf5Files.Open(path);
        if (IsH5md(f)) return H5mdTrajectoryFormat.CountFrames(f, options);
        using var g = OpenTrajectory(f, options.Name);
        using var t = g.OpenDataset("Trajectory");
        return t.Shape.Length == 3 ? checked((int)t.Shape[0]) : null;
    }

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        using var f = Hdf5Files.Open(path);
        if (IsH5md(f))
        {
            foreach (var fr in H5mdTrajectoryFormat.ReadFrames(f, options, frameFilter, cancel)) yield return fr;
            yield break;
        }
        using var g = OpenTrajectory(f, options.Name);
        using var traj = g.OpenDataset("Trajectory");
        using var box = g.OpenDataset("Box");
        using var types = g.OpenDataset("Types");
        var ts = traj.Shape;
        if (ts.Length != 3 || ts[2] != 3 || traj.Type.Class is not (Hdf5TypeClass.Float or Hdf5TypeClass.Integer))
            throw new MalformedFileException(path, $"{traj.Path} must be numbers of shape (frames, atoms, 3), not {traj.Type.Name} {Hdf5Inventory.Tuple(ts)}.");
        int frames = checked((int)ts[0]), atoms = checked((int)ts[1]);
        var bs = box.Shape;
        if (bs.Length != 2 || bs[1] != 6 || bs[0] < frames)
            throw new MalformedFileException(path, $"{box.Path} must have shape ({frames}, 6), not {Hdf5Inventory.Tuple(bs)}.");
        if (types.Shape.Length != 1 || types.Shape[0] != atoms || types.Type.Class != Hdf5TypeClass.String)
            throw new MalformedFileException(path, $"{types.Path} must hold {atoms} strings, not {types.Type.Name} {Hdf5Inventory.Tuple(types.Shape)}.");
        var names = types.ReadStrings(0, atoms);
        var assembler = new FrameAssembler(path);
        // SoapLens' own files say which axes are periodic; SOAPify's imply all three for a boxed frame.
        Pbc? stored = g.HasAttribute(PeriodicAttribute) && g.ReadAttribute(PeriodicAttribute).Value is bool[] { Length: 3 } pb
            ? new Pbc(pb[0], pb[1], pb[2]) : null;

        double[] boxes = [];
        var blocks = new FrameBlocks(traj, frames, atoms, (start, count) => box.Read<double>([start, 0], [count, 6], boxes.AsSpan(0, count * 6)));
        boxes = new double[blocks.Block * 6];
        for (int i = 0; i < frames; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var decision = frameFilter(i);
            if (decision == FrameDecision.Stop) yield break;
            if (decision == FrameDecision.Skip) continue;
            var raw = new RawFrame(atoms)
            {
                Names = names,
                Positions = blocks.Positions(i),
            };
            int k = blocks.Offset(i);
            var b = boxes.AsSpan(k * 6, 6);
            if (b[0] > 0 && b[1] > 0 && b[2] > 0)
            {
                Cell cell;
                try { cell = Cell.FromParameters(b[0], b[1], b[2], b[3], b[4], b[5]); }
                catch (SoapLensException ex) { throw new MalformedFileException(path, $"{box.Path}: {ex.Message}", frame: i); }
                raw.Cell = cell;
                raw.Pbc = cell.IsDegenerate ? Pbc.None : stored ?? Pbc.All;
                if (cell.IsDegenerate) raw.Cell = null;
            }
            yield return assembler.Assemble(raw, i);
        }
    }
}

/// <summary>
/// Positions (frames × atoms × 3) read a block of whole chunks at a time, so each chunk is inflated
/// once however the frames are picked; memory stays at one block (about 32 MiB).
/// </summary>
internal sealed class FrameBlocks
{
    private readonly IHdf5Dataset _positions;
    private readonly int _frames, _atoms;
    private readonly double[] _buffer;
    private readonly Action<int, int>? _onLoad;
    private int _start = -1, _count;

    public FrameBlocks(IHdf5Dataset positions, int frames, int atoms, Action<int, int>? onLoad = null)
    {
        _positions = positions;
        _frames = frames;
        _atoms = atoms;
        _onLoad = onLoad;
        Block = checked((int)Math.Min(Hdf5Chunking.RowsPerBlock(positions.Shape, positions.Layout.Chunks, 8, 32 << 20), Math.Max(frames, 1)));
        _buffer = new double[(long)Block * atoms * 3];
    }

    /// <summary>Frames per block.</summary>
    public int Block { get; }

    /// <summary>Position of <paramref name="frame"/> inside the loaded block, loading the block (and calling onLoad) when needed.</summary>
    public int Offset(int frame)
    {
        if (_start < 0 || frame < _start || frame >= _start + _count)
        {
            _start = frame - frame % Block;
            _count = Math.Min(Block, _frames - _start);
            _positions.Read<double>([_start, 0, 0], [_count, _atoms, 3], _buffer.AsSpan(0, _count * _atoms * 3));
            _onLoad?.Invoke(_start, _count);
        }
        return frame - _start;
    }

    /// <summary>A copy of the positions of <paramref name="frame"/> (atoms × 3).</summary>
    public double[] Positions(int frame) => _buffer.AsSpan(Offset(frame) * _atoms * 3, _atoms * 3).ToArray();
}

/// <summary>Options of the SOAPify trajectory writer.</summary>
public sealed record SoapifyTrajectoryWriteOptions
{
    /// <summary>Replace an existing /Trajectories/&lt;name&gt; (and overwrite a non-HDF5 file at the path).</summary>
    public bool Force { get; init; }
    /// <summary>Frames per chunk (SOAPify's trajChunkSize). Null: SOAPify's 100, fewer when a chunk would exceed 16 MiB.</summary>
    public int? ChunkFrames { get; init; }
    /// <summary>Store float32 positions and boxes (SOAPify's useType="float32").</summary>
    public bool Float32 { get; init; }
    /// <summary>Types = atom names (OW, HW1) instead of element symbols. SOAPify needs element symbols to compute SOAP.</summary>
    public bool UseNames { get; init; }
    /// <summary>Extra attributes of the trajectory group (SOAPify's MDA2HDF5 attrs=).</summary>
    public IReadOnlyDictionary<string, object>? Attributes { get; init; }
}

/// <summary>
/// Writes a SOAPify trajectory group <c>/Trajectories/&lt;name&gt;</c> exactly as SOAPify's MDA2HDF5 lays it
/// out: Types (atoms, variable-length UTF-8, gzip), Trajectory (frames × atoms × 3, chunks of
/// ChunkFrames frames, growable, gzip), Box (frames × 6, h5py's automatic chunks, growable, gzip).
/// Frames are buffered one chunk at a time. Types are element symbols (the atom name for atoms
/// without an element, e.g. virtual sites) unless UseNames; frames without a cell get a zero box.
/// </summary>
public sealed class SoapifyTrajectoryWriter : IDisposable
{
    /// <summary>h5py's gzip level when none is given (what SOAPify's compression="gzip" gives).</summary>
    public const int Deflate = 4;

    private readonly IHdf5Group _group;
    private readonly IHdf5Dataset _traj, _box;
    private readonly int _atoms, _chunk;
    private readonly double[] _positions, _boxes;
    private int _buffered;
    private long _written;
    private readonly Topology _topology;

    private SoapifyTrajectoryWriter(IHdf5Group group, IHdf5Dataset traj, IHdf5Dataset box, Topology topology, int chunk)
    {
        _group = group;
        _traj = traj;
        _box = box;
        _topology = topology;
        _atoms = topology.AtomCount;
        _chunk = chunk;
        _positions = new double[(long)chunk * _atoms * 3];
        _boxes = new double[chunk * 6];
    }

    public long FrameCount => _written + _buffered;

    /// <summary>
    /// Creates /Trajectories/<paramref name="name"/> (or the group path given) in an open, writable file.
    /// SOAPify's layout has no place for periodicity (its readers treat every boxed frame as periodic), so
    /// <paramref name="pbc"/> goes into a <c>soaplens_periodic</c> group attribute, which SOAPify ignores;
    /// without it a slab periodic in x and y would come back periodic in z.
    /// </summary>
    public static SoapifyTrajectoryWriter Create(IHdf5File file, string name, Topology topology, Pbc pbc, SoapifyTrajectoryWriteOptions? options = null)
    {
        options ??= new SoapifyTrajectoryWriteOptions();
        int n = topology.AtomCount;
        int chunk = SoapifySoapWriteOptions.AutoChunkFrames((long)n * 3 * (options.Float32 ? 4 : 8), requested: options.ChunkFrames);
        if (n == 0) throw SoapLensException.Argument("A SOAPify trajectory needs at least one atom.");
        var g = file.RequireGroup(GroupPath(name));
        IHdf5Dataset? traj = null, box = null;
        try
        {
            var types = new string[n];
            for (int i = 0; i < n; i++)
                types[i] = options.UseNames ? topology.Names[i] : topology.Species[i] ?? topology.Names[i];
            using (var t = g.CreateDataset("Types", new Hdf5DatasetSpec(Hdf5ElementType.String, [n])
                   { Chunks = Hdf5Chunking.GuessLikeH5py([n], 8), Deflate = Deflate }))
                t.WriteStrings(0, types);
            var element = options.Float32 ? Hdf5ElementType.Float32 : Hdf5ElementType.Float64;
            int size = options.Float32 ? 4 : 8;
            traj = g.CreateDataset("Trajectory", new Hdf5DatasetSpec(element, [0, n, 3]) { MaxShape = [-1, n, 3], Chunks = [chunk, n, 3], Deflate = Deflate });
            box = g.CreateDataset("Box", new Hdf5DatasetSpec(element, [0, 6]) { MaxShape = [-1, 6], Chunks = Hdf5Chunking.GuessLikeH5py([0, 6], size), Deflate = Deflate });
            if (options.Attributes is not null)
                foreach (var (k, v) in options.Attributes) g.WriteAttribute(k, v);
            g.WriteAttribute(SoapifyTrajectoryFormat.PeriodicAttribute, new[] { pbc.A, pbc.B, pbc.C });
            return new SoapifyTrajectoryWriter(g, traj, box, topology, chunk);
        }
        catch
        {
            traj?.Dispose();
            box?.Dispose();
            g.Dispose();
            throw;
        }
    }

    /// <summary>"cu211" → "Trajectories/cu211"; a path with a slash is used as given.</summary>
    public static string GroupPath(string name) =>
        name.Contains('/') ? Hdf5FileWriter.NormalizeName(name, "group name") : $"{SoapifyTrajectoryFormat.Group}/{Hdf5FileWriter.NormalizeName(name, "group name")}";

    public void Append(Frame frame)
    {
        if (frame.AtomCount != _atoms || !frame.Topology.SameIds(_topology))
            throw SoapLensException.InvalidData($"Frame {frame.Index} holds {frame.AtomCount} atoms with other ids than the first frame; a SOAPify trajectory keeps the same atoms in every frame.");
        frame.Positions.AsSpan().CopyTo(_positions.AsSpan(_buffered * _atoms * 3, _atoms * 3));
        BoxOf(frame.Cell).CopyTo(_boxes.AsSpan(_buffered * 6, 6));
        if (++_buffered == _chunk) Flush();
    }

    /// <summary>(a, b, c, α, β, γ); right angles exactly 90 for rectangular cells, zeros without a cell.</summary>
    public static double[] BoxOf(Cell? cell)
    {
        if (cell is null) return new double[6];
        if (cell.IsOrthorhombic) return [cell.Length(0), cell.Length(1), cell.Length(2), 90, 90, 90];
        var p = cell.Parameters;
        return [p.A, p.B, p.C, p.Alpha, p.Beta, p.Gamma];
    }

    private void Flush()
    {
        if (_buffered == 0) return;
        _traj.SetExtent([_written + _buffered, _atoms, 3]);
        _traj.Write<double>([_written, 0, 0], [_buffered, _atoms, 3], _positions.AsSpan(0, _buffered * _atoms * 3));
        _box.SetExtent([_written + _buffered, 6]);
        _box.Write<double>([_written, 0], [_buffered, 6], _boxes.AsSpan(0, _buffered * 6));
        _written += _buffered;
        _buffered = 0;
    }

    /// <summary>Writes the frames still buffered. Call once after the last frame.</summary>
    public void Complete() => Flush();

    public void Dispose()
    {
        _traj.Dispose();
        _box.Dispose();
        _group.Dispose();
    }

    /// <summary>
    /// Writes <paramref name="frames"/> as /Trajectories/<paramref name="name"/> of <paramref name="path"/>
    /// (created, or added to an existing HDF5 file atomically); returns the number of frames written.
    /// </summary>
    public static long WriteFile(string path, string name, IEnumerable<Frame> frames, SoapifyTrajectoryWriteOptions? options = null,
        CancellationToken cancel = default, Action<Frame>? onFrame = null)
    {
        options ??= new SoapifyTrajectoryWriteOptions();
        var target = GroupPath(name);
        long count = 0;
        Hdf5FileWriter.AddObject(path, target, options.Force, f => count = Write(f, target, frames, options, cancel, onFrame), cancel);
        return count;
    }

    /// <summary>Writes <paramref name="frames"/> as the group <paramref name="groupPath"/> of an open, writable file; returns the number of frames.</summary>
    public static long Write(IHdf5File file, string groupPath, IEnumerable<Frame> frames, SoapifyTrajectoryWriteOptions? options = null,
        CancellationToken cancel = default, Action<Frame>? onFrame = null)
    {
        SoapifyTrajectoryWriter? w = null;
        try
        {
            foreach (var fr in frames)
            {
                cancel.ThrowIfCancellationRequested();
                w ??= Create(file, groupPath, fr.Topology, fr.Pbc, options);
                w.Append(fr);
                onFrame?.Invoke(fr);
            }
            if (w is null) throw SoapLensException.InvalidData("There are no frames to write.");
            w.Complete();
            return w.FrameCount;
        }
        finally
        {
            w?.Dispose();
        }
    }
}
