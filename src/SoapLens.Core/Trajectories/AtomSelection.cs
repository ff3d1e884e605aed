using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// A set of atoms identified by id (ascending), as made by Select-Atom. Later cmdlets take it as
/// -Center or -Environment (they also accept plain id arrays). Exports as a 1-D array of ids.
/// </summary>
public sealed class AtomSelection : IBundleConvertible
{
    public const string Kind = "AtomSelection";

    public AtomSelection(IEnumerable<int> ids, string description)
    {
        Ids = ids.Distinct().OrderBy(i => i).ToArray();
        Description = description;
    }

    public int[] Ids { get; }
    public string Description { get; }
    public int Count => Ids.Length;

    /// <summary>Indices of the selected atoms in a topology (ascending); an id the topology lacks is an error.</summary>
    public int[] IndicesIn(Topology topology)
    {
        var idx = new int[Ids.Length];
        for (int i = 0; i < Ids.Length; i++)
        {
            if (!topology.TryIndexOf(Ids[i], out idx[i]))
                throw new SoapLensException("AtomIdNotFound", ErrorKind.InvalidArgument,
                    $"The selection '{Description}' holds atom id {Ids[i]}, which the trajectory does not have.", Ids[i]);
        }
        return idx;
    }

    /// <summary>
    /// Ids written as text: one id ("42") or an inclusive range ("1..10", "10..1"), the form a shell
    /// passes when a range is typed as a bare argument.
    /// </summary>
    public static IReadOnlyList<int> ParseIds(string text)
    {
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) return [ParseId(text, text)];
        int first = ParseId(text[..dots], text), last = ParseId(text[(dots + 2)..], text);
        var ids = new int[Math.Abs((long)last - first) + 1];
        int step = first <= last ? 1 : -1;
        for (int k = 0; k < ids.Length; k++) ids[k] = first + k * step;
        return ids;
    }

    private static int ParseId(string part, string text) =>
        int.TryParse(part.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id
            : throw SoapLensException.Argument($"'{text}' is not an atom id or a range of ids such as 1..10.", text);

    public static AtomSelection All(Topology topology) => new(topology.Ids, "all atoms");

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("ids", NdArray.Of(Ids.Select(i => (long)i).ToArray()), "atom");
        b.Attributes["description"] = Description;
        return b;
    }

    public static AtomSelection FromBundle(DataBundle b) =>
        new(b.Primary.Values.ToInt32Array(), b.GetAttribute("description", "imported selection"));

    public override string ToString() => $"{Count} atoms ({Description})";
}
