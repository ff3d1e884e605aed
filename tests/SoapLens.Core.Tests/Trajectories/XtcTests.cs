using Xunit.Abstractions;
using SoapLens.IO;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class XtcTests(ITestOutputHelper output)
{
    private static string Coex(string ext) => SharedData.Trajectory("dynsight-water", "test_coex." + ext);

    private static Trajectory OpenCoex() =>
        Trajectory.Open(Coex("xtc"), options: new TrajectoryReadOptions { TopologyPath = Coex("gro") });

    [Fact]
    public void Test_coex_decodes_to_the_mdanalysis_positions_boxes_and_times()
    {
        var t = OpenCoex();
        Assert.Equal("xtc", t.FormatName);
        Assert.Equal(8192, t.AtomCount);
        Assert.Equal(6, t.SourceFrameCount);

        var refPos = Npy.Load(SharedData.Reference("xtc-water", "positions_angstrom.npy")).ToDoubleArray();
        var refBox = Npy.Load(SharedData.Reference("xtc-water", "box.npy")).ToDoubleArray();
        var refTime = Npy.Load(SharedData.Reference("xtc-water", "time_ps.npy")).ToDoubleArray();
        var frames = t.LoadFrames();
        Assert.Equal(6, frames.Count);
        double worstPos = 0, worstBox = 0, worstTime = 0;
        for (int f = 0; f < 6; f++)
        {
            var p = frames[f].Positions;
            for (int k = 0; k < p.Length; k++) worstPos = Math.Max(worstPos, Math.Abs(p[k] - refPos[f * 8192 * 3 + k]));
            var (a, b, c, al, be, ga) = frames[f].Cell!.Parameters;
            double[] mine = [a, b, c, al, be, ga];
            for (int k = 0; k < 6; k++) worstBox = Math.Max(worstBox, Math.Abs(mine[k] - refBox[6 * f + k]));
            worstTime = Math.Max(worstTime, Math.Abs(frames[f].Time!.Value - refTime[f]));
            Assert.True(frames[f].Pbc.A && frames[f].Pbc.B && frames[f].Pbc.C);
        }
        output.WriteLine($"worst |Δx| {worstPos:E2} Å, box {worstBox:E2}, time {worstTime:E2}");
        Assert.True(worstPos < 1e-4, $"worst position error {worstPos} Å");
        Assert.True(worstBox < 1e-4, $"worst box error {worstBox}");
        Assert.True(worstTime < 1e-6, $"worst time error {worstTime}");
        Assert.Equal(20000.0, frames[0].Time);
        Assert.Equal(32.0, frames[0].Cell!.Length(0));
    }

    [Fact]
    public void Species_and_names_come_from_the_gro_topology()
    {
        var t = OpenCoex();
        Assert.Equal(["H", "O"], t.Species);
        Assert.Equal(["OW", "HW1", "HW2", "MW3"], t.Topology.Names.Take(4).ToArray());
        Assert.Equal(new string?[] { "O", "H", "H", null }, t.Topology.Species.Take(4));
        Assert.Equal(Enumerable.Range(1, 8192), t.Topology.Ids);
    }

    [Fact]
    public void Frame_selection_skips_frames_and_keeps_source_indices()
    {
        var t = OpenCoex().Select(new FrameSelection(Start: 1, Step: 2));
        var frames = t.LoadFrames();
        Assert.Equal([1, 3, 5], frames.Select(f => f.Index));
        var refPos = Npy.Load(SharedData.Reference("xtc-water", "positions_angstrom.npy")).ToDoubleArray();
        Assert.Equal(refPos[3 * 8192 * 3 + 5], frames[1].Positions[5], 4);
    }

    [Fact]
    public void Small_frames_are_stored_uncompressed_and_read_as_floats()
    {
        var dir = SharedData.Trajectory("dynsight-water");
        var t = Trajectory.Open(Path.Combine(dir, "balls_7_nvt.xtc"),
            options: new TrajectoryReadOptions { TopologyPath = Path.Combine(dir, "balls_7_nvt.gro") });
        Assert.Equal(201, t.CountFrames());
        Assert.Equal(["C"], t.Species);
        var frames = t.LoadFrames();
        Assert.Equal(100.0, frames[^1].Time);
        Assert.Equal(0.5, frames[1].Time);
        Assert.Equal(30.0, frames[0].Cell!.Length(2));
        // First atom of frame 0 is stored as the float 1.379... nm; the value read is its shortest decimal × 10.
        var bytes = File.ReadAllBytes(Path.Combine(dir, "balls_7_nvt.xtc"));
        float x0 = System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(bytes.AsSpan(56));
        Assert.Equal(double.Parse(x0.ToString("R", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) * 10, frames[0].Positions[0], 12);
        foreach (var f in frames)
            foreach (var x in f.Positions)
                Assert.InRange(x, -30, 60);
    }

    [Fact]
    public void Without_a_topology_atoms_get_ids_but_no_species()
    {
        var t = Trajectory.Open(Coex("xtc"));
        Assert.Equal(8192, t.AtomCount);
        Assert.Empty(t.Species);
        Assert.Equal(8192, t.Topology.Ids[^1]);
    }
}

public class XtcTopologyTests
{
    [Fact]
    public void Xtc_atoms_take_the_topology_ids_in_ascending_order()
    {
        // Any trajectory file can be the topology; its ids need not be 1..N.
        using var tmp = new Support.TempDir();
        var top = tmp.File("top.extxyz");
        File.WriteAllText(top, "7\nProperties=species:S:1:pos:R:3:id:I:1\n" +
            string.Join("", Enumerable.Range(1, 7).Select(i => $"{(i == 3 ? "O" : "C")} 0 0 0 {80 - 10 * i}\n")));
        var dir = SharedData.Trajectory("dynsight-water");
        var t = Trajectory.Open(Path.Combine(dir, "balls_7_nvt.xtc"), options: new TrajectoryReadOptions { TopologyPath = top });
        Assert.Equal([10, 20, 30, 40, 50, 60, 70], t.Topology.Ids);
        Assert.Equal("O", t.Topology.Species[4]);   // id 50 was written third
        Assert.Equal(201, t.LoadFrames().Count);
    }
}

public class FrameSelectionParameterTests
{
    [Fact]
    public void Cmdlet_parameters_map_to_selections()
    {
        Assert.Null(FrameSelection.FromParameters(0, -1, 1, null));
        Assert.Equal(new FrameSelection(2, 10, 3), FrameSelection.FromParameters(2, 10, 3, null));
        Assert.Equal(new FrameSelection(0, null, 2), FrameSelection.FromParameters(0, -1, 2, null));
        Assert.Equal([1, 4, 9], FrameSelection.FromParameters(5, 6, 7, [9, 1, 4, 1])!.Frames!);
    }
}

/// <summary>
/// The decoder against streams from an independent test encoder (<see cref="XtcTestEncoder"/>), for
/// the paths that the sample files do not take.
/// </summary>
public class XtcCodecTests
{
    private static int[] Decode(byte[] data, int natoms, int[] minint, int[] maxint, int smallidx)
    {
        var padded = new byte[data.Length + 8];
        data.CopyTo(padded, 0);
        var coords = new int[3 * natoms];
        XtcCodec.Decompress(padded, data.Length, natoms, minint, maxint, smallidx, coords);
        return coords;
    }

    [Theory]
    [InlineData(3000L, 3000L, 3000L, 12, 0L)]                // water-box sized: packed in one 64-bit word
    [InlineData(9_000_000L, 12_000_000L, 15_000_000L, 15, 0L)] // ranges below 2^24 whose product needs more than 64 bits
    [InlineData(30_000_000L, 500L, 40L, 9, -20_000_000L)]    // a range above 2^24: three separate bit fields; negative minint
    [InlineData(100_000L, 100_000L, 100_000L, 25, 1_000L)]     // large small-integer index
    public void Streams_from_an_independent_encoder_decode_to_the_same_integers(long sx, long sy, long sz, int smallidx, long offset)
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new Random(seed);
            var (groups, coords) = XtcTestEncoder.RandomFrame(rng, 60, [sx, sy, sz], smallidx, [offset, offset, offset]);
            var (data, minint, maxint) = XtcTestEncoder.Encode(groups, coords, smallidx);
            Assert.Equal(coords, Decode(data, coords.Length / 3, minint, maxint, smallidx));
        }
    }

    [Fact]
    public void The_encoder_covers_runs_carried_over_drifts_both_ways_and_full_runs()
    {
        // Guard against a test that silently stopped exercising the paths it is for.
        var (groups, _) = XtcTestEncoder.RandomFrame(new Random(1), 60, [3000, 3000, 3000], 12);
        Assert.Contains(groups, g => g.Small.Length == 9);
        Assert.Contains(groups, g => g.Small.Length == 0);
        Assert.Contains(groups, g => g.Drift == 1);
        Assert.Contains(groups, g => g.Drift == -1);
        Assert.Contains(Enumerable.Range(1, groups.Count - 1),
            i => groups[i].Drift == 0 && groups[i].Small.Length == groups[i - 1].Small.Length);
    }

    [Fact]
    public void A_stream_one_bit_short_is_refused()
    {
        var (groups, coords) = XtcTestEncoder.RandomFrame(new Random(3), 30, [3000, 3000, 3000], 12);
        var (data, minint, maxint) = XtcTestEncoder.Encode(groups, coords, 12);
        Assert.Throws<InvalidDataException>(() => Decode(data[..^1], coords.Length / 3, minint, maxint, 12));
    }

    [Fact]
    public void An_encoded_file_reads_back_as_positions_in_angstrom_with_steps_times_and_boxes()
    {
        using var tmp = new TempDir();
        var path = tmp.File("enc.xtc");
        const float precision = 1000f;
        var frames = new List<int[]>();
        using (var fs = File.Create(path))
        {
            for (int f = 0; f < 3; f++)
            {
                // The same seed keeps the atom count; the offset moves the atoms.
                var (groups, coords) = XtcTestEncoder.RandomFrame(new Random(10), 25, [2500, 2600, 2700], 11, [37L * f, -50L * f, 11L * f]);
                frames.Add(coords);
                fs.Write(XtcTestEncoder.Frame(100 * f, 0.5f * f, [3f, 0, 0, 0, 3.1f, 0, 0, 0, 3.2f], precision, groups, coords, 11));
            }
        }
        var read = Trajectory.Open(path).LoadFrames();
        Assert.Equal(3, read.Count);
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(100 * f, read[f].Step);
            Assert.Equal(0.5 * f, read[f].Time);
            Assert.Equal(31.0, read[f].Cell!.Length(1), 5);
            Assert.Equal(frames[f].Length, read[f].Positions.Length);
            for (int k = 0; k < frames[f].Length; k++)
                Assert.Equal(frames[f][k] / 100.0, read[f].Positions[k], 4); // 1/precision nm = 0.01 Å; float rounding ≪ 1e-4 Å
        }
    }
}
