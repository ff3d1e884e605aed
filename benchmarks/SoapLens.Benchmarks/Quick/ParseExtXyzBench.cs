namespace SoapLens.Benchmarks.Quick;

/// <summary>Extended XYZ parsing of cu211-small (100 frames x 720 atoms, 3.5 MB).</summary>
public sealed class ParseExtXyzBench : TrajectoryParseBench
{
    public override string Name => "parse-extxyz";
    public override string Description => "extxyz parsing MB/s (cu211-small.extxyz; goal >= 50)";
    protected override string File => QuickBenches.SharedData("trajectories", "cu211-small", "cu211-small.extxyz");
}
