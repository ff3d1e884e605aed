using System.Globalization;
using SoapLens.Trajectories;

namespace SoapLens.Pipeline.Stages;

/// <summary>A Cartesian axis (for Select-Atom -Top).</summary>
public enum Axis
{
    X,
    Y,
    Z,
}

/// <summary>Options of Select-Atom. Every criterion given must hold (they are combined with "and").</summary>
public sealed record SelectAtomOptions
{
    /// <summary>Element symbols to keep.</summary>
    public string[]? Species { get; init; }
    /// <summary>Atom ids to keep.</summary>
    public int[]? Ids { get; init; }
    /// <summary>0-based positions in id order to keep.</summary>
    public int[]? Indices { get; init; }
    /// <summary>A geometric condition (see <see cref="AtomCondition"/>), evaluated on the reference frame.</summary>
    public string? Where { get; init; }
    /// <summary>Source index of the reference frame; null = the trajectory's first selected frame.</summary>
    public int? Frame { get; init; }
    /// <summary>Keep only the N atoms (among those passing the other criteria) highest along <see cref="Axis"/>.</summary>
    public int? Top { get; init; }
    public Axis Axis { get; init; } = Axis.Z;
}

/// <summary>
/// Select-Atom: for each piped trajectory, the ids of the atoms that pass every criterion, as one
/// <see cref="AtomSelection"/>. Geometric criteria (-Where, -Top) read only the reference frame.
/// </summary>
public sealed class SelectAtomStage : Stage
{
    private readonly SelectAtomOptions _options;
    private AtomCondition? _condition;
    private string[]? _species;

    public SelectAtomStage(IPipelineHost host, SelectAtomOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        if (_options.Top is < 0) throw SoapLensException.Argument($"Top must be ≥ 0 (got {_options.Top}).", _options.Top);
        if (_options.Frame is < 0) throw SoapLensException.Argument($"Frame must be ≥ 0 (got {_options.Frame}).", _options.Frame);
        if (!string.IsNullOrWhiteSpace(_options.Where)) _condition = AtomCondition.Parse(_options.Where);
        if (_options.Species is { } species)
        {
            _species = new string[species.Length];
            for (int i = 0; i < species.Length; i++)
                _species[i] = Elements.Normalize(species[i]?.Trim())
                    ?? throw new SoapLensException("UnknownSpecies", ErrorKind.InvalidArgument, $"'{species[i]}' is not an element symbol.", species[i]);
        }
    }

    public void Process(Trajectory? trajectory)
    {
        if (trajectory is null) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() => Host.Emit(Select(trajectory)), trajectory.Name);
    }

    /// <summary>Applies every criterion to one trajectory.</summary>
    public AtomSelection Select(Trajectory trajectory)
    {
        var top = trajectory.Topology;
        int n = top.AtomCount;
        var keep = new bool[n];
        Array.Fill(keep, true);
        var what = new List<string>();

        if (_species is not null)
        {
            var set = new HashSet<string>(_species, StringComparer.Ordinal);
            for (int i = 0; i < n; i++) keep[i] &= top.Species[i] is { } s && set.Contains(s);
            foreach (var s in _species.Where(s => !top.SpeciesList.Contains(s)))
                Host.WriteWarning($"'{trajectory.Name}' has no {s} atoms (species: {(top.SpeciesList.Length == 0 ? "none" : string.Join(", ", top.SpeciesList))}).");
            what.Add($"species {string.Join(",", _species)}");
        }
        if (_options.Ids is { } ids)
        {
            var want = new bool[n];
            foreach (var id in ids)
            {
                if (top.TryIndexOf(id, out var k)) want[k] = true;
                else throw new SoapLensException("AtomIdNotFound", ErrorKind.ObjectNotFound,
                    $"'{trajectory.Name}' has no atom with id {id} (ids run from {top.Ids[0]} to {top.Ids[^1]}).", id);
            }
            for (int i = 0; i < n; i++) keep[i] &= want[i];
            what.Add($"ids {Ranges(ids)}");
        }
        if (_options.Indices is { } indices)
        {
            var want = new bool[n];
            foreach (var k in indices)
            {
                if (k < 0 || k >= n)
                    throw SoapLensException.Argument($"Index {k} is outside 0..{n - 1} ('{trajectory.Name}' has {n} atoms).", k);
                want[k] = true;
            }
            for (int i = 0; i < n; i++) keep[i] &= want[i];
            what.Add($"index {Ranges(indices)}");
        }

        Frame? frame = null;
        if (_condition is not null || _options.Top is not null)
        {
            frame = _options.Frame is int f ? trajectory.ReadSourceFrame(f, Cancellation) : trajectory.ReadFirstFrame(Cancellation);
            if (!frame.Topology.SameIds(top))
                throw SoapLensException.InvalidData($"Frame {frame.Index} of '{trajectory.Name}' holds other atoms than the trajectory's topology.");
        }
        if (_condition is not null)
        {
            var pass = _condition.Evaluate(frame!);
            for (int i = 0; i < n; i++) keep[i] &= pass[i];
            what.Add($"where {_condition.Text}");
        }
        if (_options.Top is int count)
        {
            var candidates = new List<int>();
            for (int i = 0; i < n; i++) if (keep[i]) candidates.Add(i);
            if (count > candidates.Count)
                Host.WriteWarning($"-Top {count}: only {candidates.Count} atoms of '{trajectory.Name}' pass the other criteria; all are kept.");
            int axis = (int)_options.Axis;
            var pos = frame!.Positions;
            // Highest first; equal heights in id order, so the choice never depends on file order.
            candidates.Sort((a, b) =>
            {
                int c = pos[3 * b + axis].CompareTo(pos[3 * a + axis]);
                return c != 0 ? c : a.CompareTo(b);
            });
            Array.Clear(keep);
            foreach (var i in candidates.Take(count)) keep[i] = true;
            what.Add($"top {count} in {_options.Axis.ToString().ToLowerInvariant()}");
        }

        var selected = new List<int>();
        for (int i = 0; i < n; i++) if (keep[i]) selected.Add(top.Ids[i]);
        if (selected.Count == 0) Host.WriteWarning($"No atom of '{trajectory.Name}' passes {string.Join("; ", what)}.");
        var description = what.Count == 0 ? "all atoms" : string.Join("; ", what);
        if (frame is not null) description += $" (frame {frame.Index})";
        Host.WriteVerbose($"Selected {selected.Count} of {n} atoms of '{trajectory.Name}': {description}.");
        return new AtomSelection(selected, description);
    }

    /// <summary>"1-5,9,12-14" for a description.</summary>
    private static string Ranges(int[] values)
    {
        var v = values.Distinct().OrderBy(x => x).ToArray();
        var parts = new List<string>();
        for (int i = 0; i < v.Length;)
        {
            int j = i;
            while (j + 1 < v.Length && v[j + 1] == v[j] + 1) j++;
            parts.Add(j == i ? v[i].ToString(CultureInfo.InvariantCulture) : $"{v[i]}-{v[j]}");
            i = j + 1;
        }
        var s = string.Join(",", parts.Take(6));
        return parts.Count > 6 ? s + ",…" : s;
    }
}
