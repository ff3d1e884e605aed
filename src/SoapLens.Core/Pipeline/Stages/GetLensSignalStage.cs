using SoapLens.Dynamics;
using SoapLens.Trajectories;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Get-LensSignal.</summary>
public sealed record GetLensSignalOptions
{
    public required double RCut { get; init; }
    public int Delay { get; init; } = 1;

    /// <summary>Centres (null: every atom).</summary>
    public AtomSelection? Centres { get; init; }

    /// <summary>Atoms that count as neighbours (null: every atom).</summary>
    public AtomSelection? Environment { get; init; }

    public bool LeadingZero { get; init; }
    public int ThrottleLimit { get; init; }

    /// <summary>Frames per batch (0: automatic). Results do not depend on it.</summary>
    public int BatchFrames { get; init; }

    public LensOptions ToLensOptions() => new()
    {
        RCut = RCut, Delay = Delay, LeadingZero = LeadingZero, Threads = ThrottleLimit, BatchFrames = BatchFrames,
    };
}

/// <summary>
/// Computes one <see cref="LensSignal"/> per trajectory, streaming its frames in batches (progress
/// and Ctrl+C between batches). A trajectory that fails (bad frame, unknown atom id, too few
/// frames) is a non-terminating error; the next trajectory is still processed.
/// </summary>
public sealed class GetLensSignalStage : Stage
{
    private readonly GetLensSignalOptions _options;

    public GetLensSignalStage(IPipelineHost host, GetLensSignalOptions options) : base(host) => _options = options;

    public override void Begin() => _options.ToLensOptions().Validate();

    public void Process(Trajectory trajectory)
    {
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            var top = trajectory.Topology;
            var centres = _options.Centres?.IndicesIn(top) ?? Enumerable.Range(0, top.AtomCount).ToArray();
            var environment = _options.Environment?.IndicesIn(top);
            if (centres.Length == 0)
                throw new SoapLensException("NoCentres", ErrorKind.InvalidArgument, "The centre selection is empty.", _options.Centres);
            var calc = new LensCalculator(top, centres, environment, _options.ToLensOptions());
            int? total = trajectory.FrameCount;
            using (var progress = new ProgressReporter(Host, $"LENS of {trajectory.Name}"))
            {
                progress.Report(0, total ?? -1, "Reading frames", force: true);
                calc.Run(trajectory.ReadFrames(Cancellation), done =>
                {
                    progress.Report(done, total ?? -1, total is int n ? $"{done} of {n} frames" : $"{done} frames");
                    Cancellation.ThrowIfCancellationRequested();
                }, Cancellation);
            }
            var signal = calc.ToSignal(trajectory.Name, _options.Centres?.Description ?? "all atoms", _options.Environment?.Description ?? "all atoms");
            Host.WriteVerbose($"{trajectory.Name}: {signal}.");
            Host.Emit(signal);
        }, trajectory.Name);
    }
}
