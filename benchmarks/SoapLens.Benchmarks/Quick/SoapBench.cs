using System.Diagnostics;
using SoapLens.Descriptors;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// SOAP throughput on cu211-small (720 atoms × 100 frames, every atom a centre, n_max = l_max = 8,
/// r_cut 6 Å, σ 1, pbc T T F). Part 1 times the engine on frames held in memory with 2 threads and
/// 1 thread (median of 3 runs after a warm-up; wall and CPU time, the latter being what a loaded
/// machine distorts least). Part 2 runs Get-SoapSpectrum's stage end to end from the file (read,
/// batches, float64 result of 100 × 720 × 324 values) and reports the peak working set.
/// Options: [frames] [threads...] [--scalar|--avx2|--avx512] [--full] [--single].
/// </summary>
public sealed class SoapBench : IQuickBench
{
    public string Name => "soap";
    public string Description => "SOAP power spectrum, cu211-small, n=l=8, r_cut 6 (atom-frames/s, 2 and 1 threads; end-to-end memory)";

    public void Run(string[] args)
    {
        var width = args.Contains("--scalar") ? SimdWidth.Scalar : args.Contains("--avx2") ? SimdWidth.Avx2 : args.Contains("--avx512") ? SimdWidth.Avx512 : SimdWidth.Auto;
        var layout = args.Contains("--full") ? SoapLayout.Full : SoapLayout.Dscribe;
        bool single = args.Contains("--single");
        var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).ToArray();
        int frameCount = numbers.Length > 0 ? numbers[0] : 100;
        var threadCounts = numbers.Length > 1 ? numbers[1..] : [2, 1];

        var path = QuickBenches.SharedData("trajectories", "cu211-small", "cu211-small.extxyz");
        var p = SoapParameters.Create(6.0, 8, 8, 1.0, ["Cu"]);

        // Part 2 first, so that the peak working set is that of the cmdlet's own path. The first run
        // includes JIT compilation (what a fresh PowerShell session sees); the second is warm.
        for (int run = 1; run <= 2; run++)
        {
            var sw0 = Stopwatch.StartNew();
            var host = new RecordingHost();
            var stage = new GetSoapSpectrumStage(host, new SoapSpectrumOptions
            {
                RCut = 6, NMax = 8, LMax = 8, Sigma = 1, Layout = layout, SinglePrecision = single, ThrottleLimit = threadCounts[0], Simd = width,
            });
            stage.Begin();
            stage.Process(Trajectory.Open(path, selection: new FrameSelection(0, frameCount)));
            var spectrum = (SoapSpectrum?)host.Output.Single();
            double endToEnd = sw0.Elapsed.TotalSeconds;
            Console.WriteLine($"end to end, run {run} ({(run == 1 ? "cold" : "warm")}; Get-SoapSpectrum stage, {threadCounts[0]} threads, read + compute): {spectrum} in {endToEnd:0.00} s " +
                $"= {spectrum!.FrameCount * (double)spectrum.CentreCount / endToEnd:N0} atom-frames/s; peak working set so far {QuickBenches.PeakMemoryMiB():0} MiB");
            spectrum = null;
            host.Output.Clear();
            GC.Collect();
        }

        var sw = Stopwatch.StartNew();
        var frames = Trajectory.Open(path, selection: new FrameSelection(0, frameCount)).LoadFrames();
        Console.WriteLine($"read {frames.Count} frames of {frames[0].AtomCount} atoms in {sw.Elapsed.TotalSeconds:0.00} s");
        var calc = new SoapCalculator(p, layout, width: width);
        Console.WriteLine($"{p}; layout {layout}; {calc.FeatureCount} features; kernels {calc.Width}; {(single ? "float32" : "float64")} results");
        var centres = Enumerable.Range(0, frames[0].AtomCount).ToArray();
        int features = calc.FeatureCount;
        var doubles = frames.Select(_ => single ? null : new double[centres.Length * features]).ToArray();
        var singles = single ? frames.Select(_ => new float[centres.Length * features]).ToArray() : null;
        foreach (int threads in threadCounts)
        {
            int batch = SoapStream.DefaultBatchSize(threads);
            void Work()
            {
                for (int f0 = 0; f0 < frames.Count; f0 += batch)
                {
                    int n = Math.Min(batch, frames.Count - f0);
                    calc.ComputeFrames(frames.Skip(f0).Take(n).ToList(), centres, doubles[f0..(f0 + n)], singles?[f0..(f0 + n)], threads, false, CancellationToken.None);
                }
            }
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            double t = QuickBenches.Median(Work, 3);
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / 4; // warm-up + 3 repeats
            double work = frames.Count * (double)centres.Length;
            Console.WriteLine($"engine, threads {threads}: {t:0.000} s wall for {work:N0} atom-frames = {work / t:N0} atom-frames/s; " +
                $"CPU {cpu:0.000} s per run = {work / cpu:N0} atom-frames per CPU-second ({1e6 * cpu / work:0.0} µs CPU per centre)");
        }
        Console.WriteLine($"load average now: {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
