using SoapLens.Dynamics;
using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// LENS on cu211-small (100 frames x 720 Cu) at r_cut 6 Å, delay 1: atom-frames per second with
/// the frames in memory (1 and 2 threads), and end to end from the extxyz file (parsing included).
/// Options: [r_cut] [repeats] [copies] — copies repeats the 100 frames to make a longer run.
/// </summary>
public sealed class LensBench : IQuickBench
{
    public string Name => "lens";
    public string Description => "LENS atom-frames/s on cu211-small at r_cut 6 Å (in memory: 1 and 2 threads; from file)";

    public void Run(string[] args)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        double rc = args.Length > 0 ? double.Parse(args[0], inv) : 6.0;
        int repeats = args.Length > 1 ? int.Parse(args[1], inv) : 5;
        int copies = args.Length > 2 ? int.Parse(args[2], inv) : 5;
        var path = QuickBenches.SharedData("trajectories", "cu211-small", "cu211-small.extxyz");
        var loaded = Trajectory.Open(path).LoadFrames();
        var frames = new List<Frame>();
        for (int c = 0; c < copies; c++)
            foreach (var f in loaded) frames.Add(f.WithIndex(frames.Count));
        var top = frames[0].Topology;
        var centres = Enumerable.Range(0, top.AtomCount).ToArray();
        double atomFrames = (double)frames.Count * top.AtomCount;
        Console.WriteLine($"cu211-small x{copies}: {frames.Count} frames x {top.AtomCount} atoms, r_cut {rc} Å, delay 1; {CpuClock.Load()}");
        foreach (int threads in new[] { 1, 2 })
        {
            var (s, cpu) = CpuClock.Median(() => LensCalculator.Compute(frames, top, centres, null, new LensOptions { RCut = rc, Threads = threads }), repeats);
            Console.WriteLine($"in memory, {threads} thread(s): {atomFrames / s / 1e6:0.00} M atom-frames/s ({s / frames.Count * 1e3:0.000} ms per frame; CPU {cpu / frames.Count * 1e3:0.000} ms per frame)");
        }
        var traj = Trajectory.Open(path);
        double fileFrames = loaded.Count * (double)top.AtomCount;
        foreach (int threads in new[] { 1, 2 })
        {
            var (s, cpu) = CpuClock.Median(() => LensCalculator.Compute(traj.ReadFrames(), top, centres, null, new LensOptions { RCut = rc, Threads = threads }), repeats);
            Console.WriteLine($"from extxyz (parse overlapped), {threads} thread(s): {fileFrames / s / 1e6:0.00} M atom-frames/s ({s / loaded.Count * 1e3:0.000} ms per frame; CPU {cpu / loaded.Count * 1e3:0.000} ms per frame)");
        }
        double parse = QuickBenches.Median(() => { foreach (var _ in traj.ReadFrames()) { } }, repeats);
        Console.WriteLine($"parsing alone: {fileFrames / parse / 1e6:0.00} M atom-frames/s ({parse / loaded.Count * 1e3:0.000} ms per frame)");
        Console.WriteLine($"peak working set: {QuickBenches.PeakMemoryMiB():0} MiB");
    }
}
