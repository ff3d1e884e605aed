using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Plots;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Transition counting, residence times, merge and figures on synthetic labels of a given size
/// (default: the paper's Cu(211) run, 482 frames × 900 atoms, 8 clusters; `--frames F --atoms A`).
/// </summary>
public sealed class TransitionsBench : IQuickBench
{
    public string Name => "transitions";
    public string Description => "transition matrix, residence times, merge, chord + 1e6-point scatter SVG";

    public void Run(string[] args)
    {
        int frames = Arg(args, "--frames", 482), atoms = Arg(args, "--atoms", 900), k = 8;
        var labels = Synthetic(frames, atoms, k);
        Console.WriteLine($"labels: {frames} frames × {atoms} atoms = {labels.RowCount:N0} rows, {k} clusters");

        TransitionMatrix? tm = null;
        double count = QuickBenches.Median(() => tm = TransitionMatrix.FromLabels(labels));
        Console.WriteLine($"Get-TransitionMatrix   {count * 1e3,8:F2} ms   {labels.RowCount / count / 1e6,8:F1} M rows/s");
        double res = QuickBenches.Median(() => ResidenceTimes.FromLabels(labels));
        Console.WriteLine($"Get-ResidenceTime      {res * 1e3,8:F2} ms   {labels.RowCount / res / 1e6,8:F1} M rows/s");
        double merge = QuickBenches.Median(() => ClusterMerge.Compute(tm!, 1.0, labels));
        Console.WriteLine($"Merge-Cluster -Labels  {merge * 1e3,8:F2} ms");
        double chord = QuickBenches.Median(() => ChordDiagram.Render(tm!.Counts, tm.ClusterNames));
        Console.WriteLine($"chord SVG              {chord * 1e3,8:F2} ms");

        const int n = 1_000_000;
        var rng = new Random(5);
        var x = new double[n];
        var y = new double[n];
        var l = new int[n];
        // Overlapping Gaussian blobs of unequal sizes, like a PCA plane.
        for (int i = 0; i < n; i++)
        {
            l[i] = Math.Min(k - 1, (int)(k * Math.Pow(rng.NextDouble(), 2)));
            double r = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())), phi = 2 * Math.PI * rng.NextDouble();
            x[i] = 1.5 * Math.Cos(l[i]) + 0.6 * r * Math.Cos(phi);
            y[i] = 1.5 * Math.Sin(l[i]) + 0.4 * r * Math.Sin(phi);
        }
        string svg = "";
        double scatter = QuickBenches.Median(() => svg = ScatterPlot.Render(x, y, l, TransitionMatrix.DefaultNames(k)), 3);
        Console.WriteLine($"scatter SVG 1e6 points {scatter * 1e3,8:F2} ms   {svg.Length / 1e6:F2} MB");
        Console.WriteLine($"peak memory {QuickBenches.PeakMemoryMiB():F0} MiB");
    }

    internal static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    // Atoms that mostly stay, sometimes hop to a neighbouring cluster.
    internal static ClusterLabels Synthetic(int frames, int atoms, int k)
    {
        var rng = new Random(1);
        var labels = new int[frames * atoms];
        var f = new int[labels.Length];
        var a = new int[labels.Length];
        for (int i = 0; i < atoms; i++) labels[i] = rng.Next(k);
        for (int t = 0; t < frames; t++)
            for (int i = 0; i < atoms; i++)
            {
                int r = t * atoms + i;
                f[r] = t;
                a[r] = i + 1;
                if (t > 0)
                {
                    int prev = labels[r - atoms];
                    labels[r] = rng.NextDouble() < 0.05 ? (prev + (rng.Next(2) == 0 ? k - 1 : 1)) % k : prev;
                }
            }
        return new ClusterLabels(labels, f, a, k, "synthetic");
    }
}
