using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.IO;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;
using Xunit.Abstractions;

namespace SoapLens.Tests.Descriptors;

/// <summary>Shared helpers of the SOAP tests: reference arrays and the case tolerance.</summary>
internal static class SoapReference
{
    /// <summary>The tolerance every soap-* README states: max |ours − ref| ≤ 1e-9 · max |ref| per array.</summary>
    public const double RelativeTolerance = 1e-9;

    public static NdArray Load(string caseName, string file) => Npy.Load(SharedData.Reference(caseName, file));

    public static IReadOnlyList<Frame> Frames(string path, params int[] indices)
    {
        var t = Trajectory.Open(path, selection: indices.Length == 0 ? FrameSelection.All : new FrameSelection(Frames: indices));
        return t.LoadFrames();
    }

    /// <summary>max |a − b| / max |b|.</summary>
    public static double RelativeError(ReadOnlySpan<double> ours, ReadOnlySpan<double> reference)
    {
        Assert.Equal(reference.Length, ours.Length);
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(reference[i]));
            maxDiff = Math.Max(maxDiff, Math.Abs(ours[i] - reference[i]));
        }
        Assert.True(maxRef > 0, "The reference array is all zeros.");
        return maxDiff / maxRef;
    }

    public static void AssertClose(ReadOnlySpan<double> ours, ReadOnlySpan<double> reference, string what, ITestOutputHelper? log = null)
    {
        double err = RelativeError(ours, reference);
        log?.WriteLine($"{what}: max|ours - ref| / max|ref| = {err:e3}");
        Assert.True(err <= RelativeTolerance, $"{what}: relative error {err:e3} exceeds {RelativeTolerance:e0}.");
    }
}
