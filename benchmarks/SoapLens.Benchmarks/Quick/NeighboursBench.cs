using SoapLens.Geometry;
using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Neighbour search on cu211-small (720 Cu, pbc T T F) at r_cut 6 Å: per frame, build the cell list
/// and query every atom (all neighbour images reported to a counting visitor). Single thread.
/// Options: [r_cut] [repeats].
/// </summary>
public sealed class NeighboursBench : IQuickBench
{
    public string Name => "neighbours";
    public string Description => "cell-list build + 720 queries per cu211-small frame at r_cut 6 Å (ms per frame, 1 thread)";

    private struct Counter : INeighbourVisitor
    {
        public long Count;
        public void Visit(int atom, double dx, double dy, double dz, double r2) => Count++;
    }

    public void Run(string[] args)
    {
        double rc = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 6.0;
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        var frames = Trajectory.Open(QuickBenches.SharedData("trajectories", "cu211-small", "cu211-small.extxyz")).LoadFrames();
        long pairs = 0;
        NeighbourList? list = null;
        void Build(Frame f)
        {
            if (list is null) list = new NeighbourList(f.Positions, f.Cell, f.Pbc, rc);
            else list.Rebuild(f.Positions, f.Cell, f.Pbc, rc);
        }
        void All()
        {
            var c = new Counter();
            foreach (var f in frames)
            {
                Build(f);
                var p = f.Positions;
                for (int i = 0; i < f.AtomCount; i++) list!.Query(p[3 * i], p[3 * i + 1], p[3 * i + 2], ref c);
            }
            pairs = c.Count;
        }
        void BuildOnly() { foreach (var f in frames) Build(f); }
        void Fresh()
        {
            var found = new List<Neighbour>();
            foreach (var f in frames)
            {
                var nl = new NeighbourList(f.Positions, f.Cell, f.Pbc, rc);
                var p = f.Positions;
                for (int i = 0; i < f.AtomCount; i++) { found.Clear(); nl.Query(p[3 * i], p[3 * i + 1], p[3 * i + 2], found); }
            }
        }
        var all = CpuClock.Median(All, repeats);
        var build = CpuClock.Median(BuildOnly, repeats);
        var fresh = CpuClock.Median(Fresh, repeats);
        double n = frames.Count / 1e3;
        Console.WriteLine($"cu211-small: {frames.Count} frames x {frames[0].AtomCount} atoms, r_cut {rc} Å, {pairs / (double)frames.Count / frames[0].AtomCount:0.0} images per atom (self included); {CpuClock.Load()}");
        Console.WriteLine($"build + all queries (visitor, reused list): {all.Wall / n:0.000} ms per frame (CPU {all.Cpu / n:0.000} ms)");
        Console.WriteLine($"  of which build:                          {build.Wall / n:0.000} ms per frame (CPU {build.Cpu / n:0.000} ms)");
        Console.WriteLine($"new list + queries into List<Neighbour>:    {fresh.Wall / n:0.000} ms per frame (CPU {fresh.Cpu / n:0.000} ms)");
    }
}
