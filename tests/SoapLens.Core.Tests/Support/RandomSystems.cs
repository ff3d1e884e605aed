using FsCheck;
using FsCheck.Fluent;
using SoapLens.Geometry;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Support;

/// <summary>
/// A random periodic system for property tests: a triclinic cell (orthorhombic, LAMMPS-like tilts,
/// strongly skewed, or skewed and rotated so no vector lies on an axis), per-axis periodicity, a
/// cutoff that is small, larger than half a cell width, or larger than the whole cell, and atoms
/// placed inside and outside the cell. Everything follows from the printed parameters.
/// </summary>
public sealed class RandomSystem
{
    private RandomSystem(int seed, int atoms, int pbcBits, int skew, int regime, int frames)
    {
        Seed = seed; Atoms = atoms; PbcBits = pbcBits; Skew = skew; Regime = regime; FrameCount = frames;
        var rng = new Random(seed);
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        double a = U(4, 12), b = U(4, 12), c = U(4, 12);
        double t = skew switch { 0 => 0, 1 => 0.5, _ => 1.5 };
        var m = new[] { a, 0, 0, t * U(-1, 1) * a, b, 0, t * U(-1, 1) * a, t * U(-1, 1) * b, c };
        if (skew == 3) m = Rotate(m, rng);
        Cell = new Cell(m);
        Pbc = new Pbc((pbcBits & 1) != 0, (pbcBits & 2) != 0, (pbcBits & 4) != 0);
        double minW = Math.Min(Cell.PerpendicularWidth(0), Math.Min(Cell.PerpendicularWidth(1), Cell.PerpendicularWidth(2)));
        double maxW = Math.Max(Cell.PerpendicularWidth(0), Math.Max(Cell.PerpendicularWidth(1), Cell.PerpendicularWidth(2)));
        Cutoff = regime switch
        {
            0 => U(0.2, 0.45) * minW,
            1 => U(0.5, 0.9) * minW,
            _ => U(1.0, 2.2) * maxW,
        };
        var top = new Topology(Enumerable.Range(1, atoms).Select(i => 3 * i + 7).ToArray(), Enumerable.Repeat<string?>("Cu", atoms).ToArray());
        var frac = new double[3 * atoms];
        for (int i = 0; i < frac.Length; i++) frac[i] = U(-0.3, 1.3);
        Frames = new List<Frame>();
        for (int f = 0; f < frames; f++)
        {
            var pos = new double[3 * atoms];
            for (int i = 0; i < atoms; i++)
            {
                Cell.ToCartesian(frac[3 * i], frac[3 * i + 1], frac[3 * i + 2], out pos[3 * i], out pos[3 * i + 1], out pos[3 * i + 2]);
                // Later frames: every atom moves by up to 40 % of the cutoff, so neighbour sets change.
                for (int k = 0; k < 3 && f > 0; k++) pos[3 * i + k] += U(-0.4, 0.4) * Cutoff;
            }
            Frames.Add(new Frame(f * 2, top, pos, Cell, Pbc));
        }
        Centres = Enumerable.Range(0, atoms).Where(_ => rng.NextDouble() < 0.7).ToArray();
        Environment = Enumerable.Range(0, atoms).Where(_ => rng.NextDouble() < 0.7).ToArray();
        Threads = 1 + rng.Next(3);
        Extra = Enumerable.Range(0, 9).Select(_ => U(-15, 25)).ToArray();
    }

    public int Seed { get; }
    public int Atoms { get; }
    public int PbcBits { get; }
    public int Skew { get; }
    public int Regime { get; }
    public int FrameCount { get; }
    public Cell Cell { get; }
    public Pbc Pbc { get; }
    public double Cutoff { get; }
    public List<Frame> Frames { get; }
    public int[] Centres { get; }
    public int[] Environment { get; }
    public int Threads { get; }

    /// <summary>Three extra query points (x y z each) anywhere in and around the cell.</summary>
    public double[] Extra { get; }

    private static double[] Rotate(double[] m, Random rng)
    {
        // A random rotation from a random unit quaternion.
        double q0 = rng.NextDouble() - 0.5, q1 = rng.NextDouble() - 0.5, q2 = rng.NextDouble() - 0.5, q3 = rng.NextDouble() - 0.5;
        var r = Rotation.FromQuaternion(q0, q1, q2, q3);
        var o = new double[9];
        for (int v = 0; v < 3; v++)
            for (int i = 0; i < 3; i++)
                o[3 * v + i] = r[3 * i] * m[3 * v] + r[3 * i + 1] * m[3 * v + 1] + r[3 * i + 2] * m[3 * v + 2];
        return o;
    }

    public static Arbitrary<RandomSystem> Arbitrary(int frames) =>
        (from seed in Gen.Choose(0, int.MaxValue - 1)
         from atoms in Gen.Choose(1, 36)
         from pbc in Gen.Choose(0, 7)
         from skew in Gen.Choose(0, 3)
         from regime in Gen.Choose(0, 2)
         select new RandomSystem(seed, atoms, pbc, skew, regime, frames)).ToArbitrary();

    public override string ToString() =>
        $"RandomSystem(seed {Seed}, {Atoms} atoms, pbc {Pbc}, skew {Skew}, cutoff regime {Regime} = {Cutoff:0.###} Å, cell {Cell}, {FrameCount} frames, {Threads} threads)";
}
