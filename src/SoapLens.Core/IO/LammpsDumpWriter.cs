using System.Globalization;
using SoapLens.Data;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// Writes a LAMMPS text dump (dump custom style) that OVITO, VMD, MDAnalysis and SoapLens read:
/// ITEM: TIMESTEP (the frame's step, else its index), NUMBER OF ATOMS, BOX BOUNDS (with
/// "xy xz yz" for tilted cells, pp/ff per axis from the periodicity) and
/// ITEM: ATOMS id type element x y z followed by the extra columns. The box is written with its
/// lower corner at the origin (SoapLens keeps no box origin; positions are written as they are).
/// A cell that is not already in LAMMPS's restricted form (a along x, b in the xy plane) is rotated
/// into it together with the positions. Types number the species in atomic-number order, then
/// atoms without a species by name (names that are all integers, such as unmapped LAMMPS types, are
/// kept as the type). Time is not written (MDAnalysis expects TIMESTEP first). Without a cell the
/// box is the atoms' bounding box, non-periodic.
/// </summary>
public sealed class LammpsDumpWriter : TrajectoryWriter
{
    public override string Name => "lammpsdump";
    public override IReadOnlyList<string> Extensions { get; } = [".lammpstrj", ".dump", ".lammpsdump"];

    private static readonly string[] Reserved =
        ["id", "type", "element", "x", "y", "z", "xs", "ys", "zs", "xu", "yu", "zu", "xsu", "ysu", "zsu", "mol", "mass", "q"];

