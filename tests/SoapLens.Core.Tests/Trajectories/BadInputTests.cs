using System.Buffers.Binary;
using System.Text;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

/// <summary>
/// Malformed files of every format, generated here: each must fail with a MalformedFileException
/// that names the file and the expected line (text formats) or frame (xtc), never a crash.
/// </summary>
public class BadInputTests
{
    /// <param name="Line">expected line (null for binary formats); <param name="Frame">expected frame.</param>
    public sealed record Case(string File, Func<byte[]> Content, long? Line, int Frame, string Fragment, string? Topology = null);

    private static Func<byte[]> Text(string s) => () => Encoding.ASCII.GetBytes(s.Replace("\r\n", "\n"));

    private const string Lat = "Lattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:id:I:1";

    private static string Dump(string timestep = "ITEM: TIMESTEP\n0\n", string count = "ITEM: NUMBER OF ATOMS\n2\n",
        string box = "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\n", string atomsItem = "ITEM: ATOMS id type x y z\n",
        string atoms = "1 1 0 0 0\n2 1 1 1 1\n") => timestep + count + box + atomsItem + atoms;

    private const string GroHead = "water\n    2\n";
    private const string GroAtom1 = "    1SOL     OW    1   0.100   0.200   0.300\n";
    private const string GroAtom2 = "    1SOL    HW1    2   0.400   0.500   0.600\n";
    private const string GroBox = "   1.00000   1.00000   1.00000\n";

    private static byte[] Coex() => File.ReadAllBytes(SharedData.Trajectory("dynsight-water", "test_coex.xtc"));
    private static string CoexGro => SharedData.Trajectory("dynsight-water", "test_coex.gro");

