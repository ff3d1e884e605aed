using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.IO.Hdf5;

public sealed class FileContentTests : Hdf5TestBase
{
    [Fact]
    public void Hdf5_files_are_listed_object_by_object_whatever_their_extension()
    {
        using var tmp = new TempDir();
        var copy = tmp.File("db.dat");
        File.Copy(Sample("soapify-masked.hdf5"), copy);
        var host = new RecordingHost(tmp.Path);
        var stage = new GetFileContentStage(host, new GetFileContentOptions());
        stage.Process("db.dat", literal: false);
        Assert.Empty(host.Errors);
        var entries = host.Output.Cast<FileContentEntry>().ToList();
        var soap = entries.Single(e => e.Path == "/SOAP/cu211");
        Assert.Equal(("dataset", "float64", "(5, 100, 324)", "gzip 9", "SOAPify SOAP"), (soap.Kind, soap.DataType, soap.ShapeText, soap.Compression, soap.Role));
        Assert.Equal([2L, 100, 324], soap.Chunks!);
        Assert.Equal(100, ((long[])soap.Attributes["centersIndexes"]!).Length);
        Assert.Equal("vlen utf-8 string", entries.Single(e => e.Path == "/Trajectories/cu211/Types").DataType);
        Assert.Equal("/SOAP/cu211 dataset float64 (5, 100, 324) [SOAPify SOAP]", soap.ToString());
    }

    [Fact]
    public void Npy_results_are_described_by_their_metadata_and_bad_files_are_errors()
    {
        using var tmp = new TempDir();
        var d = Dataset.FromMatrix([1, 2, 3, 4, 5, 6], 3, 2);
        new NpyDataFormat().Write(d.ToBundle(), tmp.File("d.npy"), new ExportOptions(), CancellationToken.None);
        File.WriteAllBytes(tmp.File("bad.h5"), File.ReadAllBytes(Sample("cu211.h5md"))[..3000]);
        var host = new RecordingHost(tmp.Path);
        var stage = new GetFileContentStage(host, new GetFileContentOptions());
        stage.Process("bad.h5", literal: true);
        stage.Process("d.npy", literal: true);
        var e = Assert.IsType<FileContentEntry>(Assert.Single(host.Output));
        Assert.Equal(("values", "array", "float64", "(3, 2)"), (e.Path, e.Kind, e.DataType, e.ShapeText));
        Assert.Equal("Dataset [row, column]", e.Role);
        var err = Assert.Single(host.Errors);
        Assert.Equal("FileFormatInvalid", err.ErrorId);
        Assert.Contains("truncated", err.Message);
    }
}
