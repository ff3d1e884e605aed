using SoapLens.Data;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// Writes extended XYZ that ASE, OVITO and SoapLens read back: per frame the atom count, a comment
/// line with Lattice (when there is a cell), Properties=species:S:1:pos:R:3:id:I:1 plus one entry per
/// extra column (I when the column's values in that frame are all integers, R otherwise), Time and
/// step when known, and pbc. Numbers are written with the shortest text that parses back to the
/// same double, so positions and cells round-trip exactly. Atoms without a species are written as X.
/// </summary>
public sealed class ExtXyzWriter : TrajectoryWriter
{
    public override string Name => "extxyz";
    public override IReadOnlyList<string> Extensions { get; } = [".extxyz", ".xyz"];

    private static readonly string[] Reserved = ["species", "pos", "id", "Z", "numbers", "positions", "symbols", "element", "ids"];

    public override void Write(string path, Trajectory trajectory, IEnumerable<Frame> frames, IReadOnlyList<IPerAtomColumns> columns,
        TrajectoryWriteOptions options, CancellationToken cancel)
    {
        var table = new PerAtomColumnTable(columns, Reserved);
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using (var w = new AsciiWriter(fs))
        {
            foreach (var f in frames)
            {
                cancel.ThrowIfCancellationRequested();
                table.Load(f);
                WriteFrame(w, f, table);
            }
        }
        fs.Flush(true);
    }

    private static void WriteFrame(AsciiWriter w, Frame f, PerAtomColumnTable table)
    {
        int n = f.AtomCount;
        w.Number(n).Line();
        if (f.Cell is { } cell)
        {
            w.Text("Lattice=\"");
            var m = cell.Matrix;
            for (int k = 0; k < 9; k++) { if (k > 0) w.Space(); w.Number(m[k]); }
            w.Text("\" ");
        }
        w.Text("Properties=species:S:1:pos:R:3:id:I:1");
        for (int c = 0; c < table.Count; c++) w.Char(':').Text(table.Names[c]).Text(table.IsIntegral(c) ? ":I:1" : ":R:1");
        if (f.Time is double t) w.Text(" Time=").Number(t);
        if (f.Step is long s) w.Text(" step=").Number(s);
        w.Text($" pbc=\"{f.Pbc}\"").Line();

        var top = f.Topology;
        var p = f.Positions;
        for (int i = 0; i < n; i++)
        {
            w.Text(top.Species[i] ?? "X");
            w.Space().Number(p[3 * i]).Space().Number(p[3 * i + 1]).Space().Number(p[3 * i + 2]);
            w.Space().Number(top.Ids[i]);
            for (int c = 0; c < table.Count; c++) { w.Space(); table.WriteValue(w, i, c); }
            w.Line();
        }
    }
}
