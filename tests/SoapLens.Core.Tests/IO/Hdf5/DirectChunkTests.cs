using System.Security.Cryptography;
using SoapLens.IO.Hdf5;
using SoapLens.IO.Hdf5.Native;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>
/// The parallel whole-chunk path (SoapLens compresses, libhdf5 stores) and libhdf5's own filter path
/// produce the same files and read each other's data, for every element type, edge chunks and
/// chunks that split inner axes.
/// </summary>
public sealed class DirectChunkTests : Hdf5TestBase
{
    public override void Dispose()
    {
        Hdf5Library.DirectChunkIoEnabled = true;
        base.Dispose();
    }

    private static T[] Values<T>(int n, Func<int, T> f) => Enumerable.Range(0, n).Select(f).ToArray();

    private string Write<T>(string name, bool direct, long[] shape, long[] chunks, int? deflate, T[] data, Hdf5ElementType e) where T : unmanaged
    {
        Hdf5Library.DirectChunkIoEnabled = direct;
        var path = Temp.File(name);
        using (var f = Hdf5Files.Create(path))
        using (var d = f.CreateDataset("x", new Hdf5DatasetSpec(e, shape) { Chunks = chunks, Deflate = deflate, MaxShape = shape.Select((s, i) => i == 0 ? -1 : s).ToArray() }))
        {
            // Block by block along axis 0, as the writers do.
            long rowElems = data.Length / shape[0];
            for (long r = 0; r < shape[0]; r += chunks[0] * 2)
            {
                long n = Math.Min(chunks[0] * 2, shape[0] - r);
                var start = new long[shape.Length];
                var count = (long[])shape.Clone();
                start[0] = r;
                count[0] = n;
                d.Write<T>(start, count, data.AsSpan((int)(r * rowElems), (int)(n * rowElems)));
            }
        }
        Hdf5Library.DirectChunkIoEnabled = true;
        return path;
    }

    private static T[] ReadAll<T>(string path, bool direct, int n) where T : unmanaged
    {
        Hdf5Library.DirectChunkIoEnabled = direct;
        try
        {
            using var f = Hdf5Files.Open(path);
            using var d = f.OpenDataset("x");
            var r = new T[n];
            d.Read<T>(new long[d.Shape.Length], d.Shape, r);
            return r;
        }
        finally
        {
            Hdf5Library.DirectChunkIoEnabled = true;
        }
    }

    private void BothWays<T>(long[] shape, long[] chunks, int? deflate, Func<int, T> make, Hdf5ElementType e) where T : unmanaged
    {
        Assert.True(Hdf5Library.HasDirectChunkIo, "this libhdf5 lacks H5Dwrite_chunk (HDF5 < 1.10.3)");
        int n = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = Values(n, make);
        var viaLib = Write($"lib-{Guid.NewGuid():N}.h5", false, shape, chunks, deflate, data, e);
        var viaUs = Write($"us-{Guid.NewGuid():N}.h5", true, shape, chunks, deflate, data, e);
        Assert.Equal(data, ReadAll<T>(viaUs, false, n));
        Assert.Equal(data, ReadAll<T>(viaLib, true, n));
        Assert.Equal(data, ReadAll<T>(viaUs, true, n));
        // Same zlib call, same chunk order: the files are byte for byte the same.
        Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(viaLib))), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(viaUs))));
    }

    [Fact]
    public void Doubles_with_edge_chunks_and_gzip() =>
        BothWays([20, 720, 3], [8, 720, 3], 4, i => Math.Sin(i) * 100, Hdf5ElementType.Float64);

    [Fact]
    public void Chunks_that_split_inner_axes() =>
        BothWays([300, 6], [256, 3], 4, i => i * 0.25, Hdf5ElementType.Float64);

    [Fact]
    public void Three_axis_split_chunks_without_compression() =>
        BothWays([7, 5, 9], [2, 3, 4], null, i => (float)(i - 100), Hdf5ElementType.Float32);

    [Fact]
    public void Integer_types() 
    {
        BothWays([1000, 3], [128, 2], 9, i => (long)i * 1_000_000_007L, Hdf5ElementType.Int64);
        BothWays([1000], [64], 1, i => -i, Hdf5ElementType.Int32);
        BothWays([333, 2], [100, 2], 6, i => (byte)(i % 251), Hdf5ElementType.UInt8);
    }

    [Fact]
    public void Unaligned_and_converting_requests_use_the_library_path()
    {
        var path = Write("conv.h5", true, [12, 4], [4, 4], 9, Values(48, i => (double)i), Hdf5ElementType.Float64);
        using var f = Hdf5Files.Open(path);
        using var d = f.OpenDataset("x");
        var part = new double[8];
        d.Read<double>([5, 0], [2, 4], part); // not on a chunk boundary
        Assert.Equal(Values(8, i => 20.0 + i), part);
        var asFloat = new float[48];
        d.Read<float>([0, 0], [12, 4], asFloat); // type conversion
        Assert.Equal(Values(48, i => (float)i), asFloat);
    }

    [Fact]
    public void Unwritten_chunks_read_as_fill_values()
    {
        var path = Temp.File("sparse.h5");
        using (var f = Hdf5Files.Create(path))
        using (var d = f.CreateDataset("x", new Hdf5DatasetSpec(Hdf5ElementType.Float64, [8, 2]) { Chunks = [2, 2], Deflate = 4 }))
            d.Write<double>([4, 0], [2, 2], new double[] { 1, 2, 3, 4 });
        var all = ReadAll<double>(path, true, 16);
        Assert.Equal(new double[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0 }, all);
    }
}
