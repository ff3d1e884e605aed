using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class ImportTrajectoryStageTests
{
    private static RecordingHost Import(ImportTrajectoryOptions options, params string[] paths)
    {
        var host = new RecordingHost(SharedData.Trajectory());
        var stage = new ImportTrajectoryStage(host, options);
        stage.Begin();
        foreach (var p in paths) stage.Process(p, literal: false);
        stage.End();
        return host;
    }

    [Fact]
    public void A_dump_without_elements_warns_and_suggests_a_type_map()
    {
        var host = Import(new ImportTrajectoryOptions(), "cu211-small/traj.lammpstrj");
        Assert.Single(host.Output);
        Assert.Contains("-TypeMap @{ 1 = 'Cu' }", Assert.Single(host.Warnings));

        host = Import(new ImportTrajectoryOptions { TypeMap = new Dictionary<string, string> { ["1"] = "Cu" } }, "cu211-small/traj.lammpstrj");
        Assert.Empty(host.Warnings);
        Assert.Equal(["Cu"], Assert.IsType<Trajectory>(Assert.Single(host.Output)).Species);
    }

    [Fact]
    public void An_xtc_without_topology_warns_and_with_one_gets_species()
    {
        var host = Import(new ImportTrajectoryOptions(), "dynsight-water/test_coex.xtc");
        Assert.Contains("-Topology", Assert.Single(host.Warnings));
        host = Import(new ImportTrajectoryOptions { TopologyPath = "dynsight-water/test_coex.gro" }, "dynsight-water/test_coex.xtc");
        Assert.Empty(host.Warnings);
        Assert.Equal(["H", "O"], Assert.IsType<Trajectory>(Assert.Single(host.Output)).Species);
    }

    [Fact]
    public void Wildcards_open_every_matching_file_with_the_selection()
    {
        var host = Import(new ImportTrajectoryOptions { Selection = new FrameSelection(Stop: 2) }, "dynsight-water/*.gro");
        Assert.Equal(["balls_7_nvt.gro", "test_coex.gro"], host.Output.Cast<Trajectory>().Select(t => t.Name));
        Assert.Empty(host.Errors);
    }
}
