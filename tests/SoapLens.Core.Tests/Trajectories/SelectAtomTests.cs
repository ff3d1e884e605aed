using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class AtomConditionTests
{
    // Four atoms, ids 10 20 30 40, in a 10 Å cube.
    private static Frame Small()
    {
        var top = new Topology([10, 20, 30, 40], ["Cu", "Cu", "O", null], ["Cu", "Cu", "OW", "MW"]);
        return new Frame(0, top, [1, 1, 1, 2, 2, 8, 5, 5, 5, 9, 9, 9], Cell.Orthorhombic(10, 10, 10), Pbc.All);
    }

    private static int[] Ids(string condition)
    {
        var f = Small();
        var pass = AtomCondition.Parse(condition).Evaluate(f);
        return f.Topology.Ids.Where((_, i) => pass[i]).ToArray();
    }

    [Theory]
    [InlineData("z > 4", new[] { 20, 30, 40 })]
    [InlineData("z > 4 and species == Cu", new[] { 20 })]
    [InlineData("species == 'o' or id = 10", new[] { 10, 30 })]
    [InlineData("not (z > 4) || name == MW", new[] { 10, 40 })]
    [InlineData("!(species != Cu)", new[] { 10, 20 })]
    [InlineData("fz >= 0.5", new[] { 30, 40, 20 })]
    [InlineData("(x - 5)*(x - 5) + (y - 5)*(y - 5) < 1", new[] { 30 })]
    [InlineData("sqrt((x-1)*(x-1)) <= abs(-1)", new[] { 10, 20 })]
    [InlineData("index >= 2 -and z -gt 6", new[] { 40 })]
    [InlineData("index >= 2 -and z -gt 4", new[] { 30, 40 })]
    [InlineData("-z < -8.5", new[] { 40 })]
    [InlineData("id / 10 == 3", new[] { 30 })]
    [InlineData("element == Cu and x -le 1e0", new[] { 10 })]
    public void Conditions_select_the_expected_atoms(string condition, int[] expected) =>
        Assert.Equal(expected.OrderBy(i => i), Ids(condition));

    [Theory]
    [InlineData("z > and", 5, "expected a number")]
    [InlineData("z >", 4, "ends too early")]
    [InlineData("foo > 1", 1, "unknown name 'foo'")]
    [InlineData("species > Cu", 9, "only be compared with == or !=")]
    [InlineData("z + species > 1", 5, "needs numbers")]
    [InlineData("(z > 1", 7, "expected ')'")]
    [InlineData("z > 1 2", 7, "unexpected '2'")]
    [InlineData("x # 2", 3, "unexpected character '#'")]
    [InlineData("z > 1 and x", 11, "needs a true/false test on its right")]
    [InlineData("species == 'Cu", 12, "unterminated")]
    [InlineData("z == Cu", 6, "unknown name 'Cu'")]
    [InlineData("z == 'Cu'", 1, "cannot compare a number with text")]
    public void Parse_errors_name_the_character_position(string condition, int position, string fragment)
    {
        var ex = Assert.Throws<SoapLensException>(() => AtomCondition.Parse(condition));
        Assert.Equal("InvalidWhereExpression", ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains($"at character {position}", ex.Message);
        Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void A_number_alone_is_not_a_condition()
    {
        var ex = Assert.Throws<SoapLensException>(() => AtomCondition.Parse("z + 1"));
        Assert.Contains("not a true/false test", ex.Message);
    }

    [Fact]
    public void Fractional_coordinates_need_a_cell()
    {
        var top = new Topology([1], ["Cu"]);
        var f = new Frame(0, top, [1, 2, 3], null, Pbc.None);
        Assert.Throws<SoapLensException>(() => AtomCondition.Parse("fx > 0").Evaluate(f));
        Assert.Equal([true], AtomCondition.Parse("x > 0").Evaluate(f));
    }
}

public class SelectAtomStageTests
{
    private static Trajectory Cu(FrameSelection? selection = null) =>
        Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: selection);

    private static AtomSelection Run(Trajectory t, SelectAtomOptions options, RecordingHost? host = null)
    {
        host ??= new RecordingHost();
        var stage = new SelectAtomStage(host, options);
        stage.Begin();
        stage.Process(t);
        stage.End();
        Assert.Empty(host.Errors);
        return Assert.IsType<AtomSelection>(Assert.Single(host.Output));
    }

    [Fact]
    public void Top_216_in_z_are_the_216_highest_atoms_of_the_reference_frame()
    {
        var t = Cu();
        foreach (int frame in new[] { 0, 57 })
        {
            var f = t.ReadSourceFrame(frame);
            var expected = Enumerable.Range(0, 720).OrderByDescending(i => f.Positions[3 * i + 2]).ThenBy(i => i).Take(216)
                .Select(i => f.Topology.Ids[i]).OrderBy(i => i).ToArray();
            var s = Run(t, new SelectAtomOptions { Top = 216, Frame = frame });
            Assert.Equal(expected, s.Ids);
            Assert.Contains($"top 216 in z (frame {frame})", s.Description);
        }
        Assert.NotEqual(Run(t, new SelectAtomOptions { Top = 216, Frame = 0 }).Ids, Run(t, new SelectAtomOptions { Top = 216, Frame = 57 }).Ids);
    }

    [Fact]
    public void Criteria_combine_with_and_and_where_uses_the_first_selected_frame_by_default()
    {
        var t = Cu(new FrameSelection(Start: 20));
        var f = t.ReadFirstFrame();
        Assert.Equal(20, f.Index);
        var expected = Enumerable.Range(0, 720).Where(i => f.Positions[3 * i + 2] > 30 && i >= 100 && i < 700)
            .Select(i => f.Topology.Ids[i]).ToArray();
        var s = Run(t, new SelectAtomOptions { Species = ["cu"], Where = "z > 30", Indices = Enumerable.Range(100, 600).ToArray() });
        Assert.Equal(expected, s.Ids);
        Assert.Equal("species Cu; index 100-699; where z > 30 (frame 20)", s.Description);
    }

    [Fact]
    public void Ids_and_species_need_no_frame_and_report_what_they_chose()
    {
        var s = Run(Cu(), new SelectAtomOptions { Ids = [5, 3, 4, 700], Species = ["Cu"] });
        Assert.Equal([3, 4, 5, 700], s.Ids);
        Assert.Equal("species Cu; ids 3-5,700", s.Description);
    }

    [Fact]
    public void Water_virtual_sites_have_no_species_and_are_left_out_of_species_filters()
    {
        var t = Trajectory.Open(SharedData.Trajectory("dynsight-water", "test_coex.gro"));
        var s = Run(t, new SelectAtomOptions { Species = ["O", "H"] });
        Assert.Equal(3 * 2048, s.Count);
        Assert.DoesNotContain(4, s.Ids);   // MW3 of the first molecule
    }

    [Fact]
    public void Warnings_for_empty_results_and_short_top_lists()
    {
        var host = new RecordingHost();
        var s = Run(Cu(), new SelectAtomOptions { Species = ["Au"] }, host);
        Assert.Equal(0, s.Count);
        Assert.Contains(host.Warnings, w => w.Contains("no Au atoms"));
        host = new RecordingHost();
        s = Run(Cu(), new SelectAtomOptions { Where = "z > 40", Top = 1000 }, host);
        Assert.Contains(host.Warnings, w => w.Contains("-Top 1000"));
        Assert.True(s.Count < 720);
    }

    [Fact]
    public void Bad_ids_indices_and_frames_are_non_terminating_errors_naming_the_value()
    {
        foreach (var options in new[]
                 {
                     new SelectAtomOptions { Ids = [0] },
                     new SelectAtomOptions { Indices = [720] },
                     new SelectAtomOptions { Where = "z > 1", Frame = 100 },
                 })
        {
            var host = new RecordingHost();
            var stage = new SelectAtomStage(host, options);
            stage.Begin();
            stage.Process(Cu());
            Assert.Empty(host.Output);
            var e = Assert.Single(host.Errors);
            Assert.Matches("id 0|Index 720|no frame 100", e.Message);
        }
    }

    [Fact]
    public void A_bad_where_or_species_fails_at_begin()
    {
        Assert.Throws<SoapLensException>(() => new SelectAtomStage(new RecordingHost(), new SelectAtomOptions { Where = "z >" }).Begin());
        Assert.Throws<SoapLensException>(() => new SelectAtomStage(new RecordingHost(), new SelectAtomOptions { Species = ["Qq"] }).Begin());
    }
}

public class AtomSelectionExportTests
{
    [Theory]
    [InlineData("sel.npy")]
    [InlineData("sel.csv")]
    public void A_selection_exports_as_its_ids_and_comes_back_typed(string file)
    {
        using var tmp = new TempDir();
        var s = new AtomSelection([7, 3, 5, 3], "ids 3,5,7");
        var path = tmp.File(file);
        var format = SoapLens.IO.DataFormats.Resolve(path, null);
        format.Write(s.ToBundle(), path, new SoapLens.IO.ExportOptions(), default);
        var back = Assert.IsType<AtomSelection>(SoapLens.Data.ResultRegistry.FromBundle(format.Read(path, new SoapLens.IO.ImportOptions(), default)));
        Assert.Equal([3, 5, 7], back.Ids);
        Assert.Equal("ids 3,5,7", back.Description);
    }
}

public class AtomIdTextTests
{
    [Fact]
    public void Id_text_is_one_id_or_an_inclusive_range()
    {
        Assert.Equal([42], AtomSelection.ParseIds(" 42 "));
        Assert.Equal(Enumerable.Range(1, 10), AtomSelection.ParseIds("1..10"));
        Assert.Equal([6, 5, 4, 3], AtomSelection.ParseIds("6..3"));
        Assert.Equal([7], AtomSelection.ParseIds("7..7"));
    }

    [Theory]
    [InlineData("Cu")]
    [InlineData("1..x")]
    [InlineData("..5")]
    public void Text_that_is_not_an_id_is_refused_with_its_text(string text)
    {
        var ex = Assert.Throws<SoapLens.Pipeline.SoapLensException>(() => AtomSelection.ParseIds(text));
        Assert.Contains(text, ex.Message);
    }
}
