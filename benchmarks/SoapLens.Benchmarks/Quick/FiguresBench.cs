using System.Diagnostics;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Plots;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Every figure kind and the whole report at the paper's Cu(211) size (482 frames × 900 atoms,
/// 8 clusters; `--frames F --atoms A`), on synthetic results: time and file size per figure.
/// </summary>
public sealed class FiguresBench : IQuickBench
{
    public string Name => "figures";
    public string Description => "every figure kind and Export-SoapLensReport at the paper's Cu(211) size (482 frames x 900 atoms)";

    public void Run(string[] args)
    {
        int frames = TransitionsBench.Arg(args, "--frames", 482), atoms = TransitionsBench.Arg(args, "--atoms", 900), k = 8;
        var labels = TransitionsBench.Synthetic(frames, atoms, k);
        var tm = TransitionMatrix.FromLabels(labels);
        var merge = ClusterMerge.Compute(tm, 1.0, labels);
        var pca = SyntheticPca(labels, k);
        var lens = SyntheticLens(frames, atoms);
        Console.WriteLine($"{frames} frames × {atoms} atoms = {labels.RowCount:N0} rows, {k} clusters");

        var cases = new (string Name, FigureKind Kind, object Input, FigureRequest Request)[]
        {
            ("chord (macro)", FigureKind.Chord, merge, new()),
            ("heatmap (micro)", FigureKind.Heatmap, tm, new()),
            ("dendrogram", FigureKind.Dendrogram, merge, new()),
            ("population flow", FigureKind.PopulationFlow, merge, new()),
            ("PCA plane (density)", FigureKind.Scatter, pca, new() { Labels = merge.Labels }),
            ("atom path (auto atom)", FigureKind.AtomPath, pca, new() { Labels = merge.Labels }),
            ("LENS time series", FigureKind.TimeSeries, lens, new() { Thresholds = [0.05, 0.15] }),
            ("LENS series, SOAP labels", FigureKind.TimeSeries, lens, new() { Labels = merge.Labels }),
            ("variance", FigureKind.Variance, pca, new()),
        };
        foreach (var (name, kind, input, request) in cases)
        {
            string svg = "";
            double t = QuickBenches.Median(() => svg = Figures.Render(kind, input, request), 3);
            Console.WriteLine($"{name,-24} {t * 1e3,9:F1} ms   {svg.Length / 1024.0,8:F0} KiB");
        }

        foreach (var run in new[] { "cold", "warm" })
        {
            var folder = Path.Combine(Path.GetTempPath(), "soaplens-figures-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var sw = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var report = new Report("bench");
                foreach (var r in new object[] { pca, labels, tm, merge, lens }) report.Add(r);
                var sections = report.Write(folder, force: false);
                double wall = sw.Elapsed.TotalSeconds, used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                long bytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                Console.WriteLine($"Export-SoapLensReport    {wall * 1e3,9:F1} ms   {bytes / 1048576.0,8:F1} MiB, {sections.Sum(s => s.Figures.Count)} figures ({run}; CPU {used * 1e3:F0} ms)");
            }
            finally
            {
                try { Directory.Delete(folder, true); } catch (IOException) { }
            }
        }
        Console.WriteLine($"peak memory {QuickBenches.PeakMemoryMiB():F0} MiB");
    }

    // Five PCA scores per row: cluster centres on an arc plus Gaussian noise; a plausible spectrum.
    private static PcaResult SyntheticPca(ClusterLabels labels, int k)
    {
        var rng = new Random(3);
        int n = labels.RowCount, c = 5;
        var v = new double[(long)n * c];
        for (int r = 0; r < n; r++)
        {
            double a = 2.5 * labels.Labels[r] / k;
            v[r * c] = Math.Cos(a) + 0.15 * Gauss(rng);
            v[r * c + 1] = Math.Sin(a) + 0.1 * Gauss(rng);
            for (int j = 2; j < c; j++) v[r * c + j] = 0.05 * Gauss(rng) / j;
        }
        double[] ratios = Enumerable.Range(0, 576).Select(i => 0.7 * Math.Pow(0.25, i)).ToArray();
        double s = ratios.Sum();
        for (int i = 0; i < ratios.Length; i++) ratios[i] /= s;
        var model = new PcaModel(new double[576], new double[c * 576], c, ratios.ToArray(), ratios, ratios.ToArray(), n, 1, PcaSelection.Variance, 0.995);
        var projection = new Dataset(v, n, c, labels.Frames, labels.AtomIds, ["pc1", "pc2", "pc3", "pc4", "pc5"], "PCA of synthetic SOAP");
        return new PcaResult(model, projection);
    }

    // A bounded random walk per atom, a few atoms much more mobile.
    private static LensSignal SyntheticLens(int frames, int atoms)
    {
        var rng = new Random(4);
        int t = frames - 1;
        var values = new double[(long)atoms * t];
        for (int i = 0; i < atoms; i++)
        {
            double level = i % 50 == 0 ? 0.25 : 0.02 + 0.08 * rng.NextDouble();
            for (int s = 0; s < t; s++) values[(long)i * t + s] = Math.Clamp(level + 0.03 * Gauss(rng), 0, 1);
        }
        var frameIdx = Enumerable.Range(0, frames).ToArray();
        return new LensSignal(Enumerable.Range(1, atoms).ToArray(), frameIdx, 1, 6, values, t, frameIdx[..t], frameIdx[1..], null, false, "synthetic");
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
