using SoapLens.Geometry;
using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// Turns <see cref="RawFrame"/>s into <see cref="Frame"/>s: sorts atoms by id, rejects duplicate
/// ids, non-finite coordinates, periodicity without a usable cell, and id sets that change between
/// frames, always naming the file and line or frame. Keeps the topology of the first frame so later
/// frames share it.
/// </summary>
public sealed class FrameAssembler
{
    private readonly string _path;
    private readonly Func<string, string?> _speciesOfName;
    private Topology? _topology;
    private int[]? _order;          // file position -> sorted position of the previous frame
    private int[]? _lastFileIds;    // ids in file order of the previous frame (reuse the permutation when unchanged)
    private int[]? _sequential;     // 1..N for formats without ids

    public FrameAssembler(string path, Func<string, string?>? speciesOfName = null, Topology? topology = null)
    {
        _path = path;
        _speciesOfName = speciesOfName ?? Elements.FromAtomName;
        _topology = topology;
    }

    public Topology? Topology => _topology;

    public Frame Assemble(RawFrame raw, int frameIndex)
    {
        int n = raw.AtomCount;
        var pos = raw.Positions;
        for (int i = 0; i < pos.Length; i++)
            if (!double.IsFinite(pos[i]))
                throw new MalformedFileException(_path, $"atom {(raw.Ids is null ? i + 1 : raw.Ids[i / 3])} has a non-finite coordinate ({pos[i]}).", raw.Line, frameIndex);
        if (raw.Pbc.Any)
        {
            if (raw.Cell is null)
                throw new MalformedFileException(_path, "periodic boundaries are requested but the frame has no cell.", raw.Line, frameIndex);
            if (raw.Cell.IsDegenerate)
                throw new MalformedFileException(_path, $"the cell has zero volume ({raw.Cell}) but periodic boundaries are requested.", raw.Line, frameIndex);
        }

        var ids = raw.Ids ?? SequentialIds(n);
        int[] order = SortOrder(ids, raw, frameIndex);

        double[] sorted;
        if (IsIdentity(order)) sorted = pos;
        else
        {
            sorted = new double[3 * n];
            for (int k = 0; k < n; k++)
            {
                int f = order[k];
                sorted[3 * k] = pos[3 * f];
                sorted[3 * k + 1] = pos[3 * f + 1];
                sorted[3 * k + 2] = pos[3 * f + 2];
            }
        }

        if (_topology is null)
        {
            var sortedIds = new int[n];
            var names = new string[n];
            var species = new string?[n];
            for (int k = 0; k < n; k++)
            {
                int f = order[k];
                sortedIds[k] = ids[f];
                names[k] = raw.Names[f];
                species[k] = raw.Species is not null ? raw.Species[f] : _speciesOfName(raw.Names[f]);
            }
            _topology = new Topology(sortedIds, species, names);
        }
        else
        {
            if (n != _topology.AtomCount)
                throw new MalformedFileException(_path, $"the frame has {n} atoms but the first frame (or topology) has {_topology.AtomCount}.", raw.Line, frameIndex);
            for (int k = 0; k < n; k++)
            {
                int id = ids[order[k]];
                if (id != _topology.Ids[k])
                {
                    var missing = _topology.Ids.Except(ids).Take(3).ToArray();
                    var extra = ids.Except(_topology.Ids).Take(3).ToArray();
                    throw new MalformedFileException(_path,
                        $"the atom ids differ from the first frame (missing {Show(missing)}, new {Show(extra)}); frames must hold the same atoms.",
                        raw.Line, frameIndex);
                }
            }
        }
        return new Frame(frameIndex, _topology, sorted, raw.Cell, raw.Pbc, raw.Time, raw.Step);
    }

    private int[] SequentialIds(int n)
    {
        if (_sequential is null || _sequential.Length != n)
        {
            _sequential = new int[n];
            for (int i = 0; i < n; i++) _sequential[i] = i + 1;
        }
        return _sequential;
    }

    private static string Show(int[] ids) => ids.Length == 0 ? "none" : string.Join(", ", ids);

    private int[] SortOrder(int[] ids, RawFrame raw, int frameIndex)
    {
        if (_order is not null && _lastFileIds is not null && ids.AsSpan().SequenceEqual(_lastFileIds))
            return _order;
        int n = ids.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        bool ascending = true;
        for (int i = 1; i < n && ascending; i++) ascending = ids[i] > ids[i - 1];
        if (!ascending)
        {
            var keys = (int[])ids.Clone();
            Array.Sort(keys, order);
            for (int i = 1; i < n; i++)
                if (keys[i] == keys[i - 1])
                    throw new MalformedFileException(_path, $"atom id {keys[i]} appears more than once.", raw.Line, frameIndex);
        }
        _order = order;
        _lastFileIds = (int[])ids.Clone();
        return order;
    }

    private static bool IsIdentity(int[] order)
    {
        for (int i = 0; i < order.Length; i++) if (order[i] != i) return false;
        return true;
    }
}
