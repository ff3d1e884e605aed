using SoapLens.Geometry;

namespace SoapLens.Trajectories;

/// <summary>
/// One snapshot: positions in Å (float64, x y z per atom, atoms in the topology's id order), the
/// cell (null when the file has none), per-axis periodicity, and the time/step when known.
/// </summary>
public sealed class Frame
{
    public Frame(int index, Topology topology, double[] positions, Cell? cell, Pbc pbc, double? time = null, long? step = null)
    {
        if (positions.Length != 3 * topology.AtomCount)
            throw new ArgumentException($"Frame {index}: {positions.Length / 3} positions for {topology.AtomCount} atoms.");
        if (pbc.Any && cell is null)
            throw new ArgumentException($"Frame {index}: periodic boundaries need a cell.");
        Index = index;
        Topology = topology;
        Positions = positions;
        Cell = cell;
        Pbc = pbc;
        Time = time;
        Step = step;
    }

    /// <summary>0-based index of the frame in its source file.</summary>
    public int Index { get; }
    public Topology Topology { get; }
    public double[] Positions { get; }
    public Cell? Cell { get; }
    public Pbc Pbc { get; }
    /// <summary>Time in ps when the file says.</summary>
    public double? Time { get; }
    public long? Step { get; }
    public int AtomCount => Topology.AtomCount;

    public Frame WithIndex(int index) => new(index, Topology, Positions, Cell, Pbc, Time, Step);

    public override string ToString() => $"Frame {Index}: {AtomCount} atoms{(Cell is null ? "" : $", cell {Cell}")}, pbc {Pbc}{(Time is null ? "" : $", t = {Time} ps")}";
}
