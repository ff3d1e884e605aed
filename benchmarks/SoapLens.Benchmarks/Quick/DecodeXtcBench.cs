using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>XTC decoding (test_coex.xtc: 6 frames x 8192 atoms, compressed) in atoms per second, wall and CPU.</summary>
public sealed class DecodeXtcBench : IQuickBench
{
    public string Name => "decode-xtc";
    public string Description => "XTC decoding atoms/s (dynsight test_coex.xtc; goal >= 1e7)";

    public void Run(string[] args)
    {
        var path = args.Length > 0 ? args[0] : QuickBenches.SharedData("trajectories", "dynsight-water", "test_coex.xtc");
        var t = Trajectory.Open(path);
        const int passes = 20;
        long atoms = 0;
        var (wall, cpu) = Timing.Median(() =>
        {
            atoms = 0;
            for (int p = 0; p < passes; p++)
                foreach (var f in t.ReadFrames()) atoms += f.AtomCount;
        }, repeats: 9);
        Console.WriteLine($"{Name}: {path}");
        Console.WriteLine($"  {atoms} atoms ({passes} passes over the file); median wall {wall * 1e3:F1} ms, median CPU {cpu * 1e3:F1} ms");
        Console.WriteLine($"  {atoms / wall:E2} atoms/s wall, {atoms / cpu:E2} atoms/s CPU");
    }
}
