using System.Buffers;
using SoapLens.Pipeline;

namespace SoapLens.IO.Hdf5.Native;

/// <summary>
/// Chunk-aligned blocks of a deflate-compressed (or unfiltered) dataset, moved whole chunks at a
/// time: chunks are gathered and compressed with zlib's compress2 (what libhdf5's deflate filter
/// calls, so the bytes on disk are the same) on all cores, then stored with H5Dwrite_chunk; reads
/// fetch the stored chunks with H5Dread_chunk and inflate them in parallel. Partial edge chunks are
/// padded with zeros (the fill value of the datasets SoapLens creates) exactly as libhdf5 pads them.
/// Anything else — unaligned blocks, other filters, type conversion, unallocated chunks — takes the
/// ordinary H5Dread/H5Dwrite path.
/// </summary>
internal static unsafe class DirectChunks
{
    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    public static bool Eligible<T>(NativeHdf5Dataset ds, ReadOnlySpan<long> start, ReadOnlySpan<long> count, out int level, out long[] chunk)
        where T : unmanaged
    {
        level = -1;
        chunk = [];
        if (!Hdf5Library.HasDirectChunkIo || !Hdf5Library.DirectChunkIoEnabled || !BitConverter.IsLittleEndian) return false;
        var shape = ds.CurrentShape;
        if (shape.Length == 0 || !SameRepresentation<T>(ds.Type)) return false;
        var layout = ds.Layout;
        if (layout.Storage != Hdf5StorageLayout.Chunked || layout.Chunks is null) return false;
        if (layout.Filters.Count == 1 && layout.Filters[0].Id == Hdf5Filter.Deflate)
        {
            if (!ZLib.Available) return false;
            level = layout.Filters[0].Parameters.Length > 0 ? (int)Math.Min(layout.Filters[0].Parameters[0], 9) : 6;
        }
        else if (layout.Filters.Count != 0) return false;
        long chunkElems = 1, blockElems = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            long c = layout.Chunks[d];
            if (c <= 0 || start[d] % c != 0 || (count[d] % c != 0 && start[d] + count[d] != shape[d])) return false;
            chunkElems *= c;
            blockElems *= count[d];
        }
        if (blockElems == 0 || chunkElems * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > int.MaxValue / 2) return false;
        chunk = layout.Chunks;
        return true;
    }

    private static bool SameRepresentation<T>(Hdf5TypeInfo t) where T : unmanaged
    {
        if (!t.LittleEndian) return false;
        if (typeof(T) == typeof(double)) return t is { Class: Hdf5TypeClass.Float, Size: 8 };
        if (typeof(T) == typeof(float)) return t is { Class: Hdf5TypeClass.Float, Size: 4 };
        if (typeof(T) == typeof(long)) return t is { Class: Hdf5TypeClass.Integer, Size: 8, Signed: true };
        if (typeof(T) == typeof(int)) return t is { Class: Hdf5TypeClass.Integer, Size: 4, Signed: true };
        if (typeof(T) == typeof(byte)) return t is { Class: Hdf5TypeClass.Integer, Size: 1, Signed: false };
        if (typeof(T) == typeof(sbyte)) return t is { Class: Hdf5TypeClass.Integer, Size: 1, Signed: true };
        return false;
    }

    /// <summary>Where the chunks of a block are and how a chunk maps onto the block buffer.</summary>
    private sealed class Grid
    {
        public Grid(long[] start, long[] count, long[] chunk, int elementSize)
        {
            Start = start;
            Count = count;
            Chunk = chunk;
            ElementSize = elementSize;
            int r = start.Length;
            PerAxis = new long[r];
            long total = 1, ce = 1;
            for (int d = 0; d < r; d++)
            {
                PerAxis[d] = (count[d] + chunk[d] - 1) / chunk[d];
                total *= PerAxis[d];
                ce *= chunk[d];
            }
            ChunkCount = checked((int)total);
            RawBytes = checked((int)(ce * elementSize));
            BlockStride = Strides(count);
            ChunkStride = Strides(chunk);
        }

        public long[] Start { get; }
        public long[] Count { get; }
        public long[] Chunk { get; }
        public int ElementSize { get; }
        public long[] PerAxis { get; }
        public int ChunkCount { get; }
        public int RawBytes { get; }
        public long[] BlockStride { get; }
        public long[] ChunkStride { get; }

        private static long[] Strides(long[] dims)
        {
            var s = new long[dims.Length];
            long acc = 1;
            for (int d = dims.Length - 1; d >= 0; d--) { s[d] = acc; acc *= dims[d]; }
            return s;
        }

        /// <summary>Origin of chunk k in dataset coordinates.</summary>
        public ulong[] Origin(int k)
        {
            var o = new ulong[Start.Length];
            long rest = k;
            for (int d = Start.Length - 1; d >= 0; d--)
            {
                long i = rest % PerAxis[d];
                rest /= PerAxis[d];
                o[d] = (ulong)(Start[d] + i * Chunk[d]);
            }
            return o;
        }

        /// <summary>Copies between the block buffer and a chunk buffer, over the part of the chunk inside the block.</summary>
        public void Copy(int k, byte* block, byte* chunk, bool toChunk)
        {
            var o = Origin(k);
            int r = Start.Length;
            var extent = new long[r];
            for (int d = 0; d < r; d++) extent[d] = Math.Min(Chunk[d], Start[d] + Count[d] - (long)o[d]);
            long run = extent[r - 1] * ElementSize;
            var i = new long[r];
            while (true)
            {
                long b = 0, c = 0;
                for (int d = 0; d < r; d++)
                {
                    b += ((long)o[d] - Start[d] + i[d]) * BlockStride[d];
                    c += i[d] * ChunkStride[d];
                }
                if (toChunk) Buffer.MemoryCopy(block + b * ElementSize, chunk + c * ElementSize, run, run);
                else Buffer.MemoryCopy(chunk + c * ElementSize, block + b * ElementSize, run, run);
                int a = r - 2;
                while (a >= 0 && ++i[a] == extent[a]) i[a--] = 0;
                if (a < 0) break;
            }
        }
    }

    public static void Write<T>(NativeHdf5Dataset ds, long[] start, long[] count, ReadOnlySpan<T> source, int level, long[] chunk) where T : unmanaged
    {
        var g = new Grid(start, count, chunk, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var stored = new byte[g.ChunkCount][];
        var lengths = new int[g.ChunkCount];
        var pool = ArrayPool<byte>.Shared;
        try
        {
            fixed (T* src = source)
            {
                nint block = (nint)src;
                Parallel.For(0, g.ChunkCount, Parallelism, () => pool.Rent(g.RawBytes), (k, _, raw) =>
                {
                    var chunkBytes = raw.AsSpan(0, g.RawBytes);
                    chunkBytes.Clear(); // padding of edge chunks = fill value 0
                    fixed (byte* r = raw) g.Copy(k, (byte*)block, r, toChunk: true);
                    if (level < 0)
                    {
                        stored[k] = pool.Rent(g.RawBytes);
                        chunkBytes.CopyTo(stored[k]);
                        lengths[k] = g.RawBytes;
                    }
                    else
                    {
                        stored[k] = pool.Rent(ZLib.Bound(g.RawBytes));
                        lengths[k] = ZLib.Compress(chunkBytes, stored[k], level);
                    }
                    return raw;
                }, raw => pool.Return(raw));
            }
            using (Hdf5Library.Lock())
            {
                for (int k = 0; k < g.ChunkCount; k++)
                {
                    var o = g.Origin(k);
                    fixed (ulong* po = o)
                    fixed (byte* p = stored[k])
                        NativeNode.Checked(H5Api.H5Dwrite_chunk(ds.Handle, H5ConstantHandle.Default, 0, po, (nuint)lengths[k], p),
                            () => ds.WriteFailure($"writing chunk ({string.Join(", ", o)}) of {ds.Path}"));
                }
            }
        }
        finally
        {
            foreach (var b in stored) if (b is not null) pool.Return(b);
        }
    }

    /// <summary>Reads a chunk-aligned block; false (nothing read) when a chunk is not allocated and libhdf5 must supply fill values.</summary>
    public static bool TryRead<T>(NativeHdf5Dataset ds, long[] start, long[] count, Span<T> destination, int level, long[] chunk) where T : unmanaged
    {
        var g = new Grid(start, count, chunk, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        var stored = new byte[g.ChunkCount][];
        var sizes = new int[g.ChunkCount];
        var masks = new uint[g.ChunkCount];
        var pool = ArrayPool<byte>.Shared;
        try
        {
            using (Hdf5Library.Lock())
            {
                for (int k = 0; k < g.ChunkCount; k++)
                {
                    var o = g.Origin(k);
                    fixed (ulong* po = o)
                    {
                        if (H5Api.H5Dget_chunk_storage_size(ds.Handle, po, out var size) < 0 || size == 0)
                        {
                            Hdf5Library.TakeErrorMessage();
                            return false;
                        }
                        if (size > int.MaxValue / 2) return false;
                        sizes[k] = (int)size;
                        stored[k] = pool.Rent((int)size);
                        fixed (byte* p = stored[k])
                            NativeNode.Checked(H5Api.H5Dread_chunk(ds.Handle, H5ConstantHandle.Default, po, out masks[k], p),
                                () => ds.ReadFailure($"reading chunk ({string.Join(", ", o)}) of {ds.Path}"));
                    }
                }
            }
            string? damaged = null;
            fixed (T* dst = destination)
            {
                nint block = (nint)dst;
                Parallel.For(0, g.ChunkCount, Parallelism, () => pool.Rent(g.RawBytes), (k, state, raw) =>
                {
                    byte[] data;
                    if (level >= 0 && (masks[k] & 1) == 0)
                    {
                        if (!ZLib.TryUncompress(stored[k].AsSpan(0, sizes[k]), raw.AsSpan(0, g.RawBytes), out int n) || n != g.RawBytes)
                        {
                            damaged ??= string.Join(", ", g.Origin(k));
                            state.Stop();
                            return raw;
                        }
                        data = raw;
                    }
                    else if (sizes[k] == g.RawBytes) data = stored[k];
                    else
                    {
                        damaged ??= string.Join(", ", g.Origin(k));
                        state.Stop();
                        return raw;
                    }
                    fixed (byte* r = data) g.Copy(k, (byte*)block, r, toChunk: false);
                    return raw;
                }, raw => pool.Return(raw));
            }
            if (damaged is not null)
                throw new MalformedFileException(ds.FilePath, $"{ds.Path}: the chunk at ({damaged}) is damaged (it does not inflate to {g.RawBytes} bytes).");
            return true;
        }
        finally
        {
            foreach (var b in stored) if (b is not null) pool.Return(b);
        }
    }
}
