using SoapLens.Data;
using SoapLens.Learning.Cv;

namespace SoapLens.Pipeline.Stages;

/// <summary>
/// The shape Invoke-Tica and Measure-VampScore share: collect every piped dataset (independent
/// trajectories of the same features), then in <see cref="End"/> run one fit per lag on their
/// pooled time-lagged pairs, each with its own progress bar and error handling.
/// </summary>
public abstract class LagScanStage : Stage, IDatasetStage
{
    private readonly List<Dataset> _inputs = new();

    protected LagScanStage(IPipelineHost host) : base(host) { }

    protected abstract IReadOnlyList<int> Lags { get; }

    /// <summary>The progress activity of one lag ("TICA at lag 5").</summary>
    protected abstract string Activity(int lag);

    /// <summary>Fits at one lag and emits the results.</summary>
    protected abstract void FitAndEmit(TrajectoryParts parts, int lag, Action<long, long> progress);

    public void Process(IDatasetSource input) => _inputs.Add(input.ToDataset());

    public override void End()
    {
        if (_inputs.Count == 0) return;
        TrajectoryParts? parts = null;
        if (!TryRun(() => parts = TrajectoryParts.Combine(_inputs), null)) return;
        foreach (var lag in Lags)
        {
            Cancellation.ThrowIfCancellationRequested();
            TryRun(() =>
            {
                using var progress = new ProgressReporter(Host, Activity(lag));
                FitAndEmit(parts!, lag, (done, total) => progress.Report(done, total, $"covariances: {done} of {total} pairs"));
            }, lag);
        }
    }
}
