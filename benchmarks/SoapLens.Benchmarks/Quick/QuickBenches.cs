using System.Diagnostics;

namespace SoapLens.Benchmarks.Quick;

/// <summary>A named stopwatch benchmark (one file per benchmark, listed in <see cref="QuickBenches.All"/>).</summary>
public interface IQuickBench
{
    string Name { get; }
    string Description { get; }
    void Run(string[] args);
}

public static class QuickBenches
{
    // One line per benchmark.
    public static readonly IQuickBench[] All =
    [
        new ParseExtXyzBench(),
        new ParseLammpsDumpBench(),
        new DecodeXtcBench(),
        new TransitionsBench(),
        new FiguresBench(),
        new PcaBench(),
        new SoapBench(),
        new TicaBench(),
        new AutoencoderBench(),
        new Hdf5Bench(),
        new NeighboursBench(),
        new LensBench(),
        new HdbscanBench(),
        new JoinBench(),
    ];

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "list" or "-h" or "--help")
        {
            Console.WriteLine("quick benchmarks:");
            foreach (var b in All) Console.WriteLine($"  {b.Name,-22} {b.Description}");
            return 0;
        }
        var bench = All.FirstOrDefault(b => b.Name == args[0]);
        if (bench is null) { Console.Error.WriteLine($"unknown benchmark '{args[0]}'"); return 2; }
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {Environment.OSVersion}, .NET {Environment.Version}");
        bench.Run(args[1..]);
        return 0;
    }

    /// <summary>Runs <paramref name="work"/> once to warm up, then <paramref name="repeats"/> times; returns the median seconds.</summary>
    public static double Median(Action work, int repeats = 5)
    {
        work();
        var t = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            work();
            t[i] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(t);
        return t[repeats / 2];
    }

    /// <summary>Peak working set of this process so far, in MiB.</summary>
    public static double PeakMemoryMiB() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

    public static string SharedData(params string[] parts)
    {
        var env = Environment.GetEnvironmentVariable("SOAPLENS_SHARED_DATA");
        string root = !string.IsNullOrEmpty(env) ? env : "/work/shared/data";
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null && string.IsNullOrEmpty(env); d = d.Parent)
        {
            var c = Path.Combine(d.FullName, "shared", "data");
            if (Directory.Exists(c)) { root = c; break; }
        }
        return Path.Combine([root, .. parts]);
    }
}
