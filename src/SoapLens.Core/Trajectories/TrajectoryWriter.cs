using SoapLens.Data;

namespace SoapLens.Trajectories;

/// <summary>Options of trajectory writers that some formats use.</summary>
public sealed record TrajectoryWriteOptions
{
    /// <summary>Name of the group inside container files (HDF5 trajectory databases).</summary>
    public string? Name { get; init; }

    /// <summary>Replace what is already there (for container formats: an existing group of the same name).</summary>
    public bool Force { get; init; }
}

/// <summary>
/// A trajectory file format that can be written. <see cref="Write"/> streams frames to a path that
/// the caller later renames into place (Export-Trajectory goes through IO/AtomicFile), so a writer
/// never checks for existing files and may assume the path is new. Extra per-atom columns come
/// from any <see cref="IPerAtomColumns"/>; their values are looked up by each frame's source index
/// (<see cref="Frame.Index"/>) and the topology's atom ids.
/// </summary>
public abstract class TrajectoryWriter
{
    /// <summary>Short name used by -Format ("extxyz", "lammpsdump", ...).</summary>
    public abstract string Name { get; }

    /// <summary>File extensions (lower case, with the dot) that select this writer.</summary>
    public abstract IReadOnlyList<string> Extensions { get; }

    /// <summary>
    /// True for container formats that add a trajectory to an existing file (HDF5 databases). Export-Trajectory
    /// then copies an existing target to the temporary path before <see cref="Write"/>, so the file is still
    /// replaced atomically, and -Force is needed only to replace an existing group (see
    /// <see cref="TrajectoryWriteOptions.Force"/>).
    /// </summary>
    public virtual bool AddsToExistingFile => false;

    /// <param name="path">The file to create (a temporary name next to the target).</param>
    /// <param name="trajectory">The trajectory being written (topology, name, frame count via CountFrames).</param>
    /// <param name="frames">The frames to write, in order (streamed; progress and cancellation are the caller's).</param>
    /// <param name="columns">Extra per-atom columns (may be empty).</param>
    public abstract void Write(string path, Trajectory trajectory, IEnumerable<Frame> frames, IReadOnlyList<IPerAtomColumns> columns,
        TrajectoryWriteOptions options, CancellationToken cancel);
}
