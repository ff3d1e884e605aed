using SoapLens.Data;
using SoapLens.Geometry;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class TrajectoryWriterTests
{
    private static Trajectory Cu(int frames = 10) =>
        Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(Stop: frames));

    private static void Write(Trajectory t, string path, params IPerAtomColumns[] columns) =>
        TrajectoryWriters.Resolve(path, null).Write(path, t, t.ReadFrames(), columns, new TrajectoryWriteOptions(), default);

    private static void AssertSameFrames(Trajectory expected, Trajectory actual, bool time, double cellTolerance = 0)
    {
        var a = expected.LoadFrames();
        var b = actual.LoadFrames();
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(expected.Topology.Ids, actual.Topology.Ids);
        Assert.Equal(expected.Topology.Species, actual.Topology.Species);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Positions, b[i].Positions);
            Assert.Equal(a[i].Pbc, b[i].Pbc);
            Assert.Equal(a[i].Step, b[i].Step);
            if (time) Assert.Equal(a[i].Time, b[i].Time);
            for (int k = 0; k < 9; k++)
                Assert.True(Math.Abs(a[i].Cell!.Matrix[k] - b[i].Cell!.Matrix[k]) <= cellTolerance * Math.Max(1, Math.Abs(a[i].Cell!.Matrix[k])),
                    $"frame {i} cell[{k}]: {a[i].Cell!.Matrix[k]:R} vs {b[i].Cell!.Matrix[k]:R}");
        }
    }

    [Fact]
    public void Extxyz_round_trips_cu211_exactly()
    {
        using var tmp = new TempDir();
        var t = Cu();
        Write(t, tmp.File("out.extxyz"));
        AssertSameFrames(t, Trajectory.Open(tmp.File("out.extxyz")), time: true);
    }

    [Fact]
    public void Lammps_dump_round_trips_cu211_with_the_element_column()
    {
        using var tmp = new TempDir();
        var t = Cu();
        Write(t, tmp.File("out.lammpstrj"));
        var back = Trajectory.Open(tmp.File("out.lammpstrj"));   // no TypeMap needed: the element column says Cu
        AssertSameFrames(t, back, time: false);
        Assert.Contains("ITEM: ATOMS id type element x y z", File.ReadLines(tmp.File("out.lammpstrj")).Take(9));
    }

    private static Trajectory Random(double[] cell, Pbc pbc, int frames = 3, int atoms = 50, int seed = 7)
    {
        var rng = new Random(seed);
        var top = new Topology(Enumerable.Range(0, atoms).Select(i => 3 * i + 2).ToArray(),
            Enumerable.Range(0, atoms).Select(i => i % 5 == 4 ? null : i % 2 == 0 ? "O" : "H").ToArray(),
            Enumerable.Range(0, atoms).Select(i => i % 5 == 4 ? "MW" : i % 2 == 0 ? "OW" : "HW1").ToArray());
        var list = new List<Frame>();
        for (int f = 0; f < frames; f++)
        {
            var p = new double[3 * atoms];
            for (int k = 0; k < p.Length; k++) p[k] = (rng.NextDouble() - 0.2) * 17.3 * Math.Pow(10, rng.Next(-3, 2));
            list.Add(new Frame(f * 2, top, p, new Cell(cell), pbc, time: 0.1 * f + 1e-13, step: 1000L * f));
        }
        return Trajectory.FromFrames(list);
    }

    [Fact]
    public void Float64_positions_round_trip_bit_for_bit_in_both_formats()
    {
        using var tmp = new TempDir();
        var t = Random([12.3456789012345, 0, 0, 1.1, 9.87654321, 0, -0.7, 0.3, 15.000000000001], new Pbc(true, false, true));
        Write(t, tmp.File("r.extxyz"));
        AssertSameFrames(t, Trajectory.Open(tmp.File("r.extxyz")), time: true);
        Write(t, tmp.File("r.dump"));
        // Tilted boxes go through LAMMPS's bounding-box form: the edge comes back within an ulp.
        AssertSameFrames(t, Trajectory.Open(tmp.File("r.dump")), time: false, cellTolerance: 1e-15);
    }

    [Fact]
    public void A_general_cell_is_rotated_into_the_lammps_form_with_the_positions()
    {
        using var tmp = new TempDir();
        // a not along x: the dump must rotate cell and atoms together.
        var t = Random([6, 6, 0, -4, 4, 3, 1, 0, 9], Pbc.All, frames: 1);
        Write(t, tmp.File("g.lammpstrj"));
        var a = t.ReadFirstFrame();
        var b = Trajectory.Open(tmp.File("g.lammpstrj")).ReadFirstFrame();
        var (pa, pb) = (a.Cell!.Parameters, b.Cell!.Parameters);
        Assert.Equal(pa.A, pb.A, 12);
        Assert.Equal(pa.B, pb.B, 12);
        Assert.Equal(pa.C, pb.C, 12);
        Assert.Equal(pa.Alpha, pb.Alpha, 9);
        Assert.Equal(pa.Gamma, pb.Gamma, 9);
        Assert.Equal(0, b.Cell.Matrix[1]);
        for (int i = 0; i < a.AtomCount; i++)
        {
            a.Cell.ToFractional(a.Positions[3 * i], a.Positions[3 * i + 1], a.Positions[3 * i + 2], out var x1, out var y1, out var z1);
            b.Cell.ToFractional(b.Positions[3 * i], b.Positions[3 * i + 1], b.Positions[3 * i + 2], out var x2, out var y2, out var z2);
            Assert.Equal(x1, x2, 10);
            Assert.Equal(y1, y2, 10);
            Assert.Equal(z1, z2, 10);
        }
    }

    [Fact]
    public void Cluster_labels_and_dataset_columns_are_written_per_frame_and_atom()
    {
        using var tmp = new TempDir();
        var t = Cu(3);
        // Labels for frames 0 and 2 only, atoms 1..3 only; the dataset covers frame 1, atoms 1 and 720.
        var labels = new ClusterLabels([0, 1, 2, 2, 1, 0], [0, 0, 0, 2, 2, 2], [1, 2, 3, 1, 2, 3], 3, "test");
        var ds = new Dataset([0.25, 7, 0.5, 8], 2, 2, [1, 1], [720, 1], ["lens", "x"]);
        Write(t, tmp.File("c.extxyz"), labels, ds);
        var lines = File.ReadAllLines(tmp.File("c.extxyz"));
        Assert.Contains("Properties=species:S:1:pos:R:3:id:I:1:cluster:I:1:lens:R:1:x:R:1", lines[1]);
        Assert.EndsWith(" 1 0 nan nan", lines[2]);
        Assert.EndsWith(" 4 -1 nan nan", lines[5]);
        int f1 = 722;   // second frame: header at 722, 723
        Assert.Contains("cluster:I:1:lens:R:1:x:R:1", lines[f1 + 1]);
        Assert.EndsWith(" 1 -1 0.5 8", lines[f1 + 2]);
        Assert.EndsWith(" 720 -1 0.25 7", lines[f1 + 721]);
        Assert.EndsWith(" 2 1 nan nan", lines[2 * 722 + 3]);

        Write(t, tmp.File("c.lammpstrj"), labels, ds);
        var dump = File.ReadAllLines(tmp.File("c.lammpstrj"));
        Assert.Equal("ITEM: ATOMS id type element x y z cluster lens x_2", dump[8]);
        Assert.EndsWith(" 0 nan nan", dump[9]);
        // The readers ignore the extra columns and still round-trip the atoms.
        Assert.Equal(t.ReadFirstFrame().Positions, Trajectory.Open(tmp.File("c.lammpstrj")).ReadFirstFrame().Positions);
        Assert.Equal(t.ReadFirstFrame().Positions, Trajectory.Open(tmp.File("c.extxyz")).ReadFirstFrame().Positions);
    }

    [Fact]
    public void Writers_are_chosen_by_extension_or_format_name()
    {
        Assert.Equal("extxyz", TrajectoryWriters.Resolve("a.xyz", null).Name);
        Assert.Equal("lammpsdump", TrajectoryWriters.Resolve("a.lammpstrj", null).Name);
        Assert.Equal("lammpsdump", TrajectoryWriters.Resolve("a.txt", "LammpsDump").Name);
        Assert.Equal("UnknownFormat", Assert.Throws<SoapLensException>(() => TrajectoryWriters.Resolve("a.pdb", null)).ErrorId);
        Assert.Equal("UnknownFormat", Assert.Throws<SoapLensException>(() => TrajectoryWriters.Resolve("a.xyz", "pdb")).ErrorId);
    }
}

