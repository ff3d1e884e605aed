using System.Globalization;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// Extended XYZ (ASE conventions) and plain XYZ. The comment line may carry Lattice="9 numbers",
/// Properties=name:type:count:..., pbc="T T F", Time=, step=. Columns used: species (or element
/// symbol in column 1), pos (3), id (optional). ASE's defaults apply: a Lattice without pbc means
/// periodic in all three directions, no Lattice means no cell and no periodicity.
/// </summary>
public sealed class ExtXyzFormat : TrajectoryFormat
{
    public override string Name => "extxyz";
    public override IReadOnlyList<string> Extensions { get; } = [".extxyz", ".xyz", ".extxyz.gz", ".xyz.gz"];

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        using var r = new LineReader(path);
        var assembler = new FrameAssembler(path, Elements.Normalize);
        for (int frame = 0; ; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            string? countLine;
            do { countLine = r.ReadLine(); } while (countLine is not null && string.IsNullOrWhiteSpace(countLine) );
            if (countLine is null) yield break;
            long startLine = r.LineNumber;
            if (!int.TryParse(countLine.AsSpan().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0)
                throw new MalformedFileException(path, $"expected the atom count of frame {frame}, found '{Shorten(countLine)}'.", startLine, frame);
            var decision = frameFilter(frame);
            if (decision == FrameDecision.Stop) yield break;
            var comment = r.ReadLine() ?? throw new MalformedFileException(path, "the file ends before the comment line.", r.LineNumber + 1, frame);
            if (decision == FrameDecision.Skip)
            {
                if (!r.Skip(n))
                    throw new MalformedFileException(path, $"truncated frame: {n} atom lines expected.", r.LineNumber + 1, frame);
                continue;
            }
            var raw = ParseFrame(r, path, frame, n, comment, startLine);
            yield return assembler.Assemble(raw, frame);
        }
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "…" : s;

    private static RawFrame ParseFrame(LineReader r, string path, int frame, int n, string comment, long startLine)
    {
        var info = ParseComment(comment, path, startLine + 1, frame);
        var layout = ColumnLayout.From(info.GetValueOrDefault("properties"), path, startLine + 1, frame);
        var raw = new RawFrame(n) { Line = startLine, Ids = layout.IdColumn >= 0 ? new int[n] : null, Species = new string?[n] };
        Span<Range> ranges = stackalloc Range[Math.Max(layout.ColumnCount, 4) + 1];
        for (int i = 0; i < n; i++)
        {
            var line = r.ReadLine();
            if (line is null)
                throw new MalformedFileException(path, $"truncated frame: expected {n} atom lines, found {i}.", r.LineNumber + 1, frame);
            var span = line.AsSpan();
            int k = TextFields.Split(span, ranges);
            if (k < layout.ColumnCount)
                throw new MalformedFileException(path, $"atom line has {k} fields, {layout.ColumnCount} expected from Properties.", r.LineNumber, frame);
            var name = span[ranges[layout.SpeciesColumn]].ToString();
            raw.Names[i] = name;
            raw.Species![i] = Elements.Normalize(name);
            for (int d = 0; d < 3; d++)
                raw.Positions[3 * i + d] = TextFields.ParseDouble(span[ranges[layout.PosColumn + d]], path, r.LineNumber, frame, "coordinate");
            if (layout.IdColumn >= 0)
                raw.Ids![i] = TextFields.ParseInt(span[ranges[layout.IdColumn]], path, r.LineNumber, frame, "atom id");
        }

        if (info.TryGetValue("lattice", out var lat))
        {
            var parts = lat.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 9)
                throw new MalformedFileException(path, $"Lattice needs 9 numbers, found {parts.Length}.", startLine + 1, frame);
            var m = new double[9];
            for (int k = 0; k < 9; k++) m[k] = TextFields.ParseDouble(parts[k], path, startLine + 1, frame, "Lattice");
            try { raw.Cell = new Cell(m); }
            catch (SoapLensException ex) { throw new MalformedFileException(path, ex.Message, startLine + 1, frame); }
            raw.Pbc = Pbc.All;
        }
        if (info.TryGetValue("pbc", out var pbc))
            raw.Pbc = ParsePbc(pbc, path, startLine + 1, frame);
        if (info.TryGetValue("time", out var time))
            raw.Time = TextFields.ParseDouble(time, path, startLine + 1, frame, "Time");
        if (info.TryGetValue("step", out var step))
            raw.Step = TextFields.ParseLong(step, path, startLine + 1, frame, "step");
        return raw;
    }

    private static Pbc ParsePbc(string s, string path, long line, int frame)
    {
        var p = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
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
            if (i >= n || comment[i] != '=') { if (key.Length > 0) d[key] = "T"; continue; }
            i++; // '='
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
    private readonly record struct ColumnLayout(int SpeciesColumn, int PosColumn, int IdColumn, int ColumnCount)
    {
        public static ColumnLayout From(string? properties, string path, long line, int frame)
        {
            if (properties is null) return new ColumnLayout(0, 1, -1, 4); // plain XYZ
            var p = properties.Split(':');
            if (p.Length % 3 != 0)
                throw new MalformedFileException(path, $"Properties '{properties}' is not a list of name:type:count triples.", line, frame);
            int col = 0, species = -1, pos = -1, id = -1;
            for (int k = 0; k < p.Length; k += 3)
            {
                var name = p[k].ToLowerInvariant();
                if (!int.TryParse(p[k + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 1)
                    throw new MalformedFileException(path, $"Properties entry '{p[k]}' has a bad column count '{p[k + 2]}'.", line, frame);
                switch (name)
                {
                    case "species" or "element" or "symbols": species = col; break;
                    case "pos" or "positions": if (count != 3) throw new MalformedFileException(path, "pos must have 3 columns.", line, frame); pos = col; break;
                    case "id" or "ids": id = col; break;
                }
                col += count;
            }
            if (species < 0) throw new MalformedFileException(path, "Properties has no species column.", line, frame);
            if (pos < 0) throw new MalformedFileException(path, "Properties has no pos column.", line, frame);
            return new ColumnLayout(species, pos, id, col);
        }
    }
}
