using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning.Cv;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// TICA fits: the reference double well with the 5 polynomial features (20,000 frames, lag 10), and a
/// SOAP&amp;LENS-sized per-atom dataset (720 atoms × F frames × D columns, AR(1) series, lag 1).
/// Usage: quick tica [frames=40] [columns=577].
/// </summary>
public sealed class TicaBench : IQuickBench
{
    public string Name => "tica";
    public string Description => "TICA: reference double well (20000 x 5) and a per-atom 720 x F x D dataset";

    public void Run(string[] args)
    {
        int frames = args.Length > 0 ? int.Parse(args[0]) : 40;
        int columns = args.Length > 1 ? int.Parse(args[1]) : 577;

        var xy = Npy.Load(QuickBenches.SharedData("reference", "cv", "doublewell_traj.npy")).ToDoubleArray();
        int n = xy.Length / 2;
        var poly = new double[n * 5];
        for (int i = 0; i < n; i++)
        {
            double x = xy[2 * i], y = xy[2 * i + 1];
            poly[5 * i] = x; poly[5 * i + 1] = y; poly[5 * i + 2] = x * x; poly[5 * i + 3] = y * y; poly[5 * i + 4] = x * y;
        }
        var small = Dataset.FromMatrix(poly, n, 5);
        double t = QuickBenches.Median(() => Tica.Fit(small, new TicaOptions { Lag = 10 }), 7);
        Console.WriteLine($"doublewell poly: 20000 x 5, lag 10: {t * 1e3:F2} ms per fit ({n / t / 1e6:F1} M rows/s)");

        const int atoms = 720;
        var rng = new SeededRandom(1);
        var v = new double[(long)frames * atoms * columns];
        for (int f = 0; f < frames; f++)
            for (int a = 0; a < atoms; a++)
                for (int j = 0; j < columns; j++)
                {
                    long i = ((long)f * atoms + a) * columns + j;
                    v[i] = (f == 0 ? 0 : 0.95 * v[i - (long)atoms * columns]) + rng.NextNormal() * (1 + j % 7);
                }
        var big = Dataset.FromGrid(v, Enumerable.Range(0, frames).ToArray(), Enumerable.Range(1, atoms).ToArray(), columns);
        long pairs = (long)(frames - 1) * atoms;
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            double tb = QuickBenches.Median(() => Tica.Fit(big, new TicaOptions { Lag = 1, ComponentCount = 2, Threads = threads }), 3);
            double gflop = 1.5 * pairs * columns * (double)columns * 2 / 1e9; // AᵀA + BᵀB + (A+B)ᵀ(A+B), upper halves
            Console.WriteLine($"per-atom {atoms} x {frames} frames x {columns} columns, lag 1, {threads} thread(s): {tb:F2} s per fit " +
                $"({pairs / tb / 1e3:F1} k pairs/s, ~{gflop / tb:F1} GFLOP/s in the covariance sums), peak {QuickBenches.PeakMemoryMiB():F0} MiB");
        }
    }
}
