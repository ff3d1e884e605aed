using System.Text.Json.Nodes;
using SoapLens.Geometry;
using SoapLens.IO;
using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.IO.Hdf5;

/// <summary>Every sample in shared/data/hdf5 reads with the values its README and checks.json list.</summary>
public sealed class Hdf5SampleTests : Hdf5TestBase
{
    private static readonly JsonObject Checks = JsonNode.Parse(File.ReadAllText(Sample("checks.json")))!.AsObject();

    private static double[] Doubles(JsonNode? n) => n!.AsArray().Select(x => (double)x!).ToArray();

    private static double[] Atom(Frame f, int index) => f.Positions.AsSpan(3 * index, 3).ToArray();

    // numpy sums pairwise; a long plain sum differs from it by rounding only.
    private static void AssertSum(double expected, double actual, double rel = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= rel * Math.Abs(expected), $"sum {actual:R}, expected {expected:R}");

    [Fact]
    public void Soapify_cu211_trajectory_reads_with_the_listed_values()
    {
        var c = Checks["cu211_checks"]!;
        var t = Trajectory.Open(Sample("soapify-cu211.hdf5")); // one group: -Name not needed
        Assert.Equal("hdf5", t.FormatName);
        Assert.Equal(720, t.AtomCount);
        Assert.Equal(20, t.FrameCount);
        Assert.Equal(["Cu"], t.Species);
        Assert.All(t.Topology.Names, n => Assert.Equal("Cu", n));
        Assert.Equal(Enumerable.Range(1, 720), t.Topology.Ids);
        var frames = t.LoadFrames();
        Assert.Equal(Doubles(c["Trajectory[3,17]"]), Atom(frames[3], 17));
        Assert.Equal(Doubles(c["Trajectory[0,0]"]), Atom(frames[0], 0));
        Assert.Equal(Doubles(c["Trajectory[19,719]"]), Atom(frames[19], 719));
        double sum = 0;
        foreach (var f in frames) foreach (var x in f.Positions) sum += x;
        AssertSum((double)c["Trajectory_sum"]!, sum);
        var box = Doubles(c["Box[0]"]);
        foreach (var f in frames)
        {
            Assert.Equal(Pbc.All, f.Pbc);
            Assert.True(f.Cell!.IsOrthorhombic);
            Assert.Equal(box[..3], new[] { f.Cell.Length(0), f.Cell.Length(1), f.Cell.Length(2) });
            Assert.Null(f.Time);
        }
    }

