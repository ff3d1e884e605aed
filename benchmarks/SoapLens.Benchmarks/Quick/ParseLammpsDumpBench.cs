using SoapLens.Trajectories;

namespace SoapLens.Benchmarks.Quick;

/// <summary>LAMMPS text dump parsing of cu211-small (100 frames x 720 atoms, 2.3 MB).</summary>
public sealed class ParseLammpsDumpBench : TrajectoryParseBench
{
    public override string Name => "parse-lammpsdump";
    public override string Description => "LAMMPS dump parsing MB/s (cu211-small traj.lammpstrj; goal >= 50)";
    protected override string File => QuickBenches.SharedData("trajectories", "cu211-small", "traj.lammpstrj");
    protected override TrajectoryReadOptions Options => new() { TypeMap = new Dictionary<string, string> { ["1"] = "Cu" } };
}
