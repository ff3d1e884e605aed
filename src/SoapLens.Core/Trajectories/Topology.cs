using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// The per-atom static part of a trajectory, in ascending id order: ids, element symbols
/// (null for virtual sites and unknown types) and the names or types as written in the file.
/// Shared by every frame that has the same atoms.
/// </summary>
public sealed class Topology
{
    private readonly Dictionary<int, int> _indexOfId;

    public Topology(int[] ids, string?[] species, string[]? names = null)
    {
        if (species.Length != ids.Length) throw new ArgumentException("ids and species differ in length.");
        if (names is not null && names.Length != ids.Length) throw new ArgumentException("ids and names differ in length.");
        for (int i = 1; i < ids.Length; i++)
            if (ids[i] <= ids[i - 1]) throw new ArgumentException("Topology ids must be strictly ascending.");
        Ids = ids;
        Species = species;
        Names = names ?? species.Select(s => s ?? "X").ToArray();
        _indexOfId = new Dictionary<int, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++) _indexOfId[ids[i]] = i;
        SpeciesList = species.Where(s => s is not null).Distinct(StringComparer.Ordinal)
            .OrderBy(Elements.AtomicNumber).ThenBy(s => s, StringComparer.Ordinal).ToArray()!;
    }

    public int AtomCount => Ids.Length;
    public int[] Ids { get; }
    public string?[] Species { get; }
    public string[] Names { get; }

    /// <summary>Distinct species present, sorted by atomic number.</summary>
    public string[] SpeciesList { get; }

    public bool TryIndexOf(int id, out int index) => _indexOfId.TryGetValue(id, out index);

    public int IndexOf(int id) => _indexOfId.TryGetValue(id, out var i) ? i
        : throw new SoapLensException("AtomIdNotFound", ErrorKind.ObjectNotFound, $"No atom has id {id}.", id);

    public bool SameIds(Topology other) =>
        ReferenceEquals(this, other) || Ids.AsSpan().SequenceEqual(other.Ids);

    public override string ToString() => $"{AtomCount} atoms ({string.Join(", ", SpeciesList)})";
}