public class ExportTrajectoryStageTests
{
    private static Trajectory Cu() => Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"));

    private static RecordingHost Export(string dir, ExportTrajectoryOptions options, params Trajectory[] inputs)
    {
        var host = new RecordingHost(dir);
        var stage = new ExportTrajectoryStage(host, options);
        stage.Begin();
        foreach (var t in inputs) stage.Process(t);
        stage.End();
        return host;
    }

    [Fact]
    public void Writes_the_selected_frames_with_progress_and_passthru()
    {
        using var tmp = new TempDir();
        var t = Cu();
        var host = Export(tmp.Path, new ExportTrajectoryOptions
        {
            Path = "sub.extxyz", Selection = new FrameSelection(Start: 10, Stop: 40, Step: 10), PassThru = true,
        }, t);
        Assert.Empty(host.Errors);
        Assert.Same(t, Assert.Single(host.Output));
        var back = Trajectory.Open(tmp.File("sub.extxyz"));
        Assert.Equal([10, 20, 30], back.ReadFrames().Select(f => (int)(f.Time!.Value)));
        Assert.True(host.AllProgressCompleted);
        Assert.Contains(host.ShouldProcessCalls, c => c.Target == tmp.File("sub.extxyz") && c.Action.StartsWith("Export frames of cu211-small.extxyz as extxyz"));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp"));
    }

