using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.IO;

public class NpyTests
{
    [Fact]
    public void Reads_reference_float64_and_int64_arrays()
    {
        var ids = Npy.Load(SharedData.Reference("soap-cu211", "ids.npy"));
        Assert.Equal(NdType.Int64, ids.DType);
        Assert.Equal([720], ids.Shape);
        Assert.Equal(1, ids.GetInt64(0));
        Assert.Equal(720, ids.GetInt64(719));

        var soap = Npy.Load(SharedData.Reference("soap-cu211", "soap_native.npy"));
        Assert.Equal(NdType.Float64, soap.DType);
        Assert.Equal([3, 720, 324], soap.Shape);
    }

    [Theory]
    [InlineData(NdType.Float64)]
    [InlineData(NdType.Float32)]
    [InlineData(NdType.Int64)]
    [InlineData(NdType.Int32)]
    [InlineData(NdType.UInt8)]
    public void Round_trips_every_dtype_with_64_byte_aligned_data(NdType type)
    {
        using var tmp = new TempDir();
        var a = NdArray.Create(type, [3, 4, 5]);
        for (int i = 0; i < a.Length; i++) a.Data.SetValue(Convert.ChangeType(i % 200, a.Data.GetType().GetElementType()!), i);
        var path = tmp.File("a.npy");
        Npy.Save(path, a);
        var bytes = File.ReadAllBytes(path);
        int headerLen = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLen) % 64);
        var b = Npy.Load(path);
        Assert.Equal(a.Shape, b.Shape);
        Assert.Equal(a.DType, b.DType);
        for (int i = 0; i < a.Length; i++) Assert.Equal(a.GetDouble(i), b.GetDouble(i));
    }

    [Fact]
    public void Truncated_file_names_the_file()
    {
        using var tmp = new TempDir();
        var path = tmp.File("t.npy");
        Npy.Save(path, NdArray.Of(new double[100], 10, 10));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 16)]);
        var ex = Assert.Throws<MalformedFileException>(() => Npy.Load(path));
        Assert.Contains("t.npy", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Existing_file_is_not_overwritten_without_force()
    {
        using var tmp = new TempDir();
        var path = tmp.File("x.npy");
        Npy.Save(path, NdArray.Of([1.0, 2.0]));
        var ex = Assert.Throws<SoapLensException>(() => Npy.Save(path, NdArray.Of([3.0]), force: false));
        Assert.Equal(ErrorKind.ResourceExists, ex.Kind);
        Assert.Equal(2, Npy.Load(path).Length);
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }
}
