using System.Diagnostics;
using System.Globalization;
using SoapLens.IO;
using SoapLens.Learning;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// HDBSCAN* with soft labels (membership vectors + argmax) on 432,900 × 5 points, the Cu(211)
/// paper scale (482 frames × 900 atoms), min_cluster_size 80 as in the paper. Two inputs:
/// <list type="bullet">
/// <item><c>mixture</c>: a seeded Gaussian mixture shaped like the hdbscan-5d reference input (the
/// SOAP&amp;LENS PCA of cu211-small): eight diagonal Gaussians with the means, per-axis spreads and
/// weights of the reference's eight mcs80 clusters, plus a broad Gaussian holding 37 % of the
/// points with the mean and spread of the reference's noise points (System.Random(seed),
/// Box–Muller);</item>
/// <item><c>tiled</c>: the reference input (14,400 × 5) repeated until 432,900 rows, each copy of
/// point i jittered by Gaussian noise of standard deviation h_i/√5 per coordinate, h_i = distance
/// from point i to its 5th nearest neighbour in the reference (an adaptive-bandwidth smoothed
/// bootstrap: the copies fill in the same density instead of piling up on the originals).</item>
/// </list>
/// <c>--input reference</c> runs the 14,400 × 5 reference input itself (mcs 80 unless --mcs).
/// Reports the median wall time of the full fit (k-d tree, core distances, Borůvka MST, trees,
/// selection, membership vectors, soft labels), the time per phase of the last run, and the peak
/// working set.
/// </summary>
public sealed class HdbscanBench : IQuickBench
{
    public string Name => "hdbscan";
    public string Description => "HDBSCAN* + soft labels, 432,900 x 5 (mixture and tiled reference) [--points N] [--threads T] [--mcs M] [--input mixture|tiled|reference] [--repeats R]";

    // Means, spreads and sizes of the eight mcs80 clusters of the hdbscan-5d reference, and of its noise.
    private static readonly double[][] Means =
    [
        [0.221, -0.058, -0.063, 0.000, -0.001], [0.220, -0.061, -0.052, 0.000, -0.001], [0.140, 0.010, -0.030, 0.002, 0.000],
        [0.073, 0.048, -0.014, -0.008, -0.001], [0.048, 0.094, 0.001, 0.010, -0.007], [0.007, 0.076, -0.011, -0.004, 0.000],
        [-0.021, 0.046, -0.023, -0.005, 0.004], [-0.052, -0.020, -0.006, 0.002, -0.001], [0.015, 0.004, 0.018, -0.002, 0.002],
    ];
    private static readonly double[][] Spreads =
    [
        [0.002, 0.003, 0.001, 0.003, 0.001], [0.002, 0.003, 0.001, 0.003, 0.001], [0.004, 0.006, 0.014, 0.004, 0.002],
        [0.003, 0.008, 0.018, 0.004, 0.002], [0.005, 0.008, 0.014, 0.006, 0.003], [0.003, 0.006, 0.009, 0.005, 0.002],
        [0.003, 0.005, 0.007, 0.004, 0.002], [0.005, 0.012, 0.017, 0.008, 0.004], [0.084, 0.047, 0.037, 0.014, 0.006],
    ];
    private static readonly int[] Sizes = [295, 164, 522, 555, 561, 451, 237, 6233, 5382];

    public void Run(string[] args)
    {
        int points = 432_900, threads = 2, mcs = 80, repeats = 3, seed = 20240611;
        string? only = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--points": points = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--mcs": mcs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--repeats": repeats = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--input": only = args[i + 1]; break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            }
        }
        var inputs = new List<(string Name, double[] Values)>();
        if (only is null or "mixture") inputs.Add(("mixture", Mixture(points, seed)));
        if (only is null or "tiled") inputs.Add(("tiled", Tiled(points, seed)));
        if (only is "reference")
        {
            var input = Npy.Load(QuickBenches.SharedData("reference", "hdbscan-5d", "input.npy"));
            points = input.Shape[0];
            inputs.Add(("reference", input.ToDoubleArray()));
        }
        foreach (var (name, values) in inputs)
        {
            var options = new HdbscanOptions { MinClusterSize = mcs, Threads = threads };
            HdbscanModel? model = null;
            var phases = new Dictionary<HdbscanPhase, double>();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            double median = QuickBenches.Median(() =>
            {
                phases.Clear();
                var clock = Stopwatch.StartNew();
                var current = HdbscanPhase.CoreDistances;
                double mark = 0;
                model = Hdbscan.Fit(values, points, 5, options, CancellationToken.None, (phase, _, _) =>
                {
                    if (phase == current) return;
                    phases[current] = clock.Elapsed.TotalSeconds - mark;
                    mark = clock.Elapsed.TotalSeconds;
                    current = phase;
                });
                _ = model.SoftLabels();
                phases[current] = clock.Elapsed.TotalSeconds - mark;
            }, repeats);
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (repeats + 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"hdbscan {name}: {points} x 5, min_cluster_size {mcs}, {threads} threads: median {median:F2} s over {repeats} runs; " +
                $"{model!.ClusterCount} clusters, {model.NoiseCount} noise; CPU time per run {cpu:F2} s"));
            Console.WriteLine("  phases (last run, k-d tree build counted in core distances): " + string.Join(", ",
                phases.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F2} s"))));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set {QuickBenches.PeakMemoryMiB():F0} MiB"));
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double[] Mixture(int points, int seed)
    {
        var rng = new Random(seed);
        int total = Sizes.Sum();
        var cumulative = new double[Sizes.Length];
        double acc = 0;
        for (int c = 0; c < Sizes.Length; c++) { acc += (double)Sizes[c] / total; cumulative[c] = acc; }
        var values = new double[points * 5];
        for (int p = 0; p < points; p++)
        {
            double u = rng.NextDouble();
            int c = 0;
            while (c < Sizes.Length - 1 && u > cumulative[c]) c++;
            for (int k = 0; k < 5; k++) values[p * 5 + k] = Means[c][k] + Spreads[c][k] * Gaussian(rng);
        }
        return values;
    }

    public static double[] Tiled(int points, int seed)
    {
        var input = Npy.Load(QuickBenches.SharedData("reference", "hdbscan-5d", "input.npy"));
        var x = input.ToDoubleArray();
        int n = input.Shape[0];
        var tree = new KdTree(x, n, 5);
        var scratch = new KdTree.KnnScratch();
        var h = new double[n];
        for (int pos = 0; pos < n; pos++) h[tree.Index[pos]] = tree.KthNeighbourDistance(pos, 6, scratch);
        var rng = new Random(seed);
        var values = new double[points * 5];
        for (int p = 0; p < points; p++)
        {
            int i = p % n;
            for (int k = 0; k < 5; k++)
                values[p * 5 + k] = x[i * 5 + k] + h[i] / Math.Sqrt(5) * Gaussian(rng);
        }
        return values;
    }
}
