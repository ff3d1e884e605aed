using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.IO;

public class DataExportTests
{
    private static Dataset SampleDataset()
    {
        var values = new double[3 * 2 * 4];
        for (int i = 0; i < values.Length; i++) values[i] = Math.Sin(i) * 1e-3 + i;
        return Dataset.FromGrid(values, [5, 6, 7], [11, 42], 4, ["a", "b", "c", "d"], "test",
            new Dictionary<string, object> { ["r_cut"] = 6.0, ["species"] = new[] { "Cu" } });
    }

    private static ClusterLabels SampleLabels() =>
        new([0, 1, -1, 1, 0, 0], [0, 0, 0, 1, 1, 1], [1, 2, 3, 1, 2, 3], 2, "test",
            probabilities: [1, 0.5, 0, 0.9, 0.8, 1], membership: [1, 0, 0.3, 0.7, 0.5, 0.5, 0.1, 0.9, 0.8, 0.2, 1, 0]);

    private static void AssertSameDataset(Dataset a, Dataset b)
    {
        Assert.Equal(a.RowCount, b.RowCount);
        Assert.Equal(a.ColumnCount, b.ColumnCount);
        Assert.Equal(a.Values, b.Values);
        Assert.Equal(a.Frames, b.Frames);
        Assert.Equal(a.AtomIds, b.AtomIds);
        Assert.Equal(a.ColumnNames, b.ColumnNames);
        Assert.Equal(6.0, Convert.ToDouble(b.Parameters["r_cut"]));
        Assert.Equal(["Cu"], (string[])b.Parameters["species"]);
    }

    [Theory]
    [InlineData("d.npy", CsvLayout.Tidy)]
    [InlineData("d.csv", CsvLayout.Tidy)]
    [InlineData("d.csv", CsvLayout.Wide)]
    public void Dataset_round_trips_exactly(string file, CsvLayout layout)
    {
        var d = SampleDataset();
        var back = FileRoundTrip.Through<Dataset>(d, file, new ExportOptions { CsvLayout = layout });
        AssertSameDataset(d, back);
    }

    [Theory]
    [InlineData("l.npy", CsvLayout.Tidy)]
    [InlineData("l.csv", CsvLayout.Tidy)]
    [InlineData("l.csv", CsvLayout.Wide)]
    public void Cluster_labels_round_trip_with_keys(string file, CsvLayout layout)
    {
        var l = SampleLabels();
        var back = FileRoundTrip.Through<ClusterLabels>(l, file, new ExportOptions { CsvLayout = layout });
        Assert.Equal(l.Labels, back.Labels);
        Assert.Equal(l.Frames, back.Frames);
        Assert.Equal(l.AtomIds, back.AtomIds);
        Assert.Equal(2, back.ClusterCount);
        Assert.Equal("test", back.Method);
    }

    [Fact]
    public void Labels_export_to_npy_as_int64_frames_by_centres()
    {
        using var tmp = new TempDir();
        var path = tmp.File("labels.npy");
        new NpyDataFormat().Write(SampleLabels().ToBundle(), path, new ExportOptions(), CancellationToken.None);
        var a = Npy.Load(path);
        Assert.Equal(NdType.Int64, a.DType);
        Assert.Equal([2, 3], a.Shape);
        Assert.Equal(-1, a.GetInt64(2));
        new NpyDataFormat().Write(SampleLabels().ToBundle(), tmp.File("m.npy"), new ExportOptions { ArrayName = "membership" }, CancellationToken.None);
        Assert.Equal([2, 3, 2], Npy.Load(tmp.File("m.npy")).Shape);
    }

    [Fact]
    public void A_plain_matrix_imports_as_a_dataset_keyed_by_row()
    {
        using var tmp = new TempDir();
        var path = tmp.File("plain.npy");
        Npy.Save(path, NdArray.Of([1.0, 2, 3, 4, 5, 6], 3, 2));
        var d = Assert.IsType<Dataset>(ResultRegistry.FromBundle(new NpyDataFormat().Read(path, new ImportOptions(), default)));
        Assert.Equal(3, d.RowCount);
        Assert.Equal(2, d.ColumnCount);
        Assert.Equal([0, 0, 0], d.Frames);
        Assert.Equal([0, 1, 2], d.AtomIds);
        Assert.Equal(5.0, d[2, 0]);
    }

