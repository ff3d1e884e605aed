using System.Diagnostics;
using SoapLens.Data;
using SoapLens.IO;
using SoapLens.IO.Hdf5;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// HDF5 throughput: a (frames, 720, 576) float64 SOAP array (full layout) through Export/Import of a
/// result group (h5py-style chunks, gzip 4), and a (frames, 720, 324) native-layout array through the
/// SOAPify /SOAP/&lt;name&gt; writer and reader (frame chunks, gzip 9), and a full-layout SoapSpectrum of the same
/// size through Export-/Import-SoapLensData (gathered to native on the way out, back to full on the way in:
/// the cost of the wiring on top of the raw writer). Values are pseudo-random like
/// SOAP vectors, which barely compress (SOAPify's own file: ratio 0.966).
/// Options: --frames N (100), --repeats R (3), --dir PATH (temp), --libhdf5-filters (let libhdf5
/// compress on one thread, as h5py does, instead of SoapLens' parallel whole-chunk path).
/// </summary>
public sealed class Hdf5Bench : IQuickBench
{
    public string Name => "hdf5";
    public string Description => "write+read 100 x 720 x 576 float64 with gzip (result group) and the SOAPify native layout";

    public void Run(string[] args)
    {
        int frames = Arg(args, "--frames", 100), repeats = Arg(args, "--repeats", 3);
        var dir = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), $"soaplens-hdf5-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        Console.WriteLine(Hdf5Files.LibraryDescription);
        if (args.Contains("--libhdf5-filters")) SoapLens.IO.Hdf5.Native.Hdf5Library.DirectChunkIoEnabled = false;
        Console.WriteLine(SoapLens.IO.Hdf5.Native.Hdf5Library.DirectChunkIoEnabled
            ? $"chunks compressed by SoapLens on {Environment.ProcessorCount} threads" : "chunks compressed by libhdf5 (one thread)");
        try
        {
            RunGroup(frames, 576, repeats, dir);
            RunSoapify(frames, 324, repeats, dir);
            RunSpectrum(frames, repeats, dir);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch { }
        }
        Console.WriteLine($"peak working set {QuickBenches.PeakMemoryMiB():F0} MiB");
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }

    private static double[] SoapLike(long n)
    {
        var v = new double[n];
        var rnd = new Random(12345);
        for (long i = 0; i < n; i++) v[i] = rnd.NextDouble() * 2 - 0.2;
        return v;
    }

    private static void Report(string what, (double Wall, double Cpu) t, long bytes, string path)
    {
        var size = new FileInfo(path).Length;
        Console.WriteLine($"{what,-34} {t.Wall,7:F2} s ({t.Cpu:F2} s CPU)  {bytes / t.Wall / (1 << 20),6:F0} MiB/s  (file {size / (double)(1 << 20):F0} MiB, ratio {size / (double)bytes:F3})");
    }

    /// <summary>Median wall time and the mean CPU time per run (CPU time is less disturbed by other load).</summary>
    private static (double Wall, double Cpu) Time(Action body, int repeats)
    {
        // Each run allocates a new result array; collect the previous one first so the peak working
        // set shows what one read or write needs, not how long the GC waited (a few ms per run).
        void work()
        {
            GC.Collect();
            body();
        }
        var p = System.Diagnostics.Process.GetCurrentProcess();
        var cpu0 = p.TotalProcessorTime;
        double wall = QuickBenches.Median(work, repeats);
        p.Refresh();
        return (wall, (p.TotalProcessorTime - cpu0).TotalSeconds / (repeats + 1));
    }

    private static void RunGroup(int frames, int features, int repeats, string dir)
    {
        var data = SoapLike((long)frames * 720 * features);
        var bundle = new DataBundle("Dataset").Add("values", NdArray.Of(data, frames, 720, features), "frame", "centre", "feature");
        bundle.Attributes["r_cut"] = 6.0;
        var path = Path.Combine(dir, "group.h5");
        var format = new Hdf5DataFormat();
        var write = Time(() =>
        {
            if (File.Exists(path)) File.Delete(path);
            format.Write(bundle, path, new ExportOptions(), CancellationToken.None);
        }, repeats);
        long bytes = data.LongLength * 8;
        Report($"result group write ({frames}x720x{features})", write, bytes, path);
        DataBundle? back = null;
        var read = Time(() => back = format.Read(path, new ImportOptions(), CancellationToken.None), repeats);
        Report($"result group read  ({frames}x720x{features})", read, bytes, path);
        if (!((double[])back!.Primary.Values.Data).AsSpan().SequenceEqual(data)) throw new InvalidOperationException("read-back differs");
    }

    private static void RunSoapify(int frames, int features, int repeats, string dir)
    {
        var data = SoapLike((long)frames * 720 * features);
        var p = new SoapifySoapParameters { LMax = 8, NMax = 8, RCut = 6.0, Species = ["Cu"] };
        var path = Path.Combine(dir, "soapify.hdf5");
        var write = Time(() =>
        {
            if (File.Exists(path)) File.Delete(path);
            SoapifySoapWriter.WriteFile(path, "cu211", p, data, frames, 720, features);
        }, repeats);
        long bytes = data.LongLength * 8;
        Report($"SOAPify /SOAP write ({frames}x720x{features})", write, bytes, path);
        double[]? back = null;
        var read = Time(() =>
        {
            using var r = SoapifySoapReader.Open(path);
            back = r.ReadAll();
        }, repeats);
        Report($"SOAPify /SOAP read  ({frames}x720x{features})", read, bytes, path);
        if (!back!.AsSpan().SequenceEqual(data)) throw new InvalidOperationException("read-back differs");
    }

    private static void RunSpectrum(int frames, int repeats, string dir)
    {
        var p = SoapLens.Descriptors.SoapParameters.Create(6, 8, 8, 1, ["Cu"]);
        var full = SoapLens.Descriptors.SoapSpectrum.Create(p, SoapLens.Descriptors.SoapLayout.Full,
            NdArray.Of(SoapLike((long)frames * 720 * 576), frames, 720, 576), Enumerable.Range(0, frames).ToArray(), Enumerable.Range(1, 720).ToArray());
        var path = Path.Combine(dir, "spectrum.hdf5");
        var format = new Hdf5DataFormat();
        var write = Time(() =>
        {
            if (File.Exists(path)) File.Delete(path);
            format.Write(full.ToBundle(), path, new ExportOptions { Name = "cu211" }, CancellationToken.None);
        }, repeats);
        long bytes = (long)frames * 720 * 324 * 8;
        Report($"SoapSpectrum Full export ({frames}x720x576)", write, bytes, path);
        SoapLens.Descriptors.SoapSpectrum? back = null;
        var read = Time(() => back = SoapLens.Descriptors.SoapSpectrum.FromBundle(format.Read(path, new ImportOptions { Name = "cu211" }, CancellationToken.None)), repeats);
        Report($"SoapSpectrum Full import ({frames}x720x576)", read, bytes, path);
        if (!back!.ToLayout(SoapLens.Descriptors.SoapLayout.Dscribe).ToArray().AsSpan().SequenceEqual(full.ToLayout(SoapLens.Descriptors.SoapLayout.Dscribe).ToArray()))
            throw new InvalidOperationException("read-back differs");
    }
}
