namespace SoapLens.Learning;

/// <summary>
/// Deterministic parallel loops. <see cref="Sum"/> adds up per-row contributions: rows are cut into
/// chunks whose size depends only on the row count and the size of the partial result (never on the thread count), each chunk
/// accumulates into its own partial sequentially, and the partials are added in chunk order. The
/// totals are therefore bit-identical for any number of threads.
/// </summary>
internal static class RowChunks
{
    public delegate void Body(int start, int end, Span<double> partial);

    /// <summary>Memory allowed for the partials (doubles).</summary>
    private const long PartialBudget = 1L << 23;

    public static int ChunkSize(int rows, int partialLength)
    {
        long maxChunks = Math.Max(1, PartialBudget / Math.Max(1, partialLength));
        return (int)Math.Max(2048, (rows + maxChunks - 1) / maxChunks);
    }

    /// <summary>Runs <paramref name="body"/> over every chunk and returns the sum of the partials.</summary>
    public static double[] Sum(int rows, int partialLength, int threads, CancellationToken cancel, Body body)
    {
        int size = ChunkSize(rows, partialLength);
        int chunks = Math.Max(1, (rows + size - 1) / size);
        var partials = new double[(long)chunks * partialLength];
        RowChunks.For(chunks, threads, cancel, c =>
        {
            int start = c * size, end = (int)Math.Min(rows, (long)start + size);
            body(start, end, partials.AsSpan((int)((long)c * partialLength), partialLength));
        });
        var total = new double[partialLength];
        for (int c = 0; c < chunks; c++)
        {
            var p = partials.AsSpan((int)((long)c * partialLength), partialLength);
            for (int i = 0; i < partialLength; i++) total[i] += p[i];
        }
        return total;
    }

    /// <summary>
    /// Runs body(0..count−1) on up to <paramref name="threads"/> threads (≤ 0: all cores). Work
    /// items must write disjoint outputs; the calling thread gets control back afterwards.
    /// </summary>
    public static void For(int count, int threads, CancellationToken cancel, Action<int> body)
    {
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        if (t == 1 || count <= 1)
        {
            for (int i = 0; i < count; i++) { cancel.ThrowIfCancellationRequested(); body(i); }
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = t, CancellationToken = cancel }, body);
    }
}