    [Fact]
    public void WhatIf_writes_nothing_and_an_existing_file_needs_Force()
    {
        using var tmp = new TempDir();
        var path = tmp.File("x.lammpstrj");
        var host = new RecordingHost(tmp.Path) { ShouldProcessAnswer = false };
        var stage = new ExportTrajectoryStage(host, new ExportTrajectoryOptions { Path = path });
        stage.Begin();
        stage.Process(Cu());
        Assert.False(File.Exists(path));

        File.WriteAllText(path, "keep me");
        host = Export(tmp.Path, new ExportTrajectoryOptions { Path = path }, Cu());
        Assert.Equal("FileExists", Assert.Single(host.Errors).ErrorId);
        Assert.Equal("keep me", File.ReadAllText(path));

        host = Export(tmp.Path, new ExportTrajectoryOptions { Path = path, Force = true, Selection = new FrameSelection(Frames: [99]) }, Cu());
        Assert.Empty(host.Errors);
        Assert.Equal(99 * 500, Trajectory.Open(path).ReadFirstFrame().Step);
    }

    [Fact]
    public void Cancelling_mid_export_leaves_no_file_behind()
    {
        using var tmp = new TempDir();
        var host = new RecordingHost(tmp.Path) { CancelAfterCalls = 0 };
        var stage = new ExportTrajectoryStage(host, new ExportTrajectoryOptions { Path = "c.extxyz" });
        stage.Begin();
        Assert.ThrowsAny<OperationCanceledException>(() => stage.Process(Cu()));
        Assert.Empty(Directory.GetFiles(tmp.Path));
        Assert.True(host.AllProgressCompleted);
    }

    [Fact]
    public void A_second_trajectory_for_the_same_file_is_refused()
    {
        using var tmp = new TempDir();
        var host = Export(tmp.Path, new ExportTrajectoryOptions { Path = "one.extxyz", Selection = new FrameSelection(Stop: 1) }, Cu(), Cu());
        Assert.Equal("OneTrajectoryPerFile", Assert.Single(host.Errors).ErrorId);
        Assert.Equal(1, Trajectory.Open(tmp.File("one.extxyz")).CountFrames());
    }

    [Fact]
    public void Column_sources_missing_frames_give_one_warning_each()
    {
        using var tmp = new TempDir();
        var labels = new ClusterLabels([0], [0], [1], 1, "test");
        var host = Export(tmp.Path, new ExportTrajectoryOptions { Path = "w.extxyz", Columns = [labels], Selection = new FrameSelection(Stop: 4) }, Cu());
        var w = Assert.Single(host.Warnings);
        Assert.Contains("3 of 4", w);
        Assert.Contains("-1", w);
    }
}

public class ContainerWriterTests
{
    /// <summary>A stand-in for a container format: appends one line per export to the file it is given.</summary>
    private sealed class AppendingWriter : TrajectoryWriter
    {
        public override string Name => "test-append";
        public override IReadOnlyList<string> Extensions { get; } = [".appendtest"];
        public override bool AddsToExistingFile => true;

        public override void Write(string path, Trajectory trajectory, IEnumerable<Frame> frames, IReadOnlyList<IPerAtomColumns> columns,
            TrajectoryWriteOptions options, CancellationToken cancel) =>
            File.AppendAllText(path, $"{options.Name}:{frames.Count()}:{options.Force}\n");
    }

    [Fact]
    public void A_container_writer_adds_to_an_existing_file_through_a_copy()
    {
        TrajectoryWriters.Register(new AppendingWriter());
        using var tmp = new TempDir();
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"));
        foreach (var (name, stop) in new[] { ("a", 2), ("b", 3) })
        {
            var host = new RecordingHost(tmp.Path);
            var stage = new ExportTrajectoryStage(host, new ExportTrajectoryOptions
            {
                Path = "db.appendtest", Selection = new FrameSelection(Stop: stop), WriteOptions = new TrajectoryWriteOptions { Name = name },
            });
            stage.Begin();
            stage.Process(t);
            Assert.Empty(host.Errors);
        }
        Assert.Equal(["a:2:False", "b:3:False"], File.ReadAllLines(tmp.File("db.appendtest")));
        Assert.Single(Directory.GetFiles(tmp.Path));
    }
}
