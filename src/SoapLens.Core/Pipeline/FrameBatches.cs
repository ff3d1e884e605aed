using SoapLens.Trajectories;

namespace SoapLens.Pipeline;

/// <summary>
/// Runs per-frame work in parallel over batches of frames read from a stream, so memory stays
/// bounded by the batch and results never depend on the thread count (each frame's work writes
/// only its own output slot). Between batches the pipeline thread gets control back for progress
/// and cancellation.
/// </summary>
public static class FrameBatches
{
    /// <param name="frames">Frames in order (streamed).</param>
    /// <param name="batchSize">Frames held in memory at once.</param>
    /// <param name="threads">Degree of parallelism (≤ 0: all cores).</param>
    /// <param name="work">Called once per frame with its ordinal in the stream; may run on any thread.</param>
    /// <param name="afterBatch">Called on the calling thread after each batch with the number of frames done.</param>
    public static int Run(IEnumerable<Frame> frames, int batchSize, int threads, Action<Frame, int> work,
        Action<int>? afterBatch, CancellationToken cancel)
    {
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount,
            CancellationToken = cancel,
        };
        var batch = new List<(Frame Frame, int Ordinal)>(batchSize);
        int done = 0;
        void Flush()
        {
            if (batch.Count == 0) return;
            if (options.MaxDegreeOfParallelism == 1 || batch.Count == 1)
                foreach (var (f, o) in batch) { cancel.ThrowIfCancellationRequested(); work(f, o); }
            else
                Parallel.ForEach(batch, options, item => work(item.Frame, item.Ordinal));
            done += batch.Count;
            batch.Clear();
            afterBatch?.Invoke(done);
        }
        int ordinal = 0;
        foreach (var f in frames)
        {
            cancel.ThrowIfCancellationRequested();
            batch.Add((f, ordinal++));
            if (batch.Count >= batchSize) Flush();
        }
        Flush();
        return done;
    }
}
