using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.IO;
using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;
using Xunit.Abstractions;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>
/// SoapSpectrum ⇄ SOAPify /SOAP/&lt;name&gt; through Export-/Import-SoapLensData, and Export-Trajectory to a
/// SOAPify trajectory group: values against SOAPify's own file, exact round trips, the sample's structure.
/// </summary>
public sealed class SoapifyWiringTests : Hdf5TestBase
{
    private readonly ITestOutputHelper _out;

    public SoapifyWiringTests(ITestOutputHelper output) => _out = output;

    private static SoapSpectrum Compute(Trajectory t, SoapSpectrumOptions o) => Descriptors.SoapResultTests.Compute(t, o);

    private static void Export(SoapSpectrum s, string path, string? name = null, bool force = false) =>
        DataFormats.Resolve(path, null).Write(s.ToBundle(), path, new ExportOptions { Name = name, Force = force }, CancellationToken.None);

    private static SoapSpectrum Import(string path, string? name = null) =>
        Assert.IsType<SoapSpectrum>(ResultRegistry.FromBundle(DataFormats.Resolve(path, null).Read(path, new ImportOptions { Name = name }, CancellationToken.None)));

    /// <summary>Our SOAP of the SOAPify sample's own trajectory frames 0..4 (r_cut 6, n = l = 8, σ 1, periodic as SOAPify's ase frames).</summary>
    private static readonly Lazy<SoapSpectrum> s_ours = new(() => Compute(
        Trajectory.Open(Sample("soapify-cu211.hdf5"), selection: new FrameSelection(0, 5)), new SoapSpectrumOptions { RCut = 6 }));

    private static SoapSpectrum Water(SoapLayout layout = SoapLayout.Dscribe, bool single = false, bool normalize = false) => Compute(
        Trajectory.Open(SharedData.Reference("soap-water", "water_cluster.extxyz")),
        new SoapSpectrumOptions { RCut = 4.5, NMax = 4, LMax = 3, Sigma = 0.8, Layout = layout, SinglePrecision = single, Normalize = normalize,
            Centers = new AtomSelection([1, 2, 4, 100, 393], "test") });

    private static void AssertIdentical(SoapSpectrum a, SoapSpectrum b)
    {
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.Layout, b.Layout);
        Assert.Equal(a.Normalized, b.Normalized);
        Assert.Equal(a.SinglePrecision, b.SinglePrecision);
        Assert.Equal(a.Pbc, b.Pbc);
        Assert.Equal(a.FrameIndices, b.FrameIndices);
        Assert.Equal(a.Times, b.Times);
        Assert.Equal(a.CentreIds, b.CentreIds);
        Assert.Equal(a.CentreIndices, b.CentreIndices);
        Assert.Equal(a.AtomCount, b.AtomCount);
        Assert.Equal(a.SourcePath, b.SourcePath);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Soap_read_from_the_soapify_sample_equals_our_own_soap_of_the_same_frames()
    {
        var theirs = Import(Sample("soapify-cu211.hdf5"), "cu211");
        var ours = s_ours.Value;
        Assert.Equal((5, 720, 324), (theirs.FrameCount, theirs.CentreCount, theirs.FeatureCount));
        Assert.Equal(SoapLayout.Dscribe, theirs.Layout);
        Assert.Equal(ours.Parameters, theirs.Parameters);
        Assert.Equal(ours.FrameIndices, theirs.FrameIndices);
        Assert.Equal(ours.CentreIds, theirs.CentreIds);
        Assert.Equal(ours.CentreIndices, theirs.CentreIndices);
        Assert.Equal(720, theirs.AtomCount);
        Assert.Equal(Pbc.All, theirs.Pbc);
        Assert.All(theirs.Times, t => Assert.True(double.IsNaN(t)));
        var a = ours.ToArray();
        var b = theirs.ToArray();
        double worst = 0;
        for (int f = 0; f < 5; f++)
        {
            double max = 0, diff = 0;
            for (int i = f * 720 * 324; i < (f + 1) * 720 * 324; i++)
            {
                max = Math.Max(max, Math.Abs(b[i]));
                diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
            }
            worst = Math.Max(worst, diff / max);
        }
        _out.WriteLine($"max |ours - SOAPify| / max |SOAPify| over 5 frames = {worst:E2}");
        Assert.InRange(worst, 0, 1e-8);
        Assert.Equal(1.1474756584665422, theirs.GetVector(0, 17)[5]); // README entry [0,17,5]
    }

