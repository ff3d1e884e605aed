using System.Globalization;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// Extended XYZ (ASE conventions) and plain XYZ. The comment line may carry Lattice="9 numbers",
/// Properties=name:type:count:..., pbc="T T F", Time=, step=. Columns used: species (or Z, or the
/// element symbol in column 1 of plain XYZ), pos (3), id (optional); other columns are skipped.
/// ASE's defaults apply: a Lattice without pbc means periodic in all three directions, no Lattice
/// means no cell and no periodicity.
/// </summary>
public sealed class ExtXyzFormat : TrajectoryFormat
{
    public override string Name => "extxyz";
    public override IReadOnlyList<string> Extensions { get; } = [".extxyz", ".xyz", ".extxyz.gz", ".xyz.gz"];

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        using var r = new LineReader(path);
        var assembler = new FrameAssembler(path, Elements.Normalize);
        var names = new NameTable();
        for (int frame = 0; ; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            if (!TryReadAtomCount(r, path, frame, out int n, out long startLine)) yield break;
            var decision = frameFilter(frame);
            if (decision == FrameDecision.Stop) yield break;
            if (decision == FrameDecision.Skip)
            {
                if (!r.Skip(n + 1L))
                    throw new MalformedFileException(path, $"truncated frame: the file ends before the comment line and {n} atom lines.", r.LineNumber + 1, frame);
                continue;
            }
            var raw = ParseFrame(r, path, frame, n, startLine, names);
            yield return assembler.Assemble(raw, frame);
        }
    }

    private static bool TryReadAtomCount(LineReader r, string path, int frame, out int n, out long line)
    {
        ReadOnlySpan<byte> s;
        do
        {
            if (!r.TryReadLine(out s)) { n = 0; line = r.LineNumber; return false; }
        } while (TextFields.IsBlank(s));
        line = r.LineNumber;
        if (!TextFields.TryParseInt(TextFields.Trim(s), out n) || n < 0)
            throw new MalformedFileException(path, $"expected the atom count of frame {frame}, found '{TextFields.Show(s)}'.", line, frame);
        return true;
    }

    private static RawFrame ParseFrame(LineReader r, string path, int frame, int n, long startLine, NameTable names)
    {
        var comment = r.ReadLine() ?? throw new MalformedFileException(path, "the file ends before the comment line.", startLine + 1, frame);
        long commentLine = startLine + 1;
        var info = ParseComment(comment, path, commentLine, frame);
        var layout = ColumnLayout.From(info.GetValueOrDefault("properties"), path, commentLine, frame);
        var raw = new RawFrame(n) { Line = startLine, Ids = layout.IdColumn >= 0 ? new int[n] : null };
        Span<Range> ranges = stackalloc Range[layout.ColumnCount];
        var pos = raw.Positions;
        for (int i = 0; i < n; i++)
        {
            if (!r.TryReadLine(out var line))
                throw new MalformedFileException(path, $"truncated frame: expected {n} atom lines, found {i}.", r.LineNumber + 1, frame);
            int k = TextFields.Split(line, ranges);
            if (k < layout.ColumnCount)
                throw new MalformedFileException(path, $"atom line has {k} fields, {layout.ColumnCount} expected{(layout.FromProperties ? " from Properties" : "")}.", r.LineNumber, frame);
            var name = line[ranges[layout.SpeciesColumn]];
            raw.Names[i] = layout.SpeciesIsZ ? SymbolOfZ(name, path, r.LineNumber, frame) : names.Get(name);
            int pc = layout.PosColumn;
            pos[3 * i] = TextFields.ParseDouble(line[ranges[pc]], path, r.LineNumber, frame, "x");
            pos[3 * i + 1] = TextFields.ParseDouble(line[ranges[pc + 1]], path, r.LineNumber, frame, "y");
            pos[3 * i + 2] = TextFields.ParseDouble(line[ranges[pc + 2]], path, r.LineNumber, frame, "z");
            if (layout.IdColumn >= 0)
                raw.Ids![i] = TextFields.ParseInt(line[ranges[layout.IdColumn]], path, r.LineNumber, frame, "atom id");
        }

        if (info.TryGetValue("lattice", out var lat))
        {
            var parts = SplitList(lat);
            if (parts.Length != 9)
                throw new MalformedFileException(path, $"Lattice needs 9 numbers, found {parts.Length}.", commentLine, frame);
            var m = new double[9];
            for (int k = 0; k < 9; k++) m[k] = TextFields.ParseDouble(parts[k], path, commentLine, frame, "Lattice");
            try { raw.Cell = new Cell(m); }
            catch (SoapLensException ex) { throw new MalformedFileException(path, ex.Message, commentLine, frame); }
            raw.Pbc = Pbc.All;
        }
        if (info.TryGetValue("pbc", out var pbc))
            raw.Pbc = ParsePbc(pbc, path, commentLine, frame);
        if (info.TryGetValue("time", out var time))
            raw.Time = TextFields.ParseDouble(time, path, commentLine, frame, "Time");
        if (info.TryGetValue("step", out var step))
            raw.Step = TextFields.ParseLong(step, path, commentLine, frame, "step");
        return raw;
    }

    private static string SymbolOfZ(ReadOnlySpan<byte> z, string path, long line, int frame)
    {
        int v = TextFields.ParseInt(z, path, line, frame, "atomic number Z");
        return v > 0 && v <= 118 ? Elements.Symbol(v) : "X";
    }

    /// <summary>Values of a list written as "1 2 3", "1,2,3" or "[[1, 2], [3]]".</summary>
    private static string[] SplitList(string s) =>
        s.Split([' ', '\t', ',', '[', ']'], StringSplitOptions.RemoveEmptyEntries);

    private static Pbc ParsePbc(string s, string path, long line, int frame)
    {
        var p = SplitList(s);
        bool B(string t) => t.ToUpperInvariant() switch
        {
            "T" or "TRUE" or "1" => true,
            "F" or "FALSE" or "0" => false,
            _ => throw new MalformedFileException(path, $"pbc value '{t}' is not T or F.", line, frame),
        };
        if (p.Length == 1) { var v = B(p[0]); return new Pbc(v, v, v); }
        if (p.Length != 3) throw new MalformedFileException(path, $"pbc needs 1 or 3 flags, found {p.Length}.", line, frame);
        return new Pbc(B(p[0]), B(p[1]), B(p[2]));
    }

    /// <summary>key=value pairs of the comment line; keys lower-cased; values may be "quoted" or {braced}.</summary>
    internal static Dictionary<string, string> ParseComment(string comment, string path, long line, int frame)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0, n = comment.Length;
        while (i < n)
        {
            while (i < n && char.IsWhiteSpace(comment[i])) i++;
            if (i >= n) break;
            int ks = i;
            while (i < n && comment[i] != '=' && !char.IsWhiteSpace(comment[i])) i++;
            var key = comment[ks..i].ToLowerInvariant();
            int eq = i;
            while (eq < n && comment[eq] == ' ') eq++;
            if (eq >= n || comment[eq] != '=') { if (key.Length > 0) d[key] = "T"; continue; }
            i = eq + 1;
            while (i < n && comment[i] == ' ') i++;
            string value;
            if (i < n && (comment[i] == '"' || comment[i] == '\'' || comment[i] == '{'))
            {
                char close = comment[i] == '{' ? '}' : comment[i];
                int vs = ++i;
                while (i < n && comment[i] != close) i++;
                if (i >= n) throw new MalformedFileException(path, $"unterminated quoted value for '{key}'.", line, frame);
                value = comment[vs..i];
                i++;
            }
            else if (i < n && comment[i] == '[')
            {
                // Newer extxyz writes arrays in brackets, possibly nested: Lattice=[[1, 0, 0], ...].
                int vs = i, depth = 0;
                for (; i < n; i++)
                {
                    if (comment[i] == '[') depth++;
                    else if (comment[i] == ']' && --depth == 0) break;
                }
                if (i >= n) throw new MalformedFileException(path, $"unterminated bracketed value for '{key}'.", line, frame);
                value = comment[vs..++i];
            }
            else
            {
                int vs = i;
                while (i < n && !char.IsWhiteSpace(comment[i])) i++;
                value = comment[vs..i];
            }
            d[key] = value;
        }
        return d;
    }

    /// <summary>Where species, positions and ids sit in an atom line.</summary>
    private readonly record struct ColumnLayout(int SpeciesColumn, bool SpeciesIsZ, int PosColumn, int IdColumn, int ColumnCount, bool FromProperties)
    {
        public static ColumnLayout From(string? properties, string path, long line, int frame)
        {
            if (properties is null) return new ColumnLayout(0, false, 1, -1, 4, false); // plain XYZ
            var p = properties.Split(':');
            if (p.Length % 3 != 0)
                throw new MalformedFileException(path, $"Properties '{properties}' is not a list of name:type:count triples.", line, frame);
            int col = 0, species = -1, z = -1, pos = -1, id = -1;
            for (int k = 0; k < p.Length; k += 3)
            {
                var name = p[k].ToLowerInvariant();
                if (!int.TryParse(p[k + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 1)
                    throw new MalformedFileException(path, $"Properties entry '{p[k]}' has a bad column count '{p[k + 2]}'.", line, frame);
                switch (name)
                {
                    case "species" or "element" or "symbols": species = col; break;
                    case "z" or "numbers": z = col; break;
                    case "pos" or "positions":
                        if (count != 3) throw new MalformedFileException(path, "pos must have 3 columns.", line, frame);
                        pos = col;
                        break;
                    case "id" or "ids":
                        if (!p[k + 1].Equals("I", StringComparison.OrdinalIgnoreCase))
                            throw new MalformedFileException(path, $"the id property must be integer (I), not {p[k + 1]}.", line, frame);
                        id = col;
                        break;
                }
                col += count;
            }
            if (col > 4096) throw new MalformedFileException(path, $"Properties declares {col} columns; at most 4096 are supported.", line, frame);
            if (species < 0 && z < 0) throw new MalformedFileException(path, "Properties has no species (or Z) column.", line, frame);
            if (pos < 0) throw new MalformedFileException(path, "Properties has no pos column.", line, frame);
            return new ColumnLayout(species >= 0 ? species : z, species < 0, pos, id, col, true);
        }
    }
}