    [Fact]
    public void Soapify_cu211_positions_are_the_extxyz_source_rounded_to_float32()
    {
        var h5 = Trajectory.Open(Sample("soapify-cu211.hdf5")).LoadFrames();
        var src = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(0, 20, 1)).LoadFrames();
        double worst = 0;
        for (int f = 0; f < 20; f++)
            for (int i = 0; i < h5[f].Positions.Length; i++)
            {
                Assert.Equal((double)(float)src[f].Positions[i], h5[f].Positions[i]);
                worst = Math.Max(worst, Math.Abs(src[f].Positions[i] - h5[f].Positions[i]));
            }
        Assert.InRange(worst, 0, 4e-6);
    }

    [Fact]
    public void Soapify_cu211_soap_reads_with_the_listed_values()
    {
        var c = Checks["cu211_soap_checks"]!;
        using var r = SoapifySoapReader.Open(Sample("soapify-cu211.hdf5"), "cu211");
        Assert.Equal((5, 720, 324), (r.Frames, r.Centres, r.Features));
        var p = r.Parameters;
        Assert.Equal(("dscribe", 8, 8, 6.0), (p.Engine, p.LMax, p.NMax, p.RCut));
        Assert.Equal(["Cu"], p.Species);
        Assert.Null(p.CentreIndices);
        Assert.Equal(1.0, p.Sigma);
        Assert.Equal(324, p.NativeFeatureCount);
        Assert.Equal((0L, 324L), r.StoredLocations["Cu-Cu"]);
        var all = r.ReadAll();
        foreach (var (key, value) in c["entries[f,atom,feature]"]!.AsObject())
        {
            var ix = key.Split(',').Select(int.Parse).ToArray();
            Assert.Equal((double)value!, all[((long)ix[0] * 720 + ix[1]) * 324 + ix[2]]);
        }
        var sums = Doubles(c["frame_sums"]);
        var squares = Doubles(c["frame_sum_of_squares"]);
        var rowSums = Npy.Load(Sample("soapify-cu211_SOAP_rowsums.npy")).ToDoubleArray();
        var rowNorms = Npy.Load(Sample("soapify-cu211_SOAP_rownorms.npy")).ToDoubleArray();
        double worstRow = 0;
        for (int f = 0; f < 5; f++)
        {
            double s = 0, q = 0;
            for (int a = 0; a < 720; a++)
            {
                double rs = 0, rq = 0;
                for (int k = 0; k < 324; k++)
                {
                    double v = all[((long)f * 720 + a) * 324 + k];
                    rs += v;
                    rq += v * v;
                }
                worstRow = Math.Max(worstRow, Math.Abs(rs - rowSums[f * 720 + a]) / Math.Abs(rowSums[f * 720 + a]));
                worstRow = Math.Max(worstRow, Math.Abs(Math.Sqrt(rq) - rowNorms[f * 720 + a]) / rowNorms[f * 720 + a]);
                s += rs;
                q += rq;
            }
            AssertSum(sums[f], s);
            AssertSum(squares[f], q);
        }
        Assert.InRange(worstRow, 0, 1e-12);
        Assert.Equal(Npy.Load(Sample("soapify-cu211_SOAP_frame4.npy")).ToDoubleArray(), all.AsSpan(4 * 720 * 324, 720 * 324).ToArray());
    }

    [Fact]
    public void Soapify_soap_frame0_agrees_with_the_extxyz_reference_to_float32_rounding()
    {
        using var r = SoapifySoapReader.Open(Sample("soapify-cu211.hdf5"));
        var frame0 = new double[720 * 324];
        r.ReadFrames(0, 1, frame0);
        var reference = Npy.Load(SharedData.Reference("soap-cu211", "soap_native.npy")).ToDoubleArray();
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < frame0.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(reference[i]));
            maxDiff = Math.Max(maxDiff, Math.Abs(reference[i] - frame0[i]));
        }
        // README: "to 4.0e-7 relative to the largest entry" (float32 positions in the MDAnalysis path).
        Assert.InRange(maxDiff / maxRef, 1e-9, 4.05e-7);
    }

    [Fact]
    public void Soapify_masked_soap_has_centre_indices_and_matches_the_full_rows()
    {
        var c = Checks["masked"]!;
        using var m = SoapifySoapReader.Open(Sample("soapify-masked.hdf5"));
        Assert.Equal((5, 100, 324), (m.Frames, m.Centres, m.Features));
        var idx = m.Parameters.CentreIndices!;
        Assert.Equal(100, idx.Length);
        Assert.Equal(c["centersIndexes_first10"]!.AsArray().Select(x => (long)x!), idx[..10]);
        Assert.Equal(c["centersIndexes_last5"]!.AsArray().Select(x => (long)x!), idx[^5..]);
        var masked = m.ReadAll();
        foreach (var (key, value) in c["entries[f,row,feature]"]!.AsObject())
        {
            var ix = key.Split(',').Select(int.Parse).ToArray();
            Assert.Equal((double)value!, masked[((long)ix[0] * 100 + ix[1]) * 324 + ix[2]]);
        }
        var sums = Doubles(c["frame_sums"]);
        for (int f = 0; f < 5; f++) AssertSum(sums[f], masked.AsSpan(f * 100 * 324, 100 * 324).ToArray().Sum());
        using var full = SoapifySoapReader.Open(Sample("soapify-cu211.hdf5"));
        var all = full.ReadAll();
        for (int f = 0; f < 5; f++)
            for (int r = 0; r < 100; r++)
                Assert.True(masked.AsSpan((f * 100 + r) * 324, 324).SequenceEqual(all.AsSpan((int)((f * 720 + idx[r]) * 324), 324)), $"frame {f} row {r}");
        var traj = Trajectory.Open(Sample("soapify-masked.hdf5")).LoadFrames();
        var ref5 = Trajectory.Open(Sample("soapify-cu211.hdf5"), selection: new FrameSelection(0, 5, 1)).LoadFrames();
        Assert.Equal(5, traj.Count);
        for (int f = 0; f < 5; f++) Assert.Equal(ref5[f].Positions, traj[f].Positions);
    }

    [Fact]
    public void Soapify_water_needs_a_name_and_reads_types_and_boxes()
    {
        var c = Checks["water_checks"]!;
        var path = Sample("soapify-water.hdf5");
        var ex = Assert.Throws<SoapLensException>(() => Trajectory.Open(path));
        Assert.Equal("Hdf5NameRequired", ex.ErrorId);
        Assert.Contains("water, water_atomnames", ex.Message);
        var wrong = Assert.Throws<SoapLensException>(() => Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "ice" }));
        Assert.Equal("TrajectoryNotFound", wrong.ErrorId);
        Assert.Contains("available: water, water_atomnames", wrong.Message);

        var w = Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "water" });
        Assert.Equal(8192, w.AtomCount);
        Assert.Equal(3, w.FrameCount);
        Assert.Equal(c["Types[0:8]"]!.AsArray().Select(x => (string)x!), w.Topology.Names[..8]);
        Assert.Equal(new[] { "O", "H", "H", null, "O", "H", "H", null }, w.Topology.Species[..8].ToList());
        Assert.Equal(["H", "O"], w.Species);
        var frames = w.LoadFrames();
        Assert.Equal(Doubles(c["Trajectory[0,0]"]), Atom(frames[0], 0));
        Assert.Equal(Doubles(c["Trajectory[2,3]"]), Atom(frames[2], 3));
        Assert.Equal(Doubles(c["Trajectory[1,8191]"]), Atom(frames[1], 8191));
        double sum = 0;
        foreach (var f in frames) foreach (var x in f.Positions) sum += x;
        AssertSum((double)c["Trajectory_sum"]!, sum);
        Assert.Equal(Doubles(c["Box[0]"])[..3], new[] { frames[0].Cell!.Length(0), frames[0].Cell!.Length(1), frames[0].Cell!.Length(2) });
        Assert.Equal(Doubles(c["Box[2]"])[2], frames[2].Cell!.Length(2));

        var named = Trajectory.Open(path, options: new TrajectoryReadOptions { Name = "water_atomnames" });
        Assert.Equal(c["atomnames Types[0:8]"]!.AsArray().Select(x => (string)x!), named.Topology.Names[..8]);
        Assert.Equal(new[] { "O", "H", "H", null }, named.Topology.Species[..4].ToList());
        var nf = named.LoadFrames();
        for (int f = 0; f < 3; f++) Assert.Equal(frames[f].Positions, nf[f].Positions);
    }

    [Fact]
    public void H5md_with_box_time_and_step_reads_in_angstrom()
    {
        var raw = Checks["cu211.h5md_raw"]!;
        var t = Trajectory.Open(Sample("cu211.h5md"));
        Assert.Equal("h5md", t.FormatName);
        Assert.Equal(20, t.FrameCount);
        Assert.Equal(720, t.AtomCount);
        var frames = t.LoadFrames();
        Assert.Equal(Doubles(Checks["cu211.h5md_readback"]!["frame3_atom17_Angstrom"]), Atom(frames[3], 17));
        Assert.Equal(Doubles(raw["time"]), frames.Select(f => f.Time!.Value));
        Assert.Equal(raw["step"]!.AsArray().Select(x => (long)x!), frames.Select(f => f.Step!.Value));
        var edges = raw["box/edges/value[0]"]!.AsArray().Select(Doubles).ToArray();
        Assert.Equal(edges.SelectMany(r => r), frames[0].Cell!.Matrix.ToArray());
        Assert.Equal(Pbc.All, frames[0].Pbc); // MDAnalysis writes "periodic" whenever there is a box
        var soapify = Trajectory.Open(Sample("soapify-cu211.hdf5")).LoadFrames();
        for (int f = 0; f < 20; f++) Assert.Equal(soapify[f].Positions, frames[f].Positions);
    }

    [Fact]
    public void H5md_positions_only_in_nm_convert_to_angstrom()
    {
        var t = Trajectory.Open(Sample("cu211-posonly.h5md"));
        Assert.Equal(20, t.FrameCount);
        var frames = t.LoadFrames();
        var soapify = Trajectory.Open(Sample("soapify-cu211.hdf5")).LoadFrames();
        double worst = 0;
        for (int f = 0; f < 20; f++)
        {
            Assert.Null(frames[f].Cell);
            Assert.Equal(Pbc.None, frames[f].Pbc);
            Assert.Equal(f, frames[f].Step);
            Assert.Equal(f, frames[f].Time);
            for (int i = 0; i < frames[f].Positions.Length; i++)
                worst = Math.Max(worst, Math.Abs(frames[f].Positions[i] - soapify[f].Positions[i]));
        }
        // README: MDAnalysis reads this file back with max |diff| 1.9e-6 Å (float32 rounding of the nm values).
        Assert.InRange(worst, 1e-7, (double)Checks["cu211-posonly.h5md_readback"]!["max_abs_diff_vs_source_all_frames_A"]!);
        var expected = Doubles(Checks["cu211-posonly.h5md_readback"]!["frame3_atom17_Angstrom"]);
        var got = Atom(frames[3], 17);
        for (int k = 0; k < 3; k++) Assert.InRange(Math.Abs(got[k] - expected[k]), 0, 2e-6);
    }

    [Fact]
    public void H5md_takes_names_and_species_from_a_topology_file()
    {
        var t = Trajectory.Open(Sample("cu211.h5md"), options: new TrajectoryReadOptions
        {
            TopologyPath = SharedData.Trajectory("cu211-small", "cu211-small.extxyz"),
        });
        Assert.Equal(["Cu"], t.Species);
        Assert.Equal(Enumerable.Range(1, 720), t.Topology.Ids);
    }

    [Fact]
    public void Frame_selection_streams_only_the_wanted_frames()
    {
        foreach (var file in new[] { "soapify-cu211.hdf5", "cu211.h5md", "cu211-posonly.h5md" })
        {
            var all = Trajectory.Open(Sample(file)).LoadFrames();
            var sel = Trajectory.Open(Sample(file), selection: new FrameSelection(3, 17, 5)).LoadFrames();
            Assert.Equal([3, 8, 13], sel.Select(f => f.Index));
            foreach (var f in sel) Assert.Equal(all[f.Index].Positions, f.Positions);
        }
    }
}