    public override void Write(string path, Trajectory trajectory, IEnumerable<Frame> frames, IReadOnlyList<IPerAtomColumns> columns,
        TrajectoryWriteOptions options, CancellationToken cancel)
    {
        var table = new PerAtomColumnTable(columns, Reserved);
        var atomsItem = "ITEM: ATOMS id type element x y z" + string.Concat(table.Names.Select(c => " " + c));
        Topology? typesFor = null;
        long[] types = [];
        var rotated = new double[0];
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var w = new AsciiWriter(fs))
        {
            foreach (var f in frames)
            {
                cancel.ThrowIfCancellationRequested();
                if (!ReferenceEquals(typesFor, f.Topology)) { types = Types(f.Topology); typesFor = f.Topology; }
                table.Load(f);
                int n = f.AtomCount;
                w.Text("ITEM: TIMESTEP").Line().Number(f.Step ?? f.Index).Line();
                w.Text("ITEM: NUMBER OF ATOMS").Line().Number(n).Line();
                var p = f.Positions;
                var box = Box.Of(f);
                if (box.Rotation is { } r)
                {
                    if (rotated.Length != p.Length) rotated = new double[p.Length];
                    for (int i = 0; i < p.Length; i += 3)
                        for (int d = 0; d < 3; d++)
                            rotated[i + d] = r[3 * d] * p[i] + r[3 * d + 1] * p[i + 1] + r[3 * d + 2] * p[i + 2];
                    p = rotated;
                }
                box.Write(w, f.Cell is null ? Pbc.None : f.Pbc);
                w.Text(atomsItem).Line();
                var top = f.Topology;
                for (int i = 0; i < n; i++)
                {
                    w.Number(top.Ids[i]).Space().Number(types[i]).Space().Text(top.Species[i] ?? top.Names[i]);
                    w.Space().Number(p[3 * i]).Space().Number(p[3 * i + 1]).Space().Number(p[3 * i + 2]);
                    for (int c = 0; c < table.Count; c++) { w.Space(); table.WriteValue(w, i, c); }
                    w.Line();
                }
            }
        }
        fs.Flush(true);
    }

    /// <summary>LAMMPS type numbers: species in atomic-number order, then species-less atoms by name.</summary>
    private static long[] Types(Topology top)
    {
        var t = new long[top.AtomCount];
        bool numericNames = top.Species.All(s => s is null) &&
            top.Names.All(n => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0);
        if (numericNames)
        {
            for (int i = 0; i < t.Length; i++) t[i] = long.Parse(top.Names[i], CultureInfo.InvariantCulture);
            return t;
        }
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var s in top.SpeciesList) numbers["s:" + s] = numbers.Count + 1;
        foreach (var name in top.Names.Where((_, i) => top.Species[i] is null).Distinct().Order(StringComparer.Ordinal))
            numbers["n:" + name] = numbers.Count + 1;
        for (int i = 0; i < t.Length; i++)
            t[i] = numbers[top.Species[i] is { } s ? "s:" + s : "n:" + top.Names[i]];
        return t;
    }

    /// <summary>A LAMMPS box: edge lengths and tilts with the lower corner at the origin, and the rotation that produced it.</summary>
    private readonly record struct Box(double Lx, double Ly, double Lz, double Xy, double Xz, double Yz, double[]? Rotation, double[]? Low)
    {
        public bool Tilted => Xy != 0 || Xz != 0 || Yz != 0;

        public static Box Of(Frame f)
        {
            if (f.Cell is not { } cell)
            {
                // No cell: the bounding box of the atoms (written non-periodic).
                var p = f.Positions;
                double[] lo = [double.MaxValue, double.MaxValue, double.MaxValue], hi = [double.MinValue, double.MinValue, double.MinValue];
                for (int i = 0; i < p.Length; i++) { lo[i % 3] = Math.Min(lo[i % 3], p[i]); hi[i % 3] = Math.Max(hi[i % 3], p[i]); }
                if (p.Length == 0) { lo = [0, 0, 0]; hi = [0, 0, 0]; }
                return new Box(hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2], 0, 0, 0, null, lo);
            }
            var m = cell.Matrix;
            if (m[1] == 0 && m[2] == 0 && m[5] == 0 && m[0] > 0 && m[4] > 0 && m[8] > 0)
                return new Box(m[0], m[4], m[8], m[3], m[6], m[7], null, null);
            // Rotate into the restricted form: e1 along a, e3 along a × b, e2 = e3 × e1.
            double[] a = [m[0], m[1], m[2]], b = [m[3], m[4], m[5]], c = [m[6], m[7], m[8]];
            var e1 = Unit(a);
            var e3 = Unit(Cross(a, b));
            var e2 = Cross(e3, e1);
            double lz = Dot(c, e3);
            if (!(lz > 0))
                throw new SoapLensException("CellNotWritable", ErrorKind.InvalidData,
                    $"Frame {f.Index}: the cell {cell} is left-handed or flat; a LAMMPS box needs a right-handed cell.", f.Index);
            return new Box(Dot(a, e1), Dot(b, e2), lz, Dot(b, e1), Dot(c, e1), Dot(c, e2), [.. e1, .. e2, .. e3], null);
        }

        public void Write(AsciiWriter w, Pbc pbc)
        {
            string F(bool periodic) => periodic ? "pp" : "ff";
            string flags = $"{F(pbc.A)} {F(pbc.B)} {F(pbc.C)}";
            if (!Tilted)
            {
                double x0 = Low?[0] ?? 0, y0 = Low?[1] ?? 0, z0 = Low?[2] ?? 0;
                w.Text("ITEM: BOX BOUNDS ").Text(flags).Line();
                w.Number(x0).Space().Number(x0 + Lx).Line();
                w.Number(y0).Space().Number(y0 + Ly).Line();
                w.Number(z0).Space().Number(z0 + Lz).Line();
                return;
            }
            // Dumps store the bounding box of the tilted cell (LAMMPS Howto triclinic).
            double xlo = Math.Min(Math.Min(0.0, Xy), Math.Min(Xz, Xy + Xz)), xhi = Lx + Math.Max(Math.Max(0.0, Xy), Math.Max(Xz, Xy + Xz));
            double ylo = Math.Min(0.0, Yz), yhi = Ly + Math.Max(0.0, Yz);
            w.Text("ITEM: BOX BOUNDS xy xz yz ").Text(flags).Line();
            w.Number(xlo).Space().Number(xhi).Space().Number(Xy).Line();
            w.Number(ylo).Space().Number(yhi).Space().Number(Xz).Line();
            w.Number(0.0).Space().Number(Lz).Space().Number(Yz).Line();
        }

        private static double Dot(double[] u, double[] v) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
        private static double[] Cross(double[] u, double[] v) => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
        private static double[] Unit(double[] u)
        {
            double l = Math.Sqrt(Dot(u, u));
            return [u[0] / l, u[1] / l, u[2] / l];
        }
    }
}
