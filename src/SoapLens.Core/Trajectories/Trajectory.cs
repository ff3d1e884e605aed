using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// A lazy, re-readable handle on a trajectory: metadata up front, frames streamed on demand
/// (each call to <see cref="ReadFrames"/> starts again from the file). Not IEnumerable on
/// purpose, so PowerShell passes it down the pipeline as one object.
/// </summary>
public sealed class Trajectory
{
    private readonly TrajectoryFormat? _format;
    private readonly IReadOnlyList<Frame>? _frames;
    private Topology? _topology;
    private int? _sourceFrameCount;

    private Trajectory(string? path, string formatName, TrajectoryFormat? format, TrajectoryReadOptions options,
        FrameSelection selection, IReadOnlyList<Frame>? frames, Topology? topology, int? sourceFrameCount)
    {
        Path = path;
        FormatName = formatName;
        _format = format;
        Options = options;
        Selection = selection;
        _frames = frames;
        _topology = topology;
        _sourceFrameCount = sourceFrameCount;
    }

    /// <summary>Opens a file; reads the first frame for the topology and counts frames when cheap.</summary>
    public static Trajectory Open(string path, string? formatName = null, TrajectoryReadOptions? options = null, FrameSelection? selection = null)
    {
        if (!File.Exists(path))
            throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, $"Cannot find trajectory file '{path}'.", path);
        var format = TrajectoryFormats.Resolve(path, formatName);
        options ??= new TrajectoryReadOptions();
        selection ??= FrameSelection.All;
        selection.Validate();
        var t = new Trajectory(path, format.Name, format, options, selection, null, null, format.CountFramesCheaply(path, options));
        t._topology = t.ReadFirstFrame().Topology;
        return t;
    }

    /// <summary>An in-memory trajectory (simulations, tests, slices kept in memory).</summary>
    public static Trajectory FromFrames(IReadOnlyList<Frame> frames, string name = "memory")
    {
        if (frames.Count == 0) throw SoapLensException.Argument("A trajectory needs at least one frame.");
        var top = frames[0].Topology;
        for (int i = 1; i < frames.Count; i++)
            if (!frames[i].Topology.SameIds(top))
                throw SoapLensException.InvalidData($"Frame {frames[i].Index} of '{name}' holds different atom ids from frame {frames[0].Index}.");
        return new Trajectory(null, name, null, new TrajectoryReadOptions(), FrameSelection.All, frames, top, frames.Count);
    }

    public string? Path { get; }
    public string FormatName { get; }
    public TrajectoryReadOptions Options { get; }
    public FrameSelection Selection { get; }
    public Topology Topology => _topology ?? throw new InvalidOperationException();
    public int AtomCount => Topology.AtomCount;
    public string[] Species => Topology.SpeciesList;
    public string Name => Path is null ? FormatName : System.IO.Path.GetFileName(Path);

    /// <summary>Frames in the source (before selection), when known without a full read.</summary>
    public int? SourceFrameCount => _sourceFrameCount;

    /// <summary>Selected frame count when known (call <see cref="CountFrames"/> to force a scan).</summary>
    public int? FrameCount => _sourceFrameCount is int n ? Selection.Enumerate(n).Count() : null;

    /// <summary>Counts frames, scanning the file when the format cannot tell cheaply.</summary>
    public int CountFrames(CancellationToken cancel = default)
    {
        _sourceFrameCount ??= _format!.CountFrames(Path!, Options, cancel);
        return FrameCount!.Value;
    }

    /// <summary>A new handle on the same source with a further frame selection applied.</summary>
    public Trajectory Select(FrameSelection selection)
    {
        selection.Validate();
        FrameSelection combined;
        if (ReferenceEquals(Selection, FrameSelection.All) || Selection == FrameSelection.All) combined = selection;
        else
        {
            if (_sourceFrameCount is null) CountFrames();
            combined = Selection.Then(selection, _sourceFrameCount!.Value);
        }
        return new Trajectory(Path, FormatName, _format, Options, combined, _frames, _topology, _sourceFrameCount);
    }

    /// <summary>Streams the selected frames in order. Frame.Index is the index in the source.</summary>
    public IEnumerable<Frame> ReadFrames(CancellationToken cancel = default)
    {
        if (_frames is not null)
        {
            for (int i = 0; i < _frames.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                if (Selection.IsPastEnd(i)) yield break;
                if (Selection.Includes(i)) yield return _frames[i];
            }
            yield break;
        }
        var sel = Selection;
        foreach (var f in _format!.Read(Path!, Options,
                     i => sel.IsPastEnd(i) ? FrameDecision.Stop : sel.Includes(i) ? FrameDecision.Read : FrameDecision.Skip, cancel))
        {
            cancel.ThrowIfCancellationRequested();
            yield return f;
        }
    }

    /// <summary>Reads all selected frames into memory.</summary>
    public IReadOnlyList<Frame> LoadFrames(CancellationToken cancel = default) => ReadFrames(cancel).ToList();

    /// <summary>
    /// Reads the frame whose <see cref="Frame.Index"/> is <paramref name="index"/> (its index in the source),
    /// whether or not this handle's frame selection includes it; later frames are not parsed.
    /// </summary>
    public Frame ReadSourceFrame(int index, CancellationToken cancel = default)
    {
        if (index < 0) throw SoapLensException.Argument($"Frame indices must be ≥ 0 (got {index}).", index);
        Frame? found = null;
        if (_frames is not null) found = _frames.FirstOrDefault(f => f.Index == index);
        else
            foreach (var f in _format!.Read(Path!, Options, i => i == index ? FrameDecision.Read : i < index ? FrameDecision.Skip : FrameDecision.Stop, cancel))
            {
                found = f;
                break;
            }
        return found ?? throw new SoapLensException("FrameNotFound", ErrorKind.ObjectNotFound,
            $"'{Path ?? FormatName}' has no frame {index}{(_sourceFrameCount is int n ? $" (it has {n} frames, 0 to {n - 1})" : "")}.", index);
    }

    public Frame ReadFirstFrame(CancellationToken cancel = default) =>
        ReadFrames(cancel).FirstOrDefault() ?? throw new SoapLensException("NoFrames", ErrorKind.InvalidData,
            $"'{Path ?? FormatName}' has no frames{(ReferenceEquals(Selection, FrameSelection.All) ? "" : $" in the selection {Selection}")}.", Path);

    public override string ToString() =>
        $"{Name}: {AtomCount} atoms ({string.Join(", ", Species)}), {(FrameCount?.ToString() ?? "?")} frames [{FormatName}]";
}
