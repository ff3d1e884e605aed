namespace SoapLens.IO.Hdf5;

/// <summary>Chunk shapes. SoapLens picks them as h5py does, so files look the same whichever tool wrote them.</summary>
public static class Hdf5Chunking
{
    private const double ChunkBase = 16 * 1024, ChunkMin = 8 * 1024, ChunkMax = 1024 * 1024;

    /// <summary>
    /// h5py's automatic chunk shape (its <c>guess_chunk</c>): a target of 8 KiB–1 MiB growing with the
    /// dataset size, reached by halving the axes in turn. Zero-length (growable) axes count as 1024.
    /// Gives (256, 3) for a (0, 6) float64 box and (1024,) for 8192 variable-length strings, as in SOAPify files.
    /// </summary>
    public static long[] GuessLikeH5py(ReadOnlySpan<long> shape, int typeSize)
    {
        if (shape.Length == 0) throw new ArgumentException("Scalar datasets are not chunked.");
        var chunks = new double[shape.Length];
        for (int i = 0; i < shape.Length; i++) chunks[i] = shape[i] == 0 ? 1024 : shape[i];
        double size = Product(chunks) * typeSize;
        double target = ChunkBase * Math.Pow(2, Math.Log10(size / (1024.0 * 1024)));
        target = Math.Clamp(target, ChunkMin, ChunkMax);
        for (int idx = 0; ; idx++)
        {
            double bytes = Product(chunks) * typeSize;
            if ((bytes < target || Math.Abs(bytes - target) / target < 0.5) && bytes < ChunkMax) break;
            if (Product(chunks) == 1) break;
            int axis = idx % chunks.Length;
            chunks[axis] = Math.Ceiling(chunks[axis] / 2.0);
        }
        var r = new long[chunks.Length];
        for (int i = 0; i < r.Length; i++) r[i] = (long)chunks[i];
        return r;
    }

    private static double Product(double[] a)
    {
        double p = 1;
        foreach (var x in a) p *= x;
        return p;
    }

    /// <summary>
    /// How many leading-axis rows to move per read/write: whole chunks, about <paramref name="targetBytes"/>
    /// at a time and at least one chunk per core (chunks are compressed in parallel), never more
    /// than 256 MiB at once.
    /// </summary>
    public static long RowsPerBlock(long[] shape, long[]? chunks, int elementSize, long targetBytes = 8 << 20)
    {
        if (shape.Length == 0) return 1;
        long rowBytes = elementSize;
        for (int i = 1; i < shape.Length; i++) rowBytes *= Math.Max(1, shape[i]);
        rowBytes = Math.Max(1, rowBytes);
        long chunkRows = chunks is { Length: > 0 } ? Math.Max(1, chunks[0]) : 1;
        long chunkBytes = chunkRows * rowBytes;
        long wanted = Math.Max(Environment.ProcessorCount, (targetBytes + chunkBytes - 1) / chunkBytes);
        long cap = Math.Max(1, (256L << 20) / chunkBytes);
        long rows = Math.Min(wanted, cap) * chunkRows;
        return Math.Min(rows, Math.Max(1, shape[0]));
    }
}
