using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Trajectories;

public class ExtXyzTests
{
    [Fact]
    public void Reads_cu211_small_metadata_and_first_frame()
    {
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"));
        Assert.Equal(720, t.AtomCount);
        Assert.Equal(["Cu"], t.Species);
        Assert.Equal(100, t.CountFrames());
        var f = t.ReadFirstFrame();
        Assert.Equal(1, f.Topology.Ids[0]);
        Assert.Equal(6.38429, f.Positions[3], 12);
        Assert.True(f.Pbc.A && f.Pbc.B && !f.Pbc.C);
        Assert.Equal(19.152862, f.Cell!.Length(0), 12);
        Assert.Equal(0.0, f.Time);
    }

    [Fact]
    public void Frame_selection_has_mdanalysis_semantics()
    {
        var t = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"),
            selection: new FrameSelection(Start: 10, Stop: 40, Step: 10));
        var idx = t.ReadFrames().Select(f => f.Index).ToArray();
        Assert.Equal([10, 20, 30], idx);
        Assert.Equal([20], t.Select(new FrameSelection(Start: 1, Stop: 2)).ReadFrames().Select(f => f.Index).ToArray());
    }
}
