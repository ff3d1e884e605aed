namespace SoapLens.Trajectories;

/// <summary>Reader options that some formats use.</summary>
public sealed record TrajectoryReadOptions
{
    /// <summary>A topology file (e.g. the matching .gro for an .xtc) giving ids, names and species.</summary>
    public string? TopologyPath { get; init; }

    /// <summary>LAMMPS numeric type → element symbol.</summary>
    public IReadOnlyDictionary<string, string>? TypeMap { get; init; }

    /// <summary>Name of a group inside container files (HDF5 trajectory databases).</summary>
    public string? Name { get; init; }
}

/// <summary>
/// A trajectory file format. Implementations read frames sequentially (streaming: memory does
/// not grow with the number of frames) and report malformed input as
/// <see cref="Pipeline.MalformedFileException"/> naming the line or frame.
/// </summary>
public abstract class TrajectoryFormat
{
    /// <summary>Short name used by -Format ("extxyz", "lammpsdump", "gro", "xtc", ...).</summary>
    public abstract string Name { get; }

    /// <summary>File extensions (lower case, with the dot) that select this format.</summary>
    public abstract IReadOnlyList<string> Extensions { get; }

    /// <summary>Reads every frame of the file in order; <paramref name="frameFilter"/> lets a reader skip parsing unselected frames.</summary>
    public abstract IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel);

    /// <summary>Counts frames when that is cheap (a header or an index says so); null otherwise.</summary>
    public virtual int? CountFramesCheaply(string path, TrajectoryReadOptions options) => null;

    /// <summary>
    /// Counts frames by scanning. The default asks <see cref="Read"/> to skip every frame and notes
    /// the indices the reader offers, so a reader with a fast skip path counts fast.
    /// </summary>
    public virtual int CountFrames(string path, TrajectoryReadOptions options, CancellationToken cancel)
    {
        int n = 0;
        foreach (var _ in Read(path, options, i => { n = i + 1; return FrameDecision.Skip; }, cancel)) { }
        return n;
    }
}

/// <summary>What a reader should do with frame i.</summary>
public enum FrameDecision
{
    Read,
    Skip,
    Stop,
}
