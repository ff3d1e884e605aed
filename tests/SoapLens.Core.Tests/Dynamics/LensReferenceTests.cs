using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Dynamics;

/// <summary>Frames of the reference trajectories, read once for every LENS test class.</summary>
public static class LensFixtures
{
    private static readonly Lazy<IReadOnlyList<Frame>> s_cu211 = new(() =>
        Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz")).LoadFrames());
    private static readonly Lazy<IReadOnlyList<Frame>> s_au309 = new(() =>
        Trajectory.Open(SharedData.Trajectory("au309", "au309.extxyz")).LoadFrames());

    public static IReadOnlyList<Frame> Cu211 => s_cu211.Value;
    public static IReadOnlyList<Frame> Au309 => s_au309.Value;

    public static int[] All(int n) => Enumerable.Range(0, n).ToArray();
}

public class LensReferenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static LensSignal Compute(IReadOnlyList<Frame> frames, double rCut, int delay, int threads = 0) =>
        LensCalculator.Compute(frames, frames[0].Topology, LensFixtures.All(frames[0].AtomCount), null,
            new LensOptions { RCut = rCut, Delay = delay, Threads = threads });

    private void AssertMatches(LensSignal s, string dir, string lensFile, string countsFile)
    {
        var lens = Npy.Load(SharedData.Reference(dir, lensFile));
        var counts = Npy.Load(SharedData.Reference(dir, countsFile));
        var ids = Npy.Load(SharedData.Reference(dir, "ids.npy")).ToInt64Array();
        int t = lens.Shape[0], c = lens.Shape[1];
        Assert.Equal(c, s.CentreCount);
        Assert.Equal(t, s.TransitionCount);
        Assert.Equal(ids.Select(i => (int)i).ToArray(), s.CentreIds);
        var expected = lens.ToDoubleArray();
        double worst = 0;
        for (int k = 0; k < t; k++)
            for (int i = 0; i < c; i++)
                worst = Math.Max(worst, Math.Abs(expected[(long)k * c + i] - s[i, k]));
        output.WriteLine($"{lensFile}: max |LENS - reference| = {worst:e3}");
        Assert.True(worst <= 1e-15, $"max |LENS - reference| = {worst:e3}");
        var n = counts.ToInt64Array();
        Assert.Equal(counts.Shape[0], s.FrameCount);
        for (int f = 0; f < s.FrameCount; f++)
            for (int i = 0; i < c; i++)
                Assert.True(n[(long)f * c + i] == s.NeighbourCount(f, i), $"count of centre {i} at frame {f}: {s.NeighbourCount(f, i)} != {n[(long)f * c + i]}");
    }

    [Theory]
    [InlineData(6.0, 1, "lens_rc6_delay1.npy", "counts_rc6.npy")]
    [InlineData(6.0, 2, "lens_rc6_delay2.npy", "counts_rc6.npy")]
    [InlineData(3.1, 1, "lens_rc3p1_delay1.npy", "counts_rc3p1.npy")]
    [InlineData(3.1, 2, "lens_rc3p1_delay2.npy", "counts_rc3p1.npy")]
    public void Cu211_matches_the_reference(double rCut, int delay, string lensFile, string countsFile)
    {
        var s = Compute(LensFixtures.Cu211, rCut, delay);
        AssertMatches(s, "lens-cu211", lensFile, countsFile);
        Assert.Equal(Enumerable.Range(0, 100 - delay).ToArray(), s.StartFrames);
        Assert.Equal(Enumerable.Range(delay, 100 - delay).ToArray(), s.EndFrames);
    }

    [Fact]
    public void Au309_matches_the_reference_including_pairs_a_micrometre_from_the_cutoff()
    {
        var s = Compute(LensFixtures.Au309, 4.48, 1);
        AssertMatches(s, "lens-au309", "lens_rc4p48_delay1.npy", "counts_rc4p48.npy");
    }

    [Fact]
    public void Results_are_bit_identical_for_any_thread_count_and_batch_size()
    {
        var frames = LensFixtures.Cu211.Take(30).ToList();
        var centres = LensFixtures.All(720);
        LensSignal Run(int threads, int batch) => LensCalculator.Compute(frames, frames[0].Topology, centres, null,
            new LensOptions { RCut = 6, Delay = 2, Threads = threads, BatchFrames = batch });
        var one = Run(1, 1);
        foreach (var (threads, batch) in new[] { (2, 0), (3, 5), (8, 2), (2, 30) })
        {
            var other = Run(threads, batch);
            Assert.Equal(one.Values.Select(BitConverter.DoubleToInt64Bits), other.Values.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(one.NeighbourCounts, other.NeighbourCounts);
        }
    }

    [Fact]
    public void Leading_zero_layout_matches_soapify()
    {
        var frames = LensFixtures.Cu211.Take(12).ToList();
        var plain = Compute(frames, 6, 1);
        var soapify = LensCalculator.Compute(frames, frames[0].Topology, LensFixtures.All(720), null,
            new LensOptions { RCut = 6, Delay = 1, LeadingZero = true });
        Assert.Equal(12, soapify.TransitionCount);
        Assert.Equal(Enumerable.Range(0, 12).ToArray(), soapify.KeyFrames);
        Assert.Equal(-1, soapify.StartFrames[0]);
        for (int i = 0; i < 720; i += 37)
        {
            Assert.Equal(0.0, soapify[i, 0]);
            Assert.Equal(plain.Series(i).ToArray(), soapify.Series(i)[1..].ToArray());
        }
    }

    [Fact]
    public void Centre_subset_and_environment_selection()
    {
        // Centres: every third atom; environment: the atoms with even index. Same as the full
        // computation restricted by hand (brute force over the neighbour sets of the reference system).
        var frames = LensFixtures.Cu211.Take(6).ToList();
        var top = frames[0].Topology;
        var centres = Enumerable.Range(0, 720).Where(i => i % 3 == 0).ToArray();
        var env = Enumerable.Range(0, 720).Where(i => i % 2 == 0).ToArray();
        var s = LensCalculator.Compute(frames, top, centres, env, new LensOptions { RCut = 4.0, Delay = 1 });
        var expected = BruteForceLens.Compute(frames, centres, env, 4.0, 1, out var counts);
        Assert.Equal(centres.Select(c => top.Ids[c]).ToArray(), s.CentreIds);
        Assert.Equal(expected, s.Values);
        Assert.Equal(counts, s.NeighbourCounts);
    }
}
