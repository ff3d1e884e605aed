using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Text trajectory parsing throughput: reads every frame of a file (parse + id sort/checks into
/// Frame objects, as Get-SoapSpectrum would stream them) and reports MB/s of file text.
/// </summary>
public abstract class TrajectoryParseBench : IQuickBench
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    protected abstract string File { get; }
    protected virtual TrajectoryReadOptions Options => new();

    public void Run(string[] args)
    {
        var path = args.Length > 0 ? args[0] : File;
        var t = Trajectory.Open(path, options: Options);
        long bytes = new FileInfo(path).Length;
        int frames = 0;
        double seconds = QuickBenches.Median(() =>
        {
            frames = 0;
            foreach (var _ in t.ReadFrames()) frames++;
        }, repeats: 7);
        Console.WriteLine($"{Name}: {path}");
        Console.WriteLine($"  {bytes / 1e6:F2} MB, {frames} frames x {t.AtomCount} atoms, median {seconds * 1e3:F1} ms");
        Console.WriteLine($"  {bytes / 1e6 / seconds:F0} MB/s, {frames * (double)t.AtomCount / seconds / 1e6:F1} M atoms/s");
    }
}
