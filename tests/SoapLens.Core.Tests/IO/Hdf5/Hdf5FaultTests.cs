using System.Security.Cryptography;
using SoapLens.Data;
using SoapLens.IO;
using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>Damaged files give clear errors (never a crash); interrupted writes never damage the file in place.</summary>
public sealed class Hdf5FaultTests : Hdf5TestBase
{
    public override void Dispose()
    {
        SoapLens.IO.Hdf5.Hdf5DataFormat.BlockWritten = null;
        base.Dispose();
    }

    private string Damaged(string name, Func<byte[], byte[]> damage)
    {
        var p = Temp.File(name);
        File.WriteAllBytes(p, damage(File.ReadAllBytes(Sample("soapify-cu211.hdf5"))));
        return p;
    }

    private static void AllReadersFail(string path, string expected)
    {
        var errors = new List<SoapLensException>
        {
            Assert.IsType<MalformedFileException>(Record.Exception(() => Trajectory.Open(path))),
            Assert.IsType<MalformedFileException>(Record.Exception(() => SoapifySoapReader.Open(path))),
            Assert.IsType<MalformedFileException>(Record.Exception(() => new Hdf5DataFormat().Read(path, new ImportOptions(), CancellationToken.None))),
            Assert.IsType<MalformedFileException>(Record.Exception(() => Hdf5Inventory.Describe(path))),
        };
        foreach (var e in errors)
        {
            Assert.Equal("FileFormatInvalid", e.ErrorId);
            Assert.Contains(path, e.Message);
            Assert.Contains(expected, e.Message);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(2048)]
    [InlineData(4_609_752)]
    [InlineData(9_218_504)]
    public void A_truncated_file_is_reported_as_truncated(int length)
    {
        var p = Damaged($"t{length}.hdf5", b => b[..length]);
        AllReadersFail(p, $"truncated: it has {length} bytes but its header says 9219504");
    }

    [Fact]
    public void Empty_and_foreign_files_are_not_hdf5()
    {
        AllReadersFail(Damaged("empty.h5", _ => []), "the file is empty");
        AllReadersFail(Damaged("text.h5", _ => "Lattice=\"1 0 0\"\n"u8.ToArray()), "not an HDF5 file");
        var rnd = new Random(7);
        AllReadersFail(Damaged("noise.hdf5", _ => { var x = new byte[5000]; rnd.NextBytes(x); return x; }), "not an HDF5 file");
    }

    [Fact]
    public void A_corrupt_data_chunk_fails_the_read_that_touches_it_and_only_that()
    {
        var p = Damaged("chunk.hdf5", b =>
        {
            for (int i = 0; i < 4096; i++) b[6_000_000 + i] ^= 0x5A; // inside the second SOAP chunk (frames 3-4)
            return b;
        });
        Assert.Equal(20, Trajectory.Open(p).LoadFrames().Count);
        using var r = SoapifySoapReader.Open(p);
        var frame = new double[720 * 324];
        r.ReadFrames(0, 1, frame); // first chunk intact
        Assert.Equal(0.003924672558564898, frame[0]);
        var ex = Assert.Throws<MalformedFileException>(() => r.ReadFrames(4, 1, frame));
        Assert.Contains("/SOAP/cu211", ex.Message);
        Assert.Contains("inflate", ex.Message);
    }

    [Fact]
    public void Corrupt_metadata_gives_an_error_naming_the_damage()
    {
        var header = Damaged("header.hdf5", b => { for (int i = 96; i < 160; i++) b[i] ^= 0xFF; return b; });
        AllReadersFail(header, "damaged");
        var heap = Damaged("heap.hdf5", b => { for (int i = 1400; i < 1464; i++) b[i] ^= 0xFF; return b; });
        var ex = Assert.IsType<MalformedFileException>(Record.Exception(() => Trajectory.Open(heap)));
        Assert.Contains("/Trajectories", ex.Message);
    }

    [Fact]
    public void Import_trajectory_reports_a_damaged_file_and_goes_on_with_the_others()
    {
        var bad = Damaged("bad.hdf5", b => b[..5000]);
        var host = new RecordingHost(Temp.Path);
        var stage = new ImportTrajectoryStage(host, new ImportTrajectoryOptions());
        stage.Begin();
        stage.Process(bad, literal: true);
        stage.Process(Sample("cu211.h5md"), literal: true);
        var err = Assert.Single(host.Errors);
        Assert.Equal("FileFormatInvalid", err.ErrorId);
        Assert.IsType<Trajectory>(Assert.Single(host.Output));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static DataBundle BigBundle()
    {
        var v = new double[1_100_000];
        for (int i = 0; i < v.Length; i++) v[i] = i * 0.5;
        return new DataBundle("Dataset").Add("values", NdArray.Of(v, v.Length, 1), "row", "column");
    }

    [Fact]
    public void A_cancelled_export_leaves_the_existing_file_untouched_and_no_temp_files()
    {
        var path = Temp.File("results.h5");
        var format = new Hdf5DataFormat();
        format.Write(new DataBundle("Small").Add("x", NdArray.Of(new[] { 1.0, 2.0 }), "row"), path, new ExportOptions(), CancellationToken.None);
        var before = Hash(path);
        using var cts = new CancellationTokenSource();
        int blocks = 0;
        SoapLens.IO.Hdf5.Hdf5DataFormat.BlockWritten = _ => { if (++blocks == 1) cts.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => format.Write(BigBundle(), path, new ExportOptions(), cts.Token));
        Assert.Equal(1, blocks); // cancelled in the middle: one block of two written
        Assert.Equal(before, Hash(path));
        Assert.Equal([path], Directory.GetFiles(Temp.Path));
        Assert.IsType<Hdf5DataFormat>(DataFormats.Resolve(path, null));
        Assert.Equal([1.0, 2.0], (double[])format.Read(path, new ImportOptions(), CancellationToken.None).Primary.Values.Data);

        // The same export to a new file leaves nothing behind.
        var fresh = Temp.File("fresh.h5");
        blocks = 0;
        using var cts2 = new CancellationTokenSource();
        SoapLens.IO.Hdf5.Hdf5DataFormat.BlockWritten = _ => { if (++blocks == 1) cts2.Cancel(); };
        Assert.ThrowsAny<OperationCanceledException>(() => format.Write(BigBundle(), fresh, new ExportOptions(), cts2.Token));
        Assert.False(File.Exists(fresh));
        Assert.Equal([path], Directory.GetFiles(Temp.Path));
    }

    [Fact]
    public void A_trajectory_export_that_fails_midway_leaves_the_database_as_it_was()
    {
        var path = Temp.File("db.hdf5");
        File.Copy(Sample("soapify-water.hdf5"), path);
        var before = Hash(path);
        var frames = Trajectory.Open(Sample("soapify-cu211.hdf5")).ReadFrames();
        using var cts = new CancellationTokenSource();
        int n = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => SoapifyTrajectoryWriter.WriteFile(path, "cu211", frames,
            new SoapifyTrajectoryWriteOptions { ChunkFrames = 4 }, cts.Token, onFrame: _ => { if (++n == 10) cts.Cancel(); }));
        Assert.Equal(before, Hash(path));

        IEnumerable<Frame> Failing()
        {
            foreach (var f in Trajectory.Open(Sample("soapify-cu211.hdf5")).ReadFrames())
            {
                if (f.Index == 9) throw new MalformedFileException("source.xyz", "broken frame", 1, 9);
                yield return f;
            }
        }
        Assert.Throws<MalformedFileException>(() => SoapifyTrajectoryWriter.WriteFile(path, "cu211", Failing()));
        Assert.Equal(before, Hash(path));
        Assert.Equal([path], Directory.GetFiles(Temp.Path));

        // And when it completes, the old groups are still there next to the new one.
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", Trajectory.Open(Sample("soapify-cu211.hdf5")).ReadFrames());
        using var f = Hdf5Files.Open(path);
        Assert.Equal(["cu211", "water", "water_atomnames"], SoapifyTrajectoryFormat.List(f));
    }

    [Fact]
    public void Replacing_a_group_needs_force()
    {
        var path = Temp.File("db.hdf5");
        File.Copy(Sample("soapify-masked.hdf5"), path);
        var frames = Trajectory.Open(Sample("soapify-masked.hdf5")).LoadFrames();
        var ex = Assert.Throws<SoapLensException>(() => SoapifyTrajectoryWriter.WriteFile(path, "cu211", frames));
        Assert.Equal("Hdf5ObjectExists", ex.ErrorId);
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", frames.Take(2), new SoapifyTrajectoryWriteOptions { Force = true });
        Assert.Equal(2, Trajectory.Open(path).FrameCount);
        using var r = SoapifySoapReader.Open(path);
        Assert.Equal(100, r.Centres); // the SOAP dataset beside it survives
    }
}
