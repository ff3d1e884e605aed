using System.Diagnostics;
using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Text trajectory parsing throughput: reads every frame of a file (parse + id sort/checks into
/// Frame objects, as Get-SoapSpectrum would stream them) and reports MB/s of file text, from the
/// median wall time and from the median CPU time of this process (the fairer figure on a shared,
/// loaded machine; the work is single-threaded).
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
        var (wall, cpu) = Timing.Median(() =>
        {
            frames = 0;
            foreach (var _ in t.ReadFrames()) frames++;
        }, repeats: 9);
        Console.WriteLine($"{Name}: {path}");
        Console.WriteLine($"  {bytes / 1e6:F2} MB, {frames} frames x {t.AtomCount} atoms; median wall {wall * 1e3:F1} ms, median CPU {cpu * 1e3:F1} ms");
        Console.WriteLine($"  {bytes / 1e6 / wall:F0} MB/s wall, {bytes / 1e6 / cpu:F0} MB/s CPU ({frames * (double)t.AtomCount / cpu / 1e6:F1} M atoms/s)");
    }
}

/// <summary>
/// Median wall and CPU seconds of a single-threaded piece of work, after warming up for at least 2 s
/// (so the tiered JIT has promoted the parsing loops, as it has in any long read).
/// </summary>
internal static class Timing
{
    public static (double Wall, double Cpu) Median(Action work, int repeats)
    {
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 5 || warm.Elapsed.TotalSeconds < 2; i++) work();
        var wall = new double[repeats];
        var cpu = new double[repeats];
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            GC.Collect();
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            work();
            wall[i] = sw.Elapsed.TotalSeconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - c0).TotalSeconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[repeats / 2], cpu[repeats / 2]);
    }
}
