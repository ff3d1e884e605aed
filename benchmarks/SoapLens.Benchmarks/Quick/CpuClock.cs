using System.Diagnostics;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Wall-clock and process CPU time of a run, for a machine shared with other work: when the load is
/// high the wall figure is inflated, while CPU seconds per unit of work stay close to the quiet value.
/// </summary>
public static class CpuClock
{
    /// <summary>Median over <paramref name="repeats"/> runs (after a warm-up) of (wall s, process CPU s).</summary>
    public static (double Wall, double Cpu) Median(Action work, int repeats = 5)
    {
        work();
        var wall = new double[repeats];
        var cpu = new double[repeats];
        var proc = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            work();
            wall[i] = sw.Elapsed.TotalSeconds;
            proc.Refresh();
            cpu[i] = (proc.TotalProcessorTime - c0).TotalSeconds;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return (wall[repeats / 2], cpu[repeats / 2]);
    }

    public static string Load() =>
        File.Exists("/proc/loadavg") ? "load average " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "load unknown";
}
