using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Trajectories;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Export-Trajectory.</summary>
public sealed record ExportTrajectoryOptions
{
    public required string Path { get; init; }
    public string? Format { get; init; }
    /// <summary>Extra per-atom columns (cluster labels, LENS, PCA scores...).</summary>
    public IReadOnlyList<IPerAtomColumns> Columns { get; init; } = [];
    /// <summary>Frames to write, applied to the frames of the piped trajectory; null = all of them.</summary>
    public FrameSelection? Selection { get; init; }
    public TrajectoryWriteOptions WriteOptions { get; init; } = new();
    public bool Force { get; init; }
    public bool PassThru { get; init; }
}

/// <summary>
/// Export-Trajectory: writes the piped trajectory (one per file) through the writer chosen by
/// -Format or the extension, into a temporary file renamed into place when complete, with progress
/// per frame and Ctrl+C checked per frame.
/// </summary>
public sealed class ExportTrajectoryStage : Stage
{
    private readonly ExportTrajectoryOptions _options;
    private string? _path;
    private TrajectoryWriter? _writer;
    private int _count;

    public ExportTrajectoryStage(IPipelineHost host, ExportTrajectoryOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        _options.Selection?.Validate();
        _path = Host.ResolveOutputPath(_options.Path);
        _writer = TrajectoryWriters.Resolve(_path, _options.Format);
        foreach (var c in _options.Columns)
            if (c is null) throw SoapLensException.Argument("A -Column value is null.");
    }

    public void Process(Trajectory? trajectory)
    {
        if (trajectory is null) return;
        Cancellation.ThrowIfCancellationRequested();
        if (++_count > 1)
        {
            Host.WriteError(new SoapLensError("OneTrajectoryPerFile", ErrorKind.InvalidArgument,
                $"'{_path}' already receives a trajectory in this command; export each trajectory to its own file.", trajectory));
            return;
        }
        TryRun(() => Export(trajectory), _path);
    }

    private void Export(Trajectory trajectory)
    {
        var selected = _options.Selection is null ? trajectory : trajectory.Select(_options.Selection);
        var what = $"Export {(selected.FrameCount is int n ? $"{n} frames" : "frames")} of {trajectory.Name} as {_writer!.Name}" +
                   (_options.Columns.Count > 0 ? $" with {_options.Columns.Count} column source(s)" : "");
        if (!Host.ShouldProcess(_path!, what)) return;
        var columns = _options.Columns.Select(c => new CountingColumns(c)).ToArray();
        int written = 0;
        var writeOptions = _options.WriteOptions with { Force = _options.Force };
        // Container formats add a group to an existing file: work on a copy, then swap it in.
        bool addTo = _writer.AddsToExistingFile && File.Exists(_path);
        using (var progress = new ProgressReporter(Host, $"Export-Trajectory {System.IO.Path.GetFileName(_path)}"))
        {
            AtomicFile.WriteFile(_path!, _options.Force || addTo, tmp =>
            {
                if (addTo) File.Copy(_path!, tmp);
                _writer.Write(tmp, selected, Frames(selected, progress, () => written++), columns, writeOptions, Cancellation);
            }, Cancellation);
        }
        foreach (var c in columns.Where(c => c.MissingFrames > 0))
            Host.WriteWarning($"The column source {c.Inner} has no values for {c.MissingFrames} of {written} written frames " +
                              $"(written as {(c.Inner is Learning.ClusterLabels ? "-1" : "nan")}).");
        Host.WriteVerbose($"Wrote {written} frames of {trajectory.Name} to {_path}.");
        if (_options.PassThru) Host.Emit(trajectory);
    }

    /// <summary>Streams frames to the writer, reporting progress and honouring Ctrl+C per frame (on the pipeline thread).</summary>
    private IEnumerable<Frame> Frames(Trajectory t, ProgressReporter progress, Action onFrame)
    {
        int total = t.FrameCount ?? -1, done = 0;
        foreach (var f in t.ReadFrames(Cancellation))
        {
            Cancellation.ThrowIfCancellationRequested();
            progress.Report(done, total, total > 0 ? $"frame {f.Index} ({done + 1} of {total})" : $"frame {f.Index}");
            yield return f;
            done++;
            onFrame();
        }
    }

    /// <summary>Counts the frames a column source has nothing for, to warn once at the end.</summary>
    private sealed class CountingColumns(IPerAtomColumns inner) : IPerAtomColumns
    {
        public IPerAtomColumns Inner => inner;
        public int MissingFrames { get; private set; }
        public IReadOnlyList<string> ColumnNames => inner.ColumnNames;

        public bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
        {
            bool found = inner.TryGetFrame(frameIndex, atomIds, destination);
            if (!found) MissingFrames++;
            return found;
        }
    }
}
