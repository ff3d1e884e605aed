using System.Diagnostics;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Join-SoapLens at the paper's Cu(211) scale: 482 frames × 900 centres of n = l = 8 Cu spectra,
/// LENS smoothed with window 20 and trimmed (10 values at each end), giving 461 × 900 = 414,900 rows
/// of 577 columns. The spectrum is either Dscribe layout, not normalised (gather + normalise per
/// vector, the default) or already Full and normalised (--full: a copy). Values are seeded uniform
/// numbers (the join does not look at them).
/// Usage: quick join [--frames F] [--centres C] [--threads T] [--repeats R] [--full]
/// </summary>
public sealed class JoinBench : IQuickBench
{
    public string Name => "join";
    public string Description => "Join-SoapLens of 482 frames x 900 Cu centres (n = l = 8) with a trimmed LENS: 414,900 x 577 rows";

    public void Run(string[] args)
    {
        int frames = PcaBench.Arg(args, "--frames", 482), centres = PcaBench.Arg(args, "--centres", 900);
        int threads = PcaBench.Arg(args, "--threads", 2), repeats = PcaBench.Arg(args, "--repeats", 3);
        bool full = args.Contains("--full");
        var p = SoapParameters.Create(6, 8, 8, 1, ["Cu"]);
        var layout = full ? SoapLayout.Full : SoapLayout.Dscribe;
        int features = SoapFeatureMap.For(p).Count(layout);
        var rng = new Random(7);
        var values = new double[(long)frames * centres * features];
        for (long i = 0; i < values.LongLength; i++) values[i] = rng.NextDouble();
        var ids = Enumerable.Range(1, centres).ToArray();
        var soap = SoapSpectrum.Create(p, layout, NdArray.Of(values, frames, centres, features), Enumerable.Range(0, frames).ToArray(), ids,
            normalized: full);
        values = null!;
        int t = frames - 1;
        var lensValues = new double[(long)centres * t];
        for (long i = 0; i < lensValues.LongLength; i++) lensValues[i] = rng.NextDouble() * 0.3;
        var raw = new LensSignal(ids, Enumerable.Range(0, frames).ToArray(), 1, 6, lensValues, t,
            Enumerable.Range(0, t).ToArray(), Enumerable.Range(1, t).ToArray(), null, false, "synthetic");
        var lens = raw.Smooth(new SavitzkyGolayOptions { WindowLength = 20, PolyOrder = 2, Clip = true, Trim = true }, threads);
        GC.Collect();
        Dataset? result = null;
        double median = QuickBenches.Median(() =>
        {
            result = null;
            GC.Collect();
            result = SoapLensJoin.Join(soap, lens, new SoapLensJoinOptions { Threads = threads });
        }, repeats);
        double gib = result!.Values.LongLength * 8.0 / (1 << 30);
        Console.WriteLine($"join: {frames} frames x {centres} centres ({layout}{(full ? ", normalised" : "")}) -> {result}, {threads} threads: " +
                          $"median {median:F3} s over {repeats} runs ({result.RowCount / median / 1e6:F2} M rows/s, {gib / median:F2} GiB/s written)");
        Console.WriteLine($"peak working set {QuickBenches.PeakMemoryMiB():F0} MiB (spectrum {soap.FrameCount * (long)centres * features * 8.0 / (1 << 20):F0} MiB, rows {gib * 1024:F0} MiB)");
    }
}