    [Fact]
    public void A_soapify_sample_imports_as_a_spectrum_that_feeds_the_learning_cmdlets()
    {
        var s = Import(Sample("soapify-masked.hdf5"));
        Assert.Equal((5, 100, 324), (s.FrameCount, s.CentreCount, s.FeatureCount));
        Assert.Equal([602, 606, 612, 622, 625], s.CentreIds[..5]); // centersIndexes + 1
        Assert.Equal([601, 605, 611, 621, 624], s.CentreIndices![..5]);
        Assert.Null(s.AtomCount);
        Assert.EndsWith("soapify-masked.hdf5", s.SourcePath);
        var d = ((IDatasetSource)s).ToDataset();
        Assert.Equal((500, 324), (d.RowCount, d.ColumnCount));
        Assert.Equal(10.890900644575984, d[2 * 100 + 50, 100]);
        var ex = Assert.Throws<SoapLensException>(() => Import(Sample("soapify-water.hdf5")));
        Assert.Equal("Hdf5NothingToImport", ex.ErrorId);
    }

    [Fact]
    public void A_spectrum_written_in_soapifys_layout_has_the_structure_of_the_soapify_sample()
    {
        var path = Temp.File("ours.hdf5");
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", Trajectory.Open(Sample("soapify-cu211.hdf5")).ReadFrames(), new SoapifyTrajectoryWriteOptions
        {
            ChunkFrames = 8,
            Attributes = new Dictionary<string, object> { ["source"] = "cu211-small traj.lammpstrj (LAMMPS, Cu EAM 1050 K)", ["frame_dt_ps"] = 1.0 },
        });
        // The sample was written with SOAPOutputChunkDim = 3; everything else is SoapLens' default.
        var full = s_ours.Value.ToLayout(SoapLayout.Full);
        Hdf5FileWriter.AddObject(path, "SOAP/cu211", false,
            f => SoapifySpectrumLayout.Write(f, "SOAP/cu211", full, CancellationToken.None, new SoapifySoapWriteOptions { ChunkFrames = 3 }));
        SoapifyLayoutTests.AssertSameLayout(Sample("layout_soapify-cu211_hdf5.json"), path, extraAttribute: a => a.StartsWith(SoapifySpectrumLayout.Prefix));
        using (var r = SoapifySoapReader.Open(path, "cu211"))
        {
            Assert.Equal(s_ours.Value.ToArray(), r.ReadAll()); // Full → native is exact
            Assert.Equal(["soaplens_atom_count", "soaplens_layout", "soaplens_normalized", "soaplens_periodic", "soaplens_source"],
                Hdf5Inventory.Describe(path).Single(o => o.Path == "/SOAP/cu211").Attributes.Select(x => x.Name).Where(n => n.StartsWith("soaplens_")).Order());
        }
        AssertIdentical(full, Import(path, "cu211"));
    }

    [Fact]
    public void A_soapify_centre_subset_is_written_back_with_its_centre_indices()
    {
        var s = Import(Sample("soapify-masked.hdf5"));
        var path = Temp.File("masked.h5");
        SoapifyTrajectoryWriter.WriteFile(path, "cu211", Trajectory.Open(Sample("soapify-masked.hdf5")).ReadFrames(), new SoapifyTrajectoryWriteOptions { ChunkFrames = 8 });
        Hdf5FileWriter.AddObject(path, "SOAP/cu211", false,
            f => SoapifySpectrumLayout.Write(f, "SOAP/cu211", s, CancellationToken.None, new SoapifySoapWriteOptions { ChunkFrames = 2 }));
        SoapifyLayoutTests.AssertSameLayout(Sample("layout_soapify-masked_hdf5.json"), path, extraAttribute: a => a.StartsWith(SoapifySpectrumLayout.Prefix));
        using (var a = SoapifySoapReader.Open(Sample("soapify-masked.hdf5")))
        using (var b = SoapifySoapReader.Open(path))
            Assert.Equal(a.ReadAll(), b.ReadAll());
        AssertIdentical(s, Import(path));
    }

    [Theory]
    [InlineData(SoapLayout.Dscribe, false, false)]
    [InlineData(SoapLayout.Full, false, false)]
    [InlineData(SoapLayout.Full, true, true)]
    [InlineData(SoapLayout.Dscribe, true, false)]
    public void Spectra_round_trip_identically_through_hdf5(SoapLayout layout, bool single, bool normalize)
    {
        var s = Water(layout, single, normalize);
        var path = Temp.File("w.h5");
        Export(s, path);
        var name = Hdf5FileWriter.DefaultName(s.SourcePath, "");
        Assert.Equal("water_cluster", name);
        var back = Import(path, name);
        AssertIdentical(s, back);
        using var f = Hdf5Files.Open(path);
        using var ds = f.OpenDataset("SOAP/water_cluster");
        Assert.Equal(single ? 4 : 8, ds.Type.Size);
        Assert.Equal(9, ds.Layout.DeflateLevel);
        Assert.Equal(s.Map.NativeCount, ds.Shape[2]);
        Assert.Equal([0L, 1, 3, 99, 392], (long[])ds.ReadAttribute("centersIndexes").Value!);
        Assert.Equal(0.8, ds.ReadAttribute("sigma").Value);
        Assert.Equal(normalize, ds.ReadAttribute("soaplens_normalized").Value);
        Assert.Equal(["H-H", "H-O", "O-H", "O-O"], ds.AttributeNames().Where(n => n.StartsWith("species_location_")).Select(n => n[17..]).Order());
        Assert.False(ds.HasAttribute("soaplens_atom_ids")); // ids = indices + 1
    }

    [Fact]
    public void Centre_indices_are_positions_in_the_trajectory_not_ids_and_long_arrays_are_split()
    {
        // 9000 frames would be slow; one frame with a few atoms whose ids are not 1..N, and 9001 frame indices via Create.
        var top = new Topology([5, 9, 13, 40], ["Cu", "Cu", "Cu", "Cu"]);
        var frame = new Frame(7, top, [0, 0, 0, 2.5, 0, 0, 0, 2.5, 0, 2.5, 2.5, 0], new Cell([10, 0, 0, 0, 10, 0, 0, 0, 10]), Pbc.All, time: 3.5);
        var s = Compute(Trajectory.FromFrames([frame]), new SoapSpectrumOptions { RCut = 4, NMax = 2, LMax = 2, Centers = new AtomSelection([9, 40], "two") });
        Assert.Equal([1, 3], s.CentreIndices!);
        var path = Temp.File("ids.h5");
        Export(s, path, "x");
        using (var f = Hdf5Files.Open(path))
        using (var ds = f.OpenDataset("SOAP/x"))
        {
            Assert.Equal([1L, 3], (long[])ds.ReadAttribute("centersIndexes").Value!);
            Assert.Equal([9L, 40], (long[])ds.ReadAttribute("soaplens_atom_ids").Value!);
            Assert.Equal([7L], (long[])ds.ReadAttribute("soaplens_frames").Value!);
            Assert.Equal(4L, ds.ReadAttribute("soaplens_atom_count").Value);
        }
        AssertIdentical(s, Import(path));

        int n = SoapifySpectrumLayout.MaxAttributeValues * 2 + 1;
        var values = NdArray.Of(new float[n * s.FeatureCount], n, 1, s.FeatureCount);
        var many = SoapSpectrum.Create(s.Parameters, SoapLayout.Dscribe, values, Enumerable.Range(0, n).Select(i => 2 * i).ToArray(), [9],
            Enumerable.Range(0, n).Select(i => i * 0.1).ToArray(), Pbc.All, centreIndices: [1], atomCount: 4);
        Export(many, path, "many");
        var back = Import(path, "many");
        AssertIdentical(many, back);
        Assert.Equal(3, Hdf5Inventory.Describe(path).Single(o => o.Path == "/SOAP/many").Attributes.Count(a => a.Name.StartsWith("soaplens_times")));
    }

    [Fact]
    public void What_soapify_cannot_hold_or_soaplens_cannot_read_is_refused_clearly()
    {
        var p = SoapParameters.Create(3, 1, 0, 1, ["Cu"]); // one feature per centre
        var path = Temp.File("bad.h5");
        int n = SoapifySpectrumLayout.MaxAttributeValues + 1;
        var subset = SoapSpectrum.Create(p, SoapLayout.Dscribe, NdArray.Of(new double[n], 1, n, 1), [0], Enumerable.Range(1, n).ToArray(),
            centreIndices: Enumerable.Range(0, n).ToArray(), atomCount: n + 1);
        Assert.Equal("SoapifyTooManyCentres", Assert.Throws<SoapLensException>(() => Export(subset, path)).ErrorId);
        var zeroId = SoapSpectrum.Create(p, SoapLayout.Dscribe, NdArray.Of(new double[2], 1, 2, 1), [0], [0, 1]);
        Assert.Equal("SoapifyCentreIndexUnknown", Assert.Throws<SoapLensException>(() => Export(zeroId, path)).ErrorId);
        Assert.False(File.Exists(path));

        SoapifySoapWriter.WriteFile(path, "q", new SoapifySoapParameters { Engine = "quippy", LMax = 0, NMax = 1, RCut = 3, Species = ["Cu"] }, new double[2], 1, 2, 1);
        var ex = Assert.Throws<MalformedFileException>(() => Import(path, "q"));
        Assert.Contains("quippy", ex.Message);
    }

    [Fact]
    public void Names_default_to_the_trajectory_and_existing_datasets_need_force()
    {
        var s = Water();
        var path = Temp.File("n.hdf5");
        Export(s, path);
        var ex = Assert.Throws<SoapLensException>(() => Export(s, path));
        Assert.Equal("Hdf5ObjectExists", ex.ErrorId);
        Export(s.Normalize(), path, force: true);
        Assert.True(Import(path).Normalized);
        var noSource = SoapSpectrum.Create(s.Parameters, SoapLayout.Dscribe, NdArray.Of(s.ToArray(), 1, 5, s.FeatureCount), [0], s.CentreIds);
        Export(noSource, path);
        using var g = Hdf5Files.Open(path);
        Assert.Equal(["SoapSpectrum", "water_cluster"], SoapifySoapReader.List(g).Order());
        // Without recorded centre indices, SOAPify's convention index = id − 1 is used.
        using var d = g.OpenDataset("SOAP/SoapSpectrum");
        Assert.Equal([0L, 1, 3, 99, 392], (long[])d.ReadAttribute("centersIndexes").Value!);
    }

    [Fact]
    public void Export_trajectory_writes_a_soapify_group_that_reads_back()
    {
        var path = Temp.File("traj.hdf5");
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(0, 12));
        ExportTrajectory(t, path);
        var back = Trajectory.Open(path);
        using (var f = Hdf5Files.Open(path)) Assert.Equal(["cu211-small"], SoapifyTrajectoryFormat.List(f));
        var a = t.LoadFrames();
        var b = back.LoadFrames();
        Assert.Equal(12, b.Count);
        Assert.Equal(t.Topology.Species, back.Topology.Species);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Positions, b[i].Positions);
            Assert.Equal(a[i].Cell!.Matrix.ToArray(), b[i].Cell!.Matrix.ToArray());
        }

        // A second group goes into the same file; the same name again needs -Force, which keeps the other group.
        ExportTrajectory(t.Select(new FrameSelection(0, 3)), path, name: "short");
        var host = ExportTrajectory(t, path, name: "short");
        Assert.Equal("Hdf5ObjectExists", Assert.Single(host.Errors).ErrorId);
        ExportTrajectory(t.Select(new FrameSelection(0, 2)), path, name: "short", force: true);
        Assert.Equal(2, Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "short" }).LoadFrames().Count);
        Assert.Equal(12, Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "cu211-small" }).LoadFrames().Count);

        var text = Temp.File("text.h5");
        File.WriteAllText(text, "not hdf5");
        Assert.Equal("FileExists", Assert.Single(ExportTrajectory(t, text).Errors).ErrorId);
        Assert.Equal("not hdf5", File.ReadAllText(text));
        var cols = ExportTrajectory(t, Temp.File("c.h5"), columns: [new OneColumn()]);
        Assert.Contains("-Column", Assert.Single(cols.Errors).Message);
        Assert.False(File.Exists(Temp.File("c.h5")));
    }

    private static RecordingHost ExportTrajectory(Trajectory t, string path, string? name = null, bool force = false, IPerAtomColumns[]? columns = null)
    {
        var host = new RecordingHost();
        var stage = new ExportTrajectoryStage(host, new ExportTrajectoryOptions
        {
            Path = path,
            WriteOptions = new TrajectoryWriteOptions { Name = name },
            Force = force,
            Columns = columns ?? [],
        });
        stage.Begin();
        stage.Process(t);
        return host;
    }

    private sealed class OneColumn : IPerAtomColumns
    {
        public IReadOnlyList<string> ColumnNames => ["x"];
        public bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination) => false;
    }
}
