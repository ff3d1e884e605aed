using SoapLens.Geometry;

namespace SoapLens.Trajectories;

/// <summary>
/// A frame as a reader parsed it, in file order, before ids are sorted and checked. Readers fill
/// one and hand it to <see cref="FrameAssembler"/>, which is the single place where atom order,
/// duplicate ids and id-set changes are dealt with for every format.
/// </summary>
public sealed class RawFrame
{
    public RawFrame(int atomCount)
    {
        Positions = new double[3 * atomCount];
        Names = new string[atomCount];
    }

    public int AtomCount => Names.Length;
    /// <summary>Ids in file order; null when the format has none (ids are then 1..N in file order).</summary>
    public int[]? Ids { get; set; }
    /// <summary>Names or types as written (element symbol, LAMMPS type, GROMACS atom name).</summary>
    public string[] Names { get; set; }
    /// <summary>Element symbols, null entries for virtual sites; null when the assembler should infer them from names.</summary>
    public string?[]? Species { get; set; }
    public double[] Positions { get; set; }
    public Cell? Cell { get; set; }
    public Pbc Pbc { get; set; }
    public double? Time { get; set; }
    public long? Step { get; set; }
    /// <summary>1-based line where the frame starts (text formats), for error messages.</summary>
    public long? Line { get; set; }
}