    private static Func<byte[]> Xtc(Action<byte[]> corrupt) => () => { var b = Coex(); corrupt(b); return b; };
    private static int Frame1Offset(byte[] b) => 92 + ((BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(88)) + 3) & ~3);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        // extended XYZ
        ["xyz truncated frame"] = new("a.extxyz", Text("2\nProperties=species:S:1:pos:R:3\nCu 0 0 0\n"), 4, 0, "truncated"),
        ["xyz bad atom count"] = new("a.extxyz", Text("two\n\nCu 0 0 0\n"), 1, 0, "atom count"),
        ["xyz too few fields"] = new("a.extxyz", Text($"1\n{Lat}\nCu 0 0 0\n"), 3, 0, "fields"),
        ["xyz non-numeric coordinate"] = new("a.xyz", Text("1\n\nCu 0 zero 0\n"), 3, 0, "not a number"),
        ["xyz NaN coordinate"] = new("a.xyz", Text("1\n\nCu 0 NaN 0\n"), 3, 0, "finite"),
        ["xyz infinite coordinate"] = new("a.xyz", Text("1\n\nCu 0 0 -Infinity\n"), 3, 0, "finite"),
        ["xyz duplicate ids"] = new("a.extxyz", Text($"2\n{Lat}\nCu 0 0 0 4\nCu 1 1 1 4\n"), 1, 0, "more than once"),
        ["xyz id set changes"] = new("a.extxyz", Text($"2\n{Lat}\nCu 0 0 0 1\nCu 1 1 1 2\n2\n{Lat}\nCu 0 0 0 1\nCu 1 1 1 3\n"), 5, 1, "differ from the first frame"),
        ["xyz atom count changes"] = new("a.extxyz", Text($"2\n{Lat}\nCu 0 0 0 1\nCu 1 1 1 2\n1\n{Lat}\nCu 0 0 0 1\n"), 5, 1, "has 1 atoms"),
        ["xyz lattice of 8 numbers"] = new("a.extxyz", Text("1\nLattice=\"5 0 0 0 5 0 0 0\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n"), 2, 0, "9 numbers"),
        ["xyz zero-volume lattice with pbc"] = new("a.extxyz", Text("1\nLattice=\"5 0 0 0 5 0 0 0 0\" Properties=species:S:1:pos:R:3\nCu 0 0 0\n"), 1, 0, "zero volume"),
        ["xyz pbc without lattice"] = new("a.extxyz", Text("1\nProperties=species:S:1:pos:R:3 pbc=\"T T T\"\nCu 0 0 0\n"), 1, 0, "no cell"),
        ["xyz properties without pos"] = new("a.extxyz", Text("1\nProperties=species:S:1:id:I:1\nCu 1\n"), 2, 0, "no pos"),
        ["xyz bad pbc flag"] = new("a.extxyz", Text("1\nLattice=\"5 0 0 0 5 0 0 0 5\" pbc=\"T X F\"\nCu 0 0 0\n"), 2, 0, "pbc value"),
        ["xyz non-integer id"] = new("a.extxyz", Text($"1\n{Lat}\nCu 0 0 0 4.5\n"), 3, 0, "not an integer"),
        ["xyz unterminated quote"] = new("a.extxyz", Text("1\nLattice=\"5 0 0 Properties=species:S:1:pos:R:3\nCu 0 0 0\n"), 2, 0, "unterminated"),

        // LAMMPS dump
        ["dump missing number of atoms"] = new("a.lammpstrj", Text(Dump(count: "")), 1, 0, "NUMBER OF ATOMS"),
        ["dump missing timestep"] = new("a.lammpstrj", Text(Dump(timestep: "")), 1, 0, "TIMESTEP"),
        ["dump missing ATOMS item"] = new("a.lammpstrj", Text(Dump(atomsItem: "")), 9, 0, "expected an 'ITEM:' line"),
        ["dump no coordinate columns"] = new("a.lammpstrj", Text(Dump(atomsItem: "ITEM: ATOMS id type vx vy vz\n")), 9, 0, "no complete coordinate columns"),
        ["dump incomplete coordinates"] = new("a.lammpstrj", Text(Dump(atomsItem: "ITEM: ATOMS id type x y q\n")), 9, 0, "incomplete: x y"),
        ["dump duplicate column"] = new("a.lammpstrj", Text(Dump(atomsItem: "ITEM: ATOMS id id x y z\n")), 9, 0, "twice"),
        ["dump box line with one number"] = new("a.lammpstrj", Text(Dump(box: "ITEM: BOX BOUNDS pp pp pp\n0\n0 10\n0 10\n")), 6, 0, "box bounds line"),
        ["dump box upper below lower"] = new("a.lammpstrj", Text(Dump(box: "ITEM: BOX BOUNDS pp pp pp\n0 10\n10 0\n0 10\n")), 7, 0, "below the lower"),
        ["dump bad boundary flag"] = new("a.lammpstrj", Text(Dump(box: "ITEM: BOX BOUNDS pp pq pp\n0 10\n0 10\n0 10\n")), 5, 0, "boundary flag"),
        ["dump zero-volume periodic box"] = new("a.lammpstrj", Text(Dump(box: "ITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n3 3\n")), 1, 0, "zero volume"),
        ["dump truncated frame"] = new("a.lammpstrj", Text(Dump(atoms: "1 1 0 0 0\n")), 11, 0, "truncated"),
        ["dump non-numeric field"] = new("a.lammpstrj", Text(Dump(atoms: "1 1 0 a 0\n2 1 1 1 1\n")), 10, 0, "not a number"),
        ["dump NaN coordinate"] = new("a.lammpstrj", Text(Dump(atoms: "1 1 0 0 0\n2 1 nan 1 1\n")), 11, 0, "finite"),
        ["dump non-integer id"] = new("a.lammpstrj", Text(Dump(atoms: "x 1 0 0 0\n2 1 1 1 1\n")), 10, 0, "atom id"),
        ["dump too few fields"] = new("a.lammpstrj", Text(Dump(atoms: "1 1 0 0\n2 1 1 1 1\n")), 10, 0, "fields"),
        ["dump unknown item"] = new("a.lammpstrj", Text(Dump(count: "ITEM: FOO\n3\n")), 3, 0, "unknown item"),
        ["dump bad atom count"] = new("a.lammpstrj", Text(Dump(count: "ITEM: NUMBER OF ATOMS\n-3\n")), 4, 0, "not a count"),
        ["dump duplicate ids"] = new("a.lammpstrj", Text(Dump(atoms: "2 1 0 0 0\n2 1 1 1 1\n")), 1, 0, "more than once"),
        ["dump atom count changes"] = new("a.lammpstrj", Text(Dump() + Dump(count: "ITEM: NUMBER OF ATOMS\n1\n", atoms: "1 1 0 0 0\n")), 12, 1, "has 1 atoms"),
        ["dump id set changes"] = new("a.lammpstrj", Text(Dump() + Dump(atoms: "1 1 0 0 0\n7 1 1 1 1\n")), 12, 1, "new 7"),

        // GROMACS gro
        ["gro bad box line"] = new("a.gro", Text(GroHead + GroAtom1 + GroAtom2 + "   1.00000   1.00000\n"), 5, 0, "3 or 9 numbers"),
        ["gro non-numeric box"] = new("a.gro", Text(GroHead + GroAtom1 + GroAtom2 + "   1.00000   abc   1.00000\n"), 5, 0, "not a number"),
        ["gro non-numeric coordinate"] = new("a.gro", Text(GroHead + "    1SOL     OW    1   0.100   x.200   0.300\n" + GroAtom2 + GroBox), 3, 0, "not a number"),
        ["gro missing box line"] = new("a.gro", Text(GroHead + GroAtom1 + GroAtom2), 5, 0, "box line is missing"),
        ["gro truncated frame"] = new("a.gro", Text(GroHead + GroAtom1), 4, 0, "truncated"),
        ["gro short atom line"] = new("a.gro", Text(GroHead + GroAtom1 + "    1SOL    HW1    2   0.400\n" + GroBox), 4, 0, "characters long"),
        ["gro bad atom count"] = new("a.gro", Text("water\n two\n" + GroAtom1 + GroAtom2 + GroBox), 2, 0, "atom count"),
        ["gro zero-volume box"] = new("a.gro", Text(GroHead + GroAtom1 + GroAtom2 + "   1.00000   1.00000   0.00000\n"), 1, 0, "zero volume"),
        ["gro atom count changes"] = new("a.gro", Text(GroHead + GroAtom1 + GroAtom2 + GroBox + "water\n    1\n" + GroAtom1 + GroBox), 6, 1, "has 1 atoms"),

        // GROMACS xtc (copies of test_coex.xtc with one thing broken)
        ["xtc corrupt magic"] = new("a.xtc", Xtc(b => b[3] = 0), null, 0, "magic"),
        ["xtc corrupt magic in frame 1"] = new("a.xtc", Xtc(b => b[Frame1Offset(b) + 2] = 9), null, 1, "magic"),
        ["xtc truncated file"] = new("a.xtc", () => Coex()[..50000], null, 1, "truncated or corrupt"),
        ["xtc truncated header"] = new("a.xtc", () => Coex()[..(27688 + 30)], null, 1, "truncated frame header"),
        // A wrong byte count sends the frame hop to a place where no frame starts.
        ["xtc byte count too small"] = new("a.xtc", Xtc(b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(88), 8)), null, 1, "magic"),
        ["xtc zeroed bit stream"] = new("a.xtc", Xtc(b => b.AsSpan(92, 27595).Clear()), null, 0, "coordinates end early"),
        ["xtc bad small index"] = new("a.xtc", Xtc(b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(84), 100)), null, 0, "small-integer index"),
        ["xtc atom count mismatch"] = new("a.xtc", Xtc(b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(52), 8000)), null, 0, "8000 atoms"),
        ["xtc bad precision"] = new("a.xtc", Xtc(b => BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(56), -1f)), null, 0, "precision"),
        ["xtc min above max"] = new("a.xtc", Xtc(b => BinaryPrimitives.WriteInt32BigEndian(b.AsSpan(60), 99999)), null, 0, "coordinate range"),
        ["xtc topology of another size"] = new("a.xtc", Coex, null, 0, "topology",
            SharedData.Trajectory("dynsight-water", "balls_7_nvt.gro")),
    };

    public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(k => new object[] { k });

    [Fact]
    public void There_are_at_least_25_malformed_files_across_all_formats()
    {
        Assert.True(Cases.Count >= 25);
        foreach (var ext in new[] { ".extxyz", ".xyz", ".lammpstrj", ".gro", ".xtc" })
            Assert.Contains(Cases.Values, c => c.File.EndsWith(ext, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Malformed_file_is_reported_with_file_and_line_or_frame(string name)
    {
        var c = Cases[name];
        using var tmp = new TempDir();
        var path = tmp.File(c.File);
        File.WriteAllBytes(path, c.Content());
        var options = new TrajectoryReadOptions { TopologyPath = c.Topology };
        var ex = Assert.Throws<MalformedFileException>(() => Trajectory.Open(path, options: options).LoadFrames());
        Assert.Equal(path, ex.FilePath);
        Assert.StartsWith(path, ex.Message);
        Assert.Equal("FileFormatInvalid", ex.ErrorId);
        Assert.Equal(c.Frame, ex.Frame);
        if (c.Line is not null) Assert.Equal(c.Line, ex.Line);
        Assert.Contains(c.Fragment, ex.Message);
    }

    [Fact]
    public void Import_with_several_paths_reports_the_bad_one_and_still_emits_the_good_ones()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("a.extxyz"), $"1\n{Lat}\nCu 0 0 0 1\n");
        File.WriteAllText(tmp.File("b.lammpstrj"), Dump(atoms: "1 1 0 0 0\n2 1 1 oops 1\n"));
        File.WriteAllText(tmp.File("c.gro"), GroHead + GroAtom1 + GroAtom2 + GroBox);
        var host = new RecordingHost(tmp.Path);
        var stage = new ImportTrajectoryStage(host, new ImportTrajectoryOptions());
        stage.Begin();
        foreach (var p in new[] { "a.extxyz", "b.lammpstrj", "c.gro" }) stage.Process(p, literal: false);
        stage.End();
        Assert.Equal(["a.extxyz", "c.gro"], host.Output.Cast<Trajectory>().Select(t => t.Name));
        var error = Assert.Single(host.Errors);
        Assert.Equal("FileFormatInvalid", error.ErrorId);
        Assert.Equal(ErrorKind.InvalidData, error.Kind);
        Assert.Contains("b.lammpstrj, line 11 (frame 0)", error.Message);
    }
}
