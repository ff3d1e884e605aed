using SoapLens.Learning.Cv;

namespace SoapLens.Pipeline.Stages;

/// <summary>Runs one overdamped Langevin simulation per potential name and emits a <see cref="LangevinTrajectory"/>.</summary>
public sealed class LangevinStage : Stage
{
    private readonly LangevinOptions _options;

    public LangevinStage(IPipelineHost host, LangevinOptions options) : base(host) => _options = options;

    public void Process(string potential)
    {
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            var p = Potential2D.Get(potential);
            using var progress = new ProgressReporter(Host, $"Langevin dynamics on the {p.Name} potential");
            var t = LangevinSimulator.Run(p, _options, Cancellation, (done, total) => progress.Report(done, total, $"frame {done} of {total}"));
            Host.WriteVerbose(t.ToString());
            Host.Emit(t);
        }, potential);
    }
}