    [Fact]
    public void A_foreign_wide_csv_becomes_a_dataset_with_its_key_columns()
    {
        using var tmp = new TempDir();
        var path = tmp.File("foreign.csv");
        File.WriteAllText(path, "frame,atom_id,x,y\n0,7,1.5,2\n1,7,3,4.25\n");
        var d = Assert.IsType<Dataset>(ResultRegistry.FromBundle(new CsvDataFormat().Read(path, new ImportOptions(), default)));
        Assert.Equal([0, 1], d.Frames);
        Assert.Equal([7, 7], d.AtomIds);
        Assert.Equal(["x", "y"], d.ColumnNames);
        Assert.Equal(4.25, d[1, 1]);
    }

    [Fact]
    public void A_bad_csv_value_names_file_and_line()
    {
        using var tmp = new TempDir();
        var path = tmp.File("bad.csv");
        File.WriteAllText(path, "x,y\n1,2\n3,oops\n");
        var ex = Assert.Throws<MalformedFileException>(() => new CsvDataFormat().Read(path, new ImportOptions(), default));
        Assert.Contains("bad.csv", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Export_stage_honours_whatif_force_and_passthru()
    {
        using var tmp = new TempDir();
        var host = new RecordingHost(tmp.Path) { ShouldProcessAnswer = false };
        var d = SampleDataset();
        var stage = new ExportDataStage(host, new ExportDataOptions { Path = "out.npy" });
        stage.Begin();
        stage.Process(d);
        Assert.Single(host.ShouldProcessCalls);
        Assert.False(File.Exists(tmp.File("out.npy")));

        host = new RecordingHost(tmp.Path);
        stage = new ExportDataStage(host, new ExportDataOptions { Path = "out.npy", PassThru = true });
        stage.Begin();
        stage.Process(d);
        Assert.Same(d, Assert.Single(host.Output));
        Assert.True(File.Exists(tmp.File("out.npy")));
        Assert.True(File.Exists(tmp.File("out.npy.json")));

        // Existing file, no -Force: a non-terminating error and the file untouched.
        var before = File.ReadAllBytes(tmp.File("out.npy"));
        host = new RecordingHost(tmp.Path);
        stage = new ExportDataStage(host, new ExportDataOptions { Path = "out.npy" });
        stage.Begin();
        stage.Process(Dataset.FromMatrix([9.0], 1, 1));
        Assert.Equal("FileExists", Assert.Single(host.Errors).ErrorId);
        Assert.Equal(before, File.ReadAllBytes(tmp.File("out.npy")));

        host = new RecordingHost(tmp.Path);
        stage = new ExportDataStage(host, new ExportDataOptions { Path = "out.npy", FormatOptions = new ExportOptions { Force = true } });
        stage.Begin();
        stage.Process(Dataset.FromMatrix([9.0], 1, 1));
        Assert.Empty(host.Errors);
        Assert.Equal(9.0, Npy.Load(tmp.File("out.npy")).GetDouble(0));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }

    [Fact]
    public void Export_stage_refuses_a_second_result_for_one_npy_and_non_results()
    {
        using var tmp = new TempDir();
        var host = new RecordingHost(tmp.Path);
        var stage = new ExportDataStage(host, new ExportDataOptions { Path = "one.npy" });
        stage.Begin();
        stage.Process(SampleDataset());
        stage.Process(SampleDataset());
        stage.Process("not a result");
        Assert.Equal(["OneResultPerFile", "InputNotExportable"], host.Errors.Select(e => e.ErrorId).ToArray());
    }

    [Fact]
    public void Import_stage_reads_wildcards_and_reports_bad_files_without_stopping()
    {
        using var tmp = new TempDir();
        Npy.Save(tmp.File("a.npy"), NdArray.Of([1.0, 2.0]));
        File.WriteAllBytes(tmp.File("b.npy"), [1, 2, 3]);
        Npy.Save(tmp.File("c.npy"), NdArray.Of([3.0]));
        var host = new RecordingHost(tmp.Path);
        var stage = new ImportDataStage(host, new ImportDataOptions());
        stage.Process("*.npy", literal: false);
        Assert.Equal(2, host.Output.Count);
        var err = Assert.Single(host.Errors);
        Assert.Contains("b.npy", err.Message);
    }
}
