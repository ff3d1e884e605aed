using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// H5MD trajectories as LAMMPS (dump h5md), MDAnalysis (H5MDWriter) and other H5MD 1.x writers make
/// them: <c>/particles/&lt;group&gt;/position</c> (value frames × atoms × 3, step, time), the box
/// (<c>box/edges</c>, time-dependent or fixed, with <c>boundary</c>), and optional <c>species</c>, <c>id</c>.
/// Lengths are converted to Å and times to ps from the <c>unit</c> attributes (no unit: Å and ps).
/// Integer species are LAMMPS types or atomic numbers depending on the writer, so they become
/// elements only through -TypeMap; -Topology supplies names and species for files that carry none.
/// </summary>
public sealed class H5mdTrajectoryFormat : TrajectoryFormat
{
    public override string Name => "h5md";
    public override IReadOnlyList<string> Extensions { get; } = [".h5md"];

    public override int? CountFramesCheaply(string path, TrajectoryReadOptions options)
    {
        using var f = Hdf5Files.Open(path);
        return CountFrames(f, options);
    }

    internal static int CountFrames(IHdf5File f, TrajectoryReadOptions options)
    {
        using var g = OpenParticles(f, options.Name);
        using var v = g.OpenDataset("position/value");
        return checked((int)v.Shape[0]);
    }

    public override IEnumerable<Frame> Read(string path, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        using var f = Hdf5Files.Open(path);
        foreach (var fr in ReadFrames(f, options, frameFilter, cancel)) yield return fr;
    }

    /// <summary>Particle groups that hold a position element.</summary>
    public static IReadOnlyList<string> List(IHdf5File f)
    {
        if (f.KindOf("particles") != Hdf5ObjectKind.Group) return [];
        using var p = f.OpenGroup("particles");
        return p.Children().Where(c => c.Kind == Hdf5ObjectKind.Group && p.KindOf($"{c.Name}/position/value") == Hdf5ObjectKind.Dataset)
            .Select(c => c.Name).ToArray();
    }

    private static IHdf5Group OpenParticles(IHdf5File f, string? name) =>
        f.OpenGroup($"particles/{SoapifyTrajectoryFormat.PickGroup(f, List(f), name, "particle group", "not an H5MD trajectory (the file has no /particles/<group>/position)")}");

    internal static IEnumerable<Frame> ReadFrames(IHdf5File f, TrajectoryReadOptions options, Func<int, FrameDecision> frameFilter, CancellationToken cancel)
    {
        var path = f.FilePath;
        using var g = OpenParticles(f, options.Name);
        using var value = g.OpenDataset("position/value");
        var shape = value.Shape;
        if (shape.Length != 3 || shape[2] != 3 || value.Type.Class is not (Hdf5TypeClass.Float or Hdf5TypeClass.Integer))
            throw new MalformedFileException(path, $"{value.Path} must be numbers of shape (frames, atoms, 3), not {value.Type.Name} {Hdf5Inventory.Tuple(shape)}.");
        int frames = checked((int)shape[0]), atoms = checked((int)shape[1]);
        double lengthScale = LengthScale(value);
        var steps = ReadSteps(g, "position", frames);
        var times = ReadTimes(g, "position", frames);
        var box = H5mdBox.Read(g, frames, steps);

        var (names, species, ids, topology) = ReadTopology(g, atoms, options, path);
        var assembler = topology is not null ? new FrameAssembler(path, null, topology) : new FrameAssembler(path, _ => null);

        var blocks = new FrameBlocks(value, frames, atoms);
        for (int i = 0; i < frames; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var decision = frameFilter(i);
            if (decision == FrameDecision.Stop) yield break;
            if (decision == FrameDecision.Skip) continue;
            var pos = blocks.Positions(i);
            if (lengthScale != 1) for (int k = 0; k < pos.Length; k++) pos[k] *= lengthScale;
            var raw = new RawFrame(atoms)
            {
                Names = names,
                Species = species,
                Ids = ids,
                Positions = pos,
                Step = steps?[i],
                Time = times?[i],
            };
            (raw.Cell, raw.Pbc) = box.At(i, steps?[i], path);
            yield return assembler.Assemble(raw, i);
        }
    }

