using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SoapLens.Dynamics;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

public class LensPropertyTests
{
    [Property(MaxTest = 120)]
    public Property Cell_list_lens_equals_brute_force_on_random_periodic_triclinic_systems()
    {
        return Prop.ForAll(RandomSystem.Arbitrary(5), sys =>
        {
            int delay = 1 + sys.Seed % 2;
            var expected = BruteForceLens.Compute(sys.Frames, sys.Centres, sys.Environment, sys.Cutoff, delay, out var counts, out var closest);
            if (closest < 1e-9) return; // a pair on the cutoff sphere: either answer is right
            var s = LensCalculator.Compute(sys.Frames, sys.Frames[0].Topology, sys.Centres, sys.Environment,
                new LensOptions { RCut = sys.Cutoff, Delay = delay, Threads = sys.Threads, BatchFrames = 1 + sys.Seed % 3 });
            Assert.Equal(sys.Centres.Length, s.CentreCount);
            Assert.Equal(5 - delay, s.TransitionCount);
            Assert.True(expected.AsSpan().SequenceEqual(s.Values), $"{sys}: LENS differs from brute force");
            Assert.True(counts.AsSpan().SequenceEqual(s.NeighbourCounts), $"{sys}: neighbour counts differ from brute force");
            Assert.Equal(sys.Frames.Select(f => f.Index).ToArray(), s.FrameIndices);
        });
    }
}
