using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>XTC decoding (test_coex.xtc: 6 frames x 8192 atoms, compressed) in atoms per second.</summary>
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
        double seconds = QuickBenches.Median(() =>
        {
            atoms = 0;
            for (int p = 0; p < passes; p++)
                foreach (var f in t.ReadFrames()) atoms += f.AtomCount;
        }, repeats: 7);
        Console.WriteLine($"{Name}: {path}");
        Console.WriteLine($"  {atoms} atoms ({passes} passes over the file), median {seconds * 1e3:F1} ms");
        Console.WriteLine($"  {atoms / seconds:E2} atoms/s");
    }
}