    private static (string[] Names, string?[]? Species, int[]? Ids, Topology? Topology) ReadTopology(IHdf5Group g, int atoms, TrajectoryReadOptions options, string path)
    {
        if (options.TopologyPath is not null)
        {
            var top = Trajectory.Open(options.TopologyPath).Topology;
            if (top.AtomCount != atoms)
                throw new MalformedFileException(path, $"the topology '{options.TopologyPath}' has {top.AtomCount} atoms, the trajectory {atoms}.");
            return (top.Names, null, top.Ids, top);
        }
        int[]? ids = null;
        if (ReadPerAtom(g, "id", atoms) is { } idv)
            ids = idv switch
            {
                long[] l => l.Select(x => checked((int)x)).ToArray(),
                _ => throw new MalformedFileException(path, $"{g.Path}/id must hold integers."),
            };
        var names = new string[atoms];
        var species = new string?[atoms];
        var raw = ReadPerAtom(g, "species", atoms) ?? ReadPerAtom(g, "type", atoms) ?? ReadPerAtom(g, "types", atoms);
        var map = options.TypeMap;
        for (int i = 0; i < atoms; i++)
        {
            string name = raw switch
            {
                long[] l => l[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                string[] s => s[i],
                _ => "X",
            };
            names[i] = name;
            species[i] = map is not null && map.TryGetValue(name, out var el) ? Elements.Normalize(el) ?? el
                : raw is string[] ? Elements.FromAtomName(name) : null;
        }
        return (names, species, ids, null);
    }

    /// <summary>A per-atom element: a dataset (atoms) or the first frame of a time-dependent group (value frames × atoms).</summary>
    private static object? ReadPerAtom(IHdf5Group g, string name, int atoms)
    {
        var kind = g.KindOf(name);
        if (kind is null) return null;
        using var ds = g.OpenDataset(kind == Hdf5ObjectKind.Group ? $"{name}/value" : name);
        var s = ds.Shape;
        bool timeDependent = kind == Hdf5ObjectKind.Group;
        if ((timeDependent ? s.Length != 2 || s[1] != atoms || s[0] < 1 : s.Length != 1 || s[0] != atoms))
            throw new MalformedFileException(g.FilePath, $"{ds.Path} has shape {Hdf5Inventory.Tuple(s)}; expected {(timeDependent ? "(frames, " : "(")}{atoms}).");
        if (ds.Type.Class == Hdf5TypeClass.String)
        {
            if (timeDependent) throw new MalformedFileException(g.FilePath, $"{ds.Path}: time-dependent string species are not supported.");
            return ds.ReadStrings(0, atoms);
        }
        if (ds.Type.Class != Hdf5TypeClass.Integer)
            throw new MalformedFileException(g.FilePath, $"{ds.Path} holds {ds.Type.Name} values; expected integers or strings.");
        var v = new long[atoms];
        if (timeDependent) ds.Read<long>([0, 0], [1, atoms], v);
        else ds.Read<long>([0], [atoms], v);
        return v;
    }

    internal static double LengthScale(IHdf5Dataset ds)
    {
        if (!ds.HasAttribute("unit") || ds.ReadAttribute("unit").Value is not string unit) return 1;
        return unit.Trim() switch
        {
            "" or "A" or "Å" or "Angstrom" or "angstrom" or "Ang" or "ang" or "AA" => 1,
            "nm" or "nanometer" or "nanometre" => 10,
            "pm" => 0.01,
            "m" => 1e10,
            "um" or "µm" => 1e4,
            "cm" => 1e8,
            "bohr" or "Bohr" => 0.529177210903,
            _ => throw new MalformedFileException(ds.FilePath, $"{ds.Path}: unknown length unit '{unit}'."),
        };
    }

    private static double TimeScale(IHdf5Dataset ds)
    {
        if (!ds.HasAttribute("unit") || ds.ReadAttribute("unit").Value is not string unit) return 1;
        return unit.Trim() switch
        {
            "" or "ps" => 1,
            "fs" => 1e-3,
            "ns" => 1e3,
            "us" or "µs" => 1e6,
            "s" => 1e12,
            _ => throw new MalformedFileException(ds.FilePath, $"{ds.Path}: unknown time unit '{unit}'."),
        };
    }

    /// <summary>Per-frame steps: a dataset (frames), or a scalar step with an offset attribute (fixed interval).</summary>
    internal static long[]? ReadSteps(IHdf5Group g, string element, int frames)
    {
        if (g.KindOf($"{element}/step") != Hdf5ObjectKind.Dataset) return null;
        using var ds = g.OpenDataset($"{element}/step");
        return ReadSeries(ds, frames, v => (long)Math.Round(v), 1.0);
    }

    internal static double[]? ReadTimes(IHdf5Group g, string element, int frames)
    {
        if (g.KindOf($"{element}/time") != Hdf5ObjectKind.Dataset) return null;
        using var ds = g.OpenDataset($"{element}/time");
        return ReadSeries(ds, frames, v => v, TimeScale(ds));
    }

    private static T[] ReadSeries<T>(IHdf5Dataset ds, int frames, Func<double, T> convert, double scale)
    {
        var r = new T[frames];
        if (ds.Shape.Length == 0)
        {
            var one = new double[1];
            ds.Read<double>([], [], one);
            double offset = ds.HasAttribute("offset") && ds.ReadAttribute("offset").Value is { } o ? Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture) : 0;
            for (int i = 0; i < frames; i++) r[i] = convert((offset + i * one[0]) * scale);
            return r;
        }
        if (ds.Shape.Length != 1 || ds.Shape[0] < frames)
            throw new MalformedFileException(ds.FilePath, $"{ds.Path} has shape {Hdf5Inventory.Tuple(ds.Shape)}; expected ({frames}).");
        var v = new double[frames];
        ds.Read<double>([0], [frames], v);
        for (int i = 0; i < frames; i++) r[i] = convert(v[i] * scale);
        return r;
    }

    /// <summary>The H5MD box: boundary flags and edges (fixed, or per frame matched by index or step).</summary>
    private sealed class H5mdBox
    {
        private Pbc _pbc;
        private double[]? _fixed;          // 9 values (row-major matrix)
        private double[]? _perFrame;       // n × 9
        private long[]? _steps;
        private int _count;

        public static H5mdBox Read(IHdf5Group g, int frames, long[]? positionSteps)
        {
            var b = new H5mdBox();
            if (g.KindOf("box") != Hdf5ObjectKind.Group) return b;
            using var box = g.OpenGroup("box");
            int dim = box.HasAttribute("dimension") && box.ReadAttribute("dimension").Value is long d ? (int)d : 3;
            if (dim != 3) throw new MalformedFileException(g.FilePath, $"{box.Path}: only 3-dimensional boxes are supported (dimension = {dim}).");
            var boundary = box.HasAttribute("boundary") ? box.ReadAttribute("boundary").Value as string[] : null;
            bool P(int k) => boundary is null || (k < boundary.Length && boundary[k].Equals("periodic", StringComparison.OrdinalIgnoreCase));
            b._pbc = new Pbc(P(0), P(1), P(2));
            var kind = box.KindOf("edges");
            if (kind == Hdf5ObjectKind.Dataset)
            {
                using var e = box.OpenDataset("edges");
                var raw = ReadAll(e);
                b._fixed = ToMatrix(raw, e.Shape, 0, e);
            }
            else if (kind == Hdf5ObjectKind.Group && box.KindOf("edges/value") == Hdf5ObjectKind.Dataset)
            {
                using var e = box.OpenDataset("edges/value");
                var s = e.Shape;
                if (s.Length < 2) throw new MalformedFileException(g.FilePath, $"{e.Path} has shape {Hdf5Inventory.Tuple(s)}; expected (frames, 3) or (frames, 3, 3).");
                var raw = ReadAll(e);
                int n = checked((int)s[0]);
                b._count = n;
                b._perFrame = new double[n * 9];
                long per = raw.Length / Math.Max(n, 1);
                for (int i = 0; i < n; i++)
                    ToMatrix(raw.AsSpan((int)(i * per), (int)per).ToArray(), s[1..], 0, e).CopyTo(b._perFrame, i * 9);
                if (n != frames) b._steps = ReadSteps(box, "edges", n);
            }
            if (b._fixed is null && b._perFrame is null) b._pbc = Pbc.None; // periodic without edges cannot be honoured
            return b;
        }

        private static double[] ReadAll(IHdf5Dataset e)
        {
            var raw = new double[e.Shape.Aggregate(1L, (a, x) => a * x)];
            e.Read<double>(new long[e.Shape.Length], e.Shape, raw);
            double scale = LengthScale(e);
            if (scale != 1) for (int i = 0; i < raw.Length; i++) raw[i] *= scale;
            return raw;
        }

        private static double[] ToMatrix(double[] v, ReadOnlySpan<long> shape, int _, IHdf5Dataset e)
        {
            if (shape.Length == 1 && shape[0] == 3) return [v[0], 0, 0, 0, v[1], 0, 0, 0, v[2]];
            if (shape.Length == 2 && shape[0] == 3 && shape[1] == 3) return v[..9];
            throw new MalformedFileException(e.FilePath, $"{e.Path}: box edges must be (3) or (3, 3) per frame, not {Hdf5Inventory.Tuple(shape.ToArray())}.");
        }

        public (Cell?, Pbc) At(int frame, long? step, string path)
        {
            double[]? m = _fixed;
            if (_perFrame is not null)
            {
                int k = frame;
                if (_steps is not null && step is long s)
                {
                    // Box written at other steps than positions: the last box at or before this step.
                    k = Array.BinarySearch(_steps, s);
                    if (k < 0) k = ~k - 1;
                }
                if (k < 0 || k >= _count) throw new MalformedFileException(path, "no box is stored for this frame.", frame: frame);
                m = _perFrame.AsSpan(k * 9, 9).ToArray();
            }
            if (m is null) return (null, Pbc.None);
            var cell = new Cell(m);
            return cell.IsDegenerate && !_pbc.Any ? (null, Pbc.None) : (cell, _pbc);
        }
    }
}
