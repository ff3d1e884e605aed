using SoapLens.Trajectories;

namespace SoapLens.Descriptors;

/// <summary>
/// Streams a trajectory through a <see cref="SoapCalculator"/> in batches of frames, so that
/// memory holds one batch of frames at a time; each frame's vectors are handed to the caller in
/// frame order on the calling thread (the pipeline thread: it may report progress there).
/// </summary>
public static class SoapStream
{
    /// <summary>Frames per batch when the caller does not say: enough to keep every thread busy.</summary>
    public static int DefaultBatchSize(int threads) => Math.Max(8, 4 * (threads > 0 ? threads : Environment.ProcessorCount));

    /// <param name="onFrame">Receives each frame with its vectors (centres × features, centre-major): a float64 array, or float32 when <paramref name="singlePrecision"/>.</param>
    /// <param name="afterBatch">Called after each batch with the number of frames done so far.</param>
    /// <returns>The number of frames processed.</returns>
    public static int Run(IEnumerable<Frame> frames, SoapCalculator calculator, int[] centres, int threads, bool ignorePbc, bool singlePrecision,
        int batchSize, Action<Frame, double[]?, float[]?> onFrame, Action<int>? afterBatch, CancellationToken cancel)
    {
        if (batchSize <= 0) batchSize = DefaultBatchSize(threads);
        int done = 0;
        int perFrame = checked(centres.Length * calculator.FeatureCount);
        foreach (var batch in frames.Chunk(batchSize))
        {
            cancel.ThrowIfCancellationRequested();
            var doubles = new double[]?[batch.Length];
            var singles = singlePrecision ? new float[]?[batch.Length] : null;
            for (int f = 0; f < batch.Length; f++)
            {
                if (singles is not null) singles[f] = new float[perFrame];
                else doubles[f] = new double[perFrame];
            }
            calculator.ComputeFrames(batch, centres, doubles, singles, threads, ignorePbc, cancel);
            for (int f = 0; f < batch.Length; f++) onFrame(batch[f], doubles[f], singles?[f]);
            done += batch.Length;
            afterBatch?.Invoke(done);
        }
        return done;
    }
}
