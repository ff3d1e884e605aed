using System.Globalization;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// GROMACS .gro (one or more frames): a title line (GROMACS puts "t= 10.0 step= 5000" there when
/// it knows them), the atom count, fixed-column atom lines (residue number, residue name, atom name,
/// atom number, x y z in nm, optional velocities) and a box line of 3 or 9 numbers in nm
/// (v1x v2y v3z v1y v1z v2x v2z v3x v3y). Positions and box become Å by a decimal shift (2.584 nm
/// reads as exactly the double nearest 25.84 Å). The coordinate field width follows the distance
/// between decimal points of the first atom line, as GROMACS reads high-precision files.
/// Ids: the atom-number column is written modulo 100000 and GROMACS ignores it on reading, so
/// SoapLens does too: the id of an atom is its 1-based position in the frame (the column's value
/// before wrapping). Species are guessed from atom names as MDAnalysis does (OW → O, HW1 → H;
/// virtual sites such as MW get none). An all-zero box means no cell; any other box is periodic.
/// </summary>
public sealed class GroFormat : TrajectoryFormat
{
    public override string Name => "gro";
    public override IReadOnlyList<string> Extensions { get; } = [".gro", ".gro.gz"];

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        using var r = new LineReader(path);
        var assembler = new FrameAssembler(path, Elements.FromAtomName);
        var names = new NameTable();
        for (int frame = 0; ; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            if (!TryReadTitle(r, path, frame, out var title, out int n, out long startLine)) yield break;
            var decision = frameFilter(frame);
            if (decision == FrameDecision.Stop) yield break;
            if (decision == FrameDecision.Skip)
            {
                if (!r.Skip(n + 1L))
                    throw new MalformedFileException(path, $"truncated frame: the file ends before its {n} atom lines and box line.", r.LineNumber + 1, frame);
                continue;
            }
            var raw = ParseFrame(r, path, frame, n, title, startLine, names);
            yield return assembler.Assemble(raw, frame);
        }
    }

    private static bool TryReadTitle(LineReader r, string path, int frame, out string title, out int n, out long startLine)
    {
        n = 0;
        title = "";
        startLine = r.LineNumber + 1;
        if (!r.TryReadLine(out var t)) return false;
        bool blankTitle = TextFields.IsBlank(t);
        title = System.Text.Encoding.UTF8.GetString(t);
        if (!r.TryReadLine(out var count))
        {
            if (blankTitle) return false;   // trailing empty line
            throw new MalformedFileException(path, "the file ends after the title line (no atom count).", r.LineNumber + 1, frame);
        }
        if (blankTitle && TextFields.IsBlank(count))
        {
            // Blank lines at the end of the file are not a frame.
            while (r.TryReadLine(out var more))
                if (!TextFields.IsBlank(more))
                    throw new MalformedFileException(path, $"expected a frame title and atom count, found '{TextFields.Show(more)}' after blank lines.", r.LineNumber, frame);
            return false;
        }
        if (!TextFields.TryParseInt(TextFields.Trim(count), out n) || n < 0)
            throw new MalformedFileException(path, $"expected the atom count of frame {frame}, found '{TextFields.Show(count)}'.", r.LineNumber, frame);
        return true;
    }

    private static RawFrame ParseFrame(LineReader r, string path, int frame, int n, string title, long startLine, NameTable names)
    {
        var raw = new RawFrame(n) { Line = startLine };
        var pos = raw.Positions;
        int width = 8;
        for (int i = 0; i < n; i++)
        {
            if (!r.TryReadLine(out var line))
                throw new MalformedFileException(path, $"truncated frame: expected {n} atom lines, found {i}.", r.LineNumber + 1, frame);
            if (i == 0) width = FieldWidth(line, path, r.LineNumber, frame);
            if (line.Length < 20 + 3 * width)
                throw new MalformedFileException(path, $"atom line is {line.Length} characters long; fixed columns need {20 + 3 * width} (name in 11-15, x y z from 21).", r.LineNumber, frame);
            var name = TextFields.Trim(line[10..15]);
            if (name.IsEmpty)
                throw new MalformedFileException(path, "atom line has no atom name in columns 11-15.", r.LineNumber, frame);
            raw.Names[i] = names.Get(name);
            for (int d = 0; d < 3; d++)
            {
                var field = TextFields.Trim(line.Slice(20 + d * width, width));
                pos[3 * i + d] = TextFields.ParseDouble(field, 1, path, r.LineNumber, frame, d == 0 ? "x" : d == 1 ? "y" : "z");
            }
        }
        if (!r.TryReadLine(out var box))
            throw new MalformedFileException(path, "truncated frame: the box line is missing.", r.LineNumber + 1, frame);
        ParseBox(box, raw, path, r.LineNumber, frame);
        ParseTitle(title, raw);
        return raw;
    }

    /// <summary>Width of a coordinate field: the distance between the first two decimal points after column 20.</summary>
    private static int FieldWidth(ReadOnlySpan<byte> line, string path, long lineNumber, int frame)
    {
        if (line.Length <= 20) return 8;
        var rest = line[20..];
        int p1 = rest.IndexOf((byte)'.');
        int p2 = p1 < 0 ? -1 : rest[(p1 + 1)..].IndexOf((byte)'.');
        if (p1 < 0 || p2 < 0)
            throw new MalformedFileException(path, "cannot find the decimal points of the x and y fields (columns 21 on).", lineNumber, frame);
        int w = p2 + 1;
        if (w < 4 || w > 20)
            throw new MalformedFileException(path, $"implausible coordinate field width {w}.", lineNumber, frame);
        return w;
    }

    private static void ParseBox(ReadOnlySpan<byte> line, RawFrame raw, string path, long lineNumber, int frame)
    {
        Span<Range> ranges = stackalloc Range[10];
        int k = TextFields.Split(line, ranges);
        if (k != 3 && k != 9)
            throw new MalformedFileException(path, $"the box line needs 3 or 9 numbers (nm), found {k} fields: '{TextFields.Show(line)}'.", lineNumber, frame);
        Span<double> v = stackalloc double[9];
        for (int i = 0; i < k; i++) v[i] = TextFields.ParseDouble(line[ranges[i]], 1, path, lineNumber, frame, "box");
        // GROMACS order: v1(x) v2(y) v3(z) v1(y) v1(z) v2(x) v2(z) v3(x) v3(y).
        double[] m = [v[0], v[3], v[4], v[5], v[1], v[6], v[7], v[8], v[2]];
        bool zero = true;
        foreach (var x in m) zero &= x == 0;
        if (zero) return;   // GROMACS writes a zero box for systems without one
        try { raw.Cell = new Cell(m); }
        catch (SoapLensException ex) { throw new MalformedFileException(path, ex.Message, lineNumber, frame); }
        raw.Pbc = Pbc.All;
    }

    /// <summary>Picks "t= 12.5" and "step= 100" out of a GROMACS title.</summary>
    private static void ParseTitle(string title, RawFrame raw)
    {
        if (Value(title, "t=") is string t && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var time)) raw.Time = time;
        if (Value(title, "step=") is string s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var step)) raw.Step = step;
    }

    private static string? Value(string title, string key)
    {
        for (int at = title.IndexOf(key, StringComparison.Ordinal); at >= 0; at = title.IndexOf(key, at + 1, StringComparison.Ordinal))
        {
            if (at > 0 && !char.IsWhiteSpace(title[at - 1])) continue;
            int i = at + key.Length;
            while (i < title.Length && title[i] == ' ') i++;
            int s = i;
            while (i < title.Length && !char.IsWhiteSpace(title[i])) i++;
            return i > s ? title[s..i] : null;
        }
        return null;
    }
}
