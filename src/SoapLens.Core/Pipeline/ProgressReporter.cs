using System.Diagnostics;

namespace SoapLens.Pipeline;

/// <summary>
/// Throttled progress for one activity. Call <see cref="Report"/> from the pipeline thread as
/// often as convenient; at most one record per interval reaches the host. Dispose (or
/// <see cref="Complete"/>) always sends the Completed record, also on error paths, so no stale
/// bar is left behind.
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    private static int s_nextId = 1;
    private readonly IPipelineHost _host;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _intervalMs;
    private long _lastMs = long.MinValue;
    private bool _completed;

    public ProgressReporter(IPipelineHost host, string activity, int parentActivityId = -1, int intervalMs = 200)
    {
        _host = host;
        Activity = activity;
        ParentActivityId = parentActivityId;
        ActivityId = Interlocked.Increment(ref s_nextId);
        _intervalMs = intervalMs;
    }

    public string Activity { get; }
    public int ActivityId { get; }
    public int ParentActivityId { get; }

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> (total ≤ 0 means unknown).</summary>
    public void Report(long done, long total, string status, bool force = false)
    {
        if (_completed) return;
        long now = _clock.ElapsedMilliseconds;
        if (!force && _lastMs != long.MinValue && now - _lastMs < _intervalMs) return;
        _lastMs = now;
        int percent = total > 0 ? (int)Math.Clamp(100 * done / total, 0, 100) : -1;
        _host.WriteProgress(new ProgressInfo(ActivityId, Activity, status, percent, false, ParentActivityId));
    }

    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        _host.WriteProgress(new ProgressInfo(ActivityId, Activity, "Done", 100, true, ParentActivityId));
    }

    public void Dispose() => Complete();
}
