using System.Text;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// LAMMPS text dumps (dump atom/custom, optionally gzip-compressed). Per frame: ITEM: UNITS and
/// ITEM: TIME when present, ITEM: TIMESTEP, ITEM: NUMBER OF ATOMS, ITEM: BOX BOUNDS (orthogonal,
/// restricted triclinic "xy xz yz", or general triclinic "abc origin", with the pp/ff/fs/... flags
/// giving per-axis periodicity) and ITEM: ATOMS with its column names. Coordinates come from the
/// first complete triple among x y z, xs ys zs (scaled), xu yu zu (unwrapped) and xsu ysu zsu, in
/// that order (MDAnalysis's "auto" choice); other columns are ignored. Positions are kept in the
/// LAMMPS frame (the box origin is not subtracted); scaled coordinates become origin + s·H so that
/// both kinds of dump of one configuration give the same positions. Species: the TypeMap entry of
/// the atom's type, else the element column, else the type itself when it is an element symbol
/// (type labels); numeric types without a map get no species.
/// </summary>
public sealed class LammpsDumpFormat : TrajectoryFormat
{
    public override string Name => "lammpsdump";
    public override IReadOnlyList<string> Extensions { get; } =
        [".lammpstrj", ".dump", ".lammpsdump", ".lammpstrj.gz", ".dump.gz", ".lammpsdump.gz"];

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        var typeMap = ValidateTypeMap(options.TypeMap);
        using var r = new LineReader(path);
        var assembler = new FrameAssembler(path);
        var names = new NameTable();
        AtomColumns? columns = null;
        for (int frame = 0; ; frame++)
        {
            cancel.ThrowIfCancellationRequested();
            var h = ReadHeader(r, path, frame, ref columns);
            if (h is null) yield break;
            var decision = frameFilter(frame);
            if (decision == FrameDecision.Stop) yield break;
            if (decision == FrameDecision.Skip)
            {
                if (!r.Skip(h.AtomCount))
                    throw new MalformedFileException(path, $"truncated frame: the file ends before its {h.AtomCount} atom lines.", r.LineNumber + 1, frame);
                continue;
            }
            var raw = ParseAtoms(r, path, frame, h, names, typeMap, needSpecies: assembler.Topology is null);
            yield return assembler.Assemble(raw, frame);
        }
    }

    /// <summary>Checks a type → element map: every value must be an element symbol.</summary>
    internal static Dictionary<string, string>? ValidateTypeMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null || map.Count == 0) return null;
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (type, element) in map)
        {
            var s = Elements.Normalize(element?.Trim())
                ?? throw new SoapLensException("InvalidTypeMap", ErrorKind.InvalidArgument,
                    $"TypeMap maps type {type} to '{element}', which is not an element symbol.", map);
            d[type.Trim()] = s;
        }
        return d;
    }

    private sealed class Header
    {
        public long StartLine;
        public long? Step;
        public double? Time;
        public int AtomCount = -1;
        public Cell? Cell;
        public Pbc Pbc;
        public double Ox, Oy, Oz;
        public AtomColumns? Columns;
        public double LengthScale = 1;
    }

    private static Header? ReadHeader(LineReader r, string path, int frame, ref AtomColumns? columns)
    {
        ReadOnlySpan<byte> line;
        do
        {
            if (!r.TryReadLine(out line)) return null;
        } while (TextFields.IsBlank(line));
        var h = new Header { StartLine = r.LineNumber };
        bool haveStep = false, haveBox = false;
        double timeScale = 1;
        while (true)
        {
            line = TextFields.Trim(line);
            if (!line.StartsWith("ITEM:"u8))
                throw new MalformedFileException(path,
                    $"expected an 'ITEM:' line{(h.AtomCount < 0 ? "" : " (the atom lines of the frame start only after 'ITEM: ATOMS')")}, found '{TextFields.Show(line)}'.",
                    r.LineNumber, frame);
            var item = Encoding.ASCII.GetString(TextFields.Trim(line[5..]));
            long itemLine = r.LineNumber;
            if (item.StartsWith("ATOMS", StringComparison.Ordinal))
            {
                if (columns is null || columns.Text != item) columns = AtomColumns.Parse(item, path, itemLine, frame);
                h.Columns = columns;
                break;
            }
            if (item.StartsWith("BOX BOUNDS", StringComparison.Ordinal))
            {
                ReadBox(r, path, frame, item, h);
                haveBox = true;
            }
            else
            {
                if (!r.TryReadLine(out var value))
                    throw new MalformedFileException(path, $"the file ends after 'ITEM: {item}'.", itemLine + 1, frame);
                value = TextFields.Trim(value);
                switch (item)
                {
                    case "TIMESTEP":
                        h.Step = TextFields.ParseLong(value, path, r.LineNumber, frame, "timestep");
                        haveStep = true;
                        break;
                    case "TIME":
                        h.Time = TextFields.ParseDouble(value, path, r.LineNumber, frame, "time");
                        break;
                    case "NUMBER OF ATOMS":
                        if (!TextFields.TryParseInt(value, out h.AtomCount) || h.AtomCount < 0)
                            throw new MalformedFileException(path, $"number of atoms: '{TextFields.Show(value)}' is not a count.", r.LineNumber, frame);
                        break;
                    case "UNITS":
                        (h.LengthScale, timeScale) = Units(Encoding.ASCII.GetString(value), path, r.LineNumber, frame);
                        break;
                    default:
                        throw new MalformedFileException(path, $"unknown item 'ITEM: {item}'.", itemLine, frame);
                }
            }
            if (!r.TryReadLine(out line))
                throw new MalformedFileException(path, "the file ends inside the frame header (no 'ITEM: ATOMS' line).", r.LineNumber + 1, frame);
        }
        string? missing = !haveStep ? "ITEM: TIMESTEP" : h.AtomCount < 0 ? "ITEM: NUMBER OF ATOMS" : !haveBox ? "ITEM: BOX BOUNDS" : null;
        if (missing is not null)
            throw new MalformedFileException(path, $"the frame header has no '{missing}' line.", h.StartLine, frame);
        if (h.Time is double t) h.Time = t * timeScale;
        if (h.LengthScale != 1 && h.Cell is not null)
        {
            var m = h.Cell.Matrix.ToArray();
            for (int k = 0; k < 9; k++) m[k] *= h.LengthScale;
            h.Cell = new Cell(m);
            h.Ox *= h.LengthScale; h.Oy *= h.LengthScale; h.Oz *= h.LengthScale;
        }
        return h;
    }

    /// <summary>Length scale to Å and time scale to ps of a LAMMPS unit style.</summary>
    private static (double Length, double Time) Units(string style, string path, long line, int frame) => style.Trim() switch
    {
        "metal" => (1, 1),
        "real" => (1, 1e-3),
        "electron" => (0.529177210903, 1e-3),
        "nano" => (10, 1e3),
        "micro" => (1e4, 1e6),
        "cgs" => (1e8, 1e12),
        "si" => (1e10, 1e12),
        "lj" => (1, 1),
        _ => throw new MalformedFileException(path, $"unknown LAMMPS unit style '{style}'.", line, frame),
    };

    private static void ReadBox(LineReader r, string path, int frame, string item, Header h)
    {
        // "BOX BOUNDS [xy xz yz | abc origin] [f1 f2 f3]"
        var words = item[10..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int kind = 0, w = 0;   // 0 orthogonal, 1 restricted triclinic, 2 general triclinic
        if (words.Length >= 3 && words[0] == "xy" && words[1] == "xz" && words[2] == "yz") { kind = 1; w = 3; }
        else if (words.Length >= 2 && words[0] == "abc" && words[1] == "origin") { kind = 2; w = 2; }
        var flags = words[w..];
        if (flags.Length != 0 && flags.Length != 3)
            throw new MalformedFileException(path, $"BOX BOUNDS needs three boundary flags such as 'pp pp ff', found '{string.Join(' ', flags)}'.", r.LineNumber, frame);
        bool P(int axis)
        {
            if (flags.Length == 0) return true;   // very old dumps have no flags: LAMMPS's default is periodic
            var f = flags[axis];
            if (f.Length != 2 || f.Any(c => c is not ('p' or 'f' or 's' or 'm')))
                throw new MalformedFileException(path, $"boundary flag '{f}' is not two of p, f, s, m.", r.LineNumber, frame);
            return f == "pp";
        }
        h.Pbc = new Pbc(P(0), P(1), P(2));

        int need = kind == 0 ? 2 : kind == 1 ? 3 : 4;
        Span<double> v = stackalloc double[12];
        Span<Range> ranges = stackalloc Range[5];
        for (int row = 0; row < 3; row++)
        {
            if (!r.TryReadLine(out var line))
                throw new MalformedFileException(path, "the file ends inside BOX BOUNDS.", r.LineNumber + 1, frame);
            int k = TextFields.Split(line, ranges);
            if (k != need)
                throw new MalformedFileException(path, $"box bounds line has {k} numbers, {need} expected{(kind == 1 ? " (lo hi tilt)" : kind == 2 ? " (vector and origin)" : " (lo hi)")}.", r.LineNumber, frame);
            for (int c = 0; c < need; c++)
                v[4 * row + c] = TextFields.ParseDouble(line[ranges[c]], path, r.LineNumber, frame, "box bound");
            if (kind != 2 && v[4 * row + 1] < v[4 * row])
                throw new MalformedFileException(path, $"the upper box bound {v[4 * row + 1]} is below the lower bound {v[4 * row]}.", r.LineNumber, frame);
        }
        double[] m;
        if (kind == 2)
        {
            m = [v[0], v[1], v[2], v[4], v[5], v[6], v[8], v[9], v[10]];
            h.Ox = v[3]; h.Oy = v[7]; h.Oz = v[11];
        }
        else
        {
            double xlo = v[0], xhi = v[1], ylo = v[4], yhi = v[5], zlo = v[8], zhi = v[9];
            double xy = 0, xz = 0, yz = 0;
            if (kind == 1)
            {
                // Dumps give the bounding box of the tilted cell; undo that (LAMMPS Howto triclinic).
                xy = v[2]; xz = v[6]; yz = v[10];
                xlo -= Math.Min(Math.Min(0.0, xy), Math.Min(xz, xy + xz));
                xhi -= Math.Max(Math.Max(0.0, xy), Math.Max(xz, xy + xz));
                ylo -= Math.Min(0.0, yz);
                yhi -= Math.Max(0.0, yz);
            }
            if (xhi < xlo || yhi < ylo || zhi < zlo)
                throw new MalformedFileException(path, "a box upper bound is below its lower bound.", r.LineNumber, frame);
            m = [xhi - xlo, 0, 0, xy, yhi - ylo, 0, xz, yz, zhi - zlo];
            h.Ox = xlo; h.Oy = ylo; h.Oz = zlo;
        }
        try { h.Cell = new Cell(m); }
        catch (SoapLensException ex) { throw new MalformedFileException(path, ex.Message, r.LineNumber, frame); }
    }

    private static RawFrame ParseAtoms(LineReader r, string path, int frame, Header h, NameTable names,
        Dictionary<string, string>? typeMap, bool needSpecies)
    {
        int n = h.AtomCount;
        var c = h.Columns!;
        var raw = new RawFrame(n)
        {
            Line = h.StartLine, Ids = c.Id >= 0 ? new int[n] : null, Cell = h.Cell, Pbc = h.Pbc, Time = h.Time, Step = h.Step,
        };
        var species = needSpecies ? new string?[n] : null;
        var pos = raw.Positions;
        var cell = h.Cell!.Matrix;
        double scale = h.LengthScale;
        Span<Range> ranges = stackalloc Range[c.FieldCount];
        for (int i = 0; i < n; i++)
        {
            if (!r.TryReadLine(out var line))
                throw new MalformedFileException(path, $"truncated frame: expected {n} atom lines, found {i}.", r.LineNumber + 1, frame);
            int k = TextFields.Split(line, ranges);
            if (k < c.FieldCount)
                throw new MalformedFileException(path, $"atom line has {k} fields, the ATOMS line names {c.FieldCount}.", r.LineNumber, frame);
            long ln = r.LineNumber;
            if (c.Id >= 0) raw.Ids![i] = TextFields.ParseInt(line[ranges[c.Id]], path, ln, frame, "atom id");
            string? type = c.Type >= 0 ? names.Get(line[ranges[c.Type]]) : null;
            string? element = c.Element >= 0 ? names.Get(line[ranges[c.Element]]) : null;
            raw.Names[i] = element ?? type ?? "X";
            double a = TextFields.ParseDouble(line[ranges[c.X]], path, ln, frame, c.Names[0]);
            double b = TextFields.ParseDouble(line[ranges[c.Y]], path, ln, frame, c.Names[1]);
            double d = TextFields.ParseDouble(line[ranges[c.Z]], path, ln, frame, c.Names[2]);
            if (c.Scaled)
            {
                pos[3 * i] = h.Ox + a * cell[0] + b * cell[3] + d * cell[6];
                pos[3 * i + 1] = h.Oy + a * cell[1] + b * cell[4] + d * cell[7];
                pos[3 * i + 2] = h.Oz + a * cell[2] + b * cell[5] + d * cell[8];
            }
            else if (scale != 1)
            {
                pos[3 * i] = a * scale; pos[3 * i + 1] = b * scale; pos[3 * i + 2] = d * scale;
            }
            else
            {
                pos[3 * i] = a; pos[3 * i + 1] = b; pos[3 * i + 2] = d;
            }
            if (species is not null)
            {
                species[i] = type is not null && typeMap is not null && typeMap.TryGetValue(type, out var mapped) ? mapped
                    : element is not null ? Elements.Normalize(element)
                    : Elements.Normalize(type);
            }
        }
        raw.Species = species;
        return raw;
    }

    /// <summary>Which fields of an atom line hold what, from the ITEM: ATOMS line.</summary>
    private sealed class AtomColumns
    {
        private static readonly string[][] s_coordinateSets =
        [
            ["x", "y", "z"], ["xs", "ys", "zs"], ["xu", "yu", "zu"], ["xsu", "ysu", "zsu"],
        ];

        public required string Text { get; init; }
        public int Id { get; init; } = -1;
        public int Type { get; init; } = -1;
        public int Element { get; init; } = -1;
        public int X { get; init; }
        public int Y { get; init; }
        public int Z { get; init; }
        public bool Scaled { get; init; }
        public required string[] Names { get; init; }
        public int FieldCount { get; init; }

        public static AtomColumns Parse(string item, string path, long line, int frame)
        {
            var cols = item[5..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < cols.Length; i++)
                if (!index.TryAdd(cols[i], i))
                    throw new MalformedFileException(path, $"the ATOMS line names the column '{cols[i]}' twice.", line, frame);
            foreach (var set in s_coordinateSets)
            {
                if (!set.All(index.ContainsKey)) continue;
                int id = index.GetValueOrDefault("id", -1), type = index.GetValueOrDefault("type", -1), el = index.GetValueOrDefault("element", -1);
                int x = index[set[0]], y = index[set[1]], z = index[set[2]];
                return new AtomColumns
                {
                    Text = item, Id = id, Type = type, Element = el, X = x, Y = y, Z = z, Names = set,
                    Scaled = set[0].Contains('s'),
                    FieldCount = 1 + Math.Max(Math.Max(Math.Max(id, type), Math.Max(el, x)), Math.Max(y, z)),
                };
            }
            var partial = cols.Where(c => s_coordinateSets.Any(s => s.Contains(c))).ToArray();
            throw new MalformedFileException(path,
                $"the ATOMS line has no complete coordinate columns (x y z, xs ys zs, xu yu zu or xsu ysu zsu); it names: {(cols.Length == 0 ? "nothing" : string.Join(' ', cols))}" +
                $"{(partial.Length > 0 ? $" (incomplete: {string.Join(' ', partial)})" : "")}.", line, frame);
        }
    }
}
