using System.Diagnostics;
using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// PCA (fit + projection) of a seeded synthetic table the size of the paper's Cu(211) SOAP&amp;LENS
/// dataset: 432,900 rows × 577 columns by default.
/// Generator (deterministic, independent of threads): with u(r, j, s) = SplitMix64 of
/// (seed, s, r, j) mapped to [−0.5, 0.5), row r column j is
/// 0.1·(j mod 7) + Σ_{c&lt;8} 2^(−c)·u(r, c, 1)·u(c, j, 2) + 0.01·u(r, j, 3):
/// eight decaying latent directions plus small noise, with non-zero column means.
/// Usage: quick pca [--rows N] [--cols D] [--threads T] [--variance F] [--repeats R] [--seed S] [--block rows (0: automatic)]
/// </summary>
public sealed class PcaBench : IQuickBench
{
    public string Name => "pca";
    public string Description => "PCA fit + projection of 432,900 x 577 synthetic rows (goal <= 5 s on 2 cores)";

    public void Run(string[] args)
    {
        int rows = Arg(args, "--rows", 432_900), cols = Arg(args, "--cols", 577), threads = Arg(args, "--threads", 2);
        int repeats = Arg(args, "--repeats", 3);
        ulong seed = (ulong)Arg(args, "--seed", 42);
        double variance = ArgD(args, "--variance", 0.995);
        var sw = Stopwatch.StartNew();
        var data = Generate(rows, cols, seed, threads);
        Console.WriteLine($"generated {rows} x {cols} in {sw.Elapsed.TotalSeconds:F2} s (not timed below)");
        int block = Arg(args, "--block", 0);
        var options = new PcaOptions { VarianceFraction = variance, Threads = threads, BlockRows = block };
        PcaResult? result = null;
        var phases = new Dictionary<string, double>();
        double median = QuickBenches.Median(() =>
        {
            var clock = Stopwatch.StartNew();
            string? last = null;
            double lastT = 0;
            result = Pca.FitTransform(data, options, (phase, _) =>
            {
                if (phase != last)
                {
                    if (last is not null) phases[last] = clock.Elapsed.TotalSeconds - lastT;
                    last = phase;
                    lastT = clock.Elapsed.TotalSeconds;
                }
            });
            if (last is not null) phases[last] = clock.Elapsed.TotalSeconds - lastT;
        }, repeats);
        double flops = (double)rows * cols * (cols + 1);   // multiply-adds of the upper triangle, x2
        Console.WriteLine($"pca: {rows} x {cols}, {threads} threads: median {median:F3} s over {repeats} runs " +
                          $"({flops / median / 1e9:F1} GFLOP/s overall, covariance only {flops / phases.GetValueOrDefault("covariance", double.NaN) / 1e9:F1} GFLOP/s)");
        Console.WriteLine("last run phases: " + string.Join(", ", phases.Select(p => $"{p.Key} {p.Value:F3} s")));
        Console.WriteLine($"result: {result}; peak working set {QuickBenches.PeakMemoryMiB():F0} MiB");
    }

    public static Dataset Generate(int rows, int cols, ulong seed, int threads)
    {
        var x = new double[(long)rows * cols];
        const int latent = 8;
        var basis = new double[latent * cols];
        for (int c = 0; c < latent; c++)
            for (int j = 0; j < cols; j++) basis[c * cols + j] = U(seed, 2, (ulong)c, (ulong)j) * Math.Pow(2, -c);
        Parallel.For(0, (rows + 4095) / 4096, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, chunk =>
        {
            var z = new double[latent];
            int end = Math.Min(rows, (chunk + 1) * 4096);
            for (int r = chunk * 4096; r < end; r++)
            {
                for (int c = 0; c < latent; c++) z[c] = U(seed, 1, (ulong)r, (ulong)c);
                var row = x.AsSpan((int)((long)r * cols), cols);
                for (int j = 0; j < cols; j++)
                {
                    double v = 0.1 * (j % 7) + 0.01 * U(seed, 3, (ulong)r, (ulong)j);
                    for (int c = 0; c < latent; c++) v += z[c] * basis[c * cols + j];
                    row[j] = v;
                }
            }
        });
        return Dataset.FromMatrix(x, rows, cols, "synthetic");
    }

    private static double U(ulong seed, ulong stream, ulong a, ulong b)
    {
        ulong h = SplitMix(seed ^ SplitMix(stream * 0x9E3779B97F4A7C15UL ^ SplitMix(a * 0xD1B54A32D192ED03UL ^ b)));
        return (h >> 11) * (1.0 / (1UL << 53)) - 0.5;
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    internal static double ArgD(string[] args, string name, double fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
