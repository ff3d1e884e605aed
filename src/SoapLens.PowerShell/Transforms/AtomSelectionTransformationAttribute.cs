using System.Collections;
using System.Management.Automation;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Transforms;

/// <summary>
/// Lets -Center/-Environment take what a user naturally has at hand: the AtomSelection that
/// Select-Atom emits, or plain atom ids (one number, an array, a range such as 1..100).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class AtomSelectionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => ToSelection(inputData);

    internal static AtomSelection? ToSelection(object? input)
    {
        input = PSObjects.Unwrap(input);
        switch (input)
        {
            case null: return null;
            case AtomSelection s: return s;
            case string text: return FromIds(ParseIds(text));
            case IEnumerable items:
                var ids = new List<int>();
                foreach (var item in items)
                {
                    var v = PSObjects.Unwrap(item);
                    if (v is AtomSelection inner) ids.AddRange(inner.Ids);
                    else if (v is string text) ids.AddRange(ParseIds(text));
                    else ids.Add(ToId(v));
                }
                return FromIds(ids);
            default: return FromIds([ToId(input)]);
        }
    }

    private static AtomSelection FromIds(IReadOnlyCollection<int> ids) =>
        new(ids, ids.Count == 1 ? $"id {ids.First()}" : $"{ids.Count} ids");

    private static int ToId(object? v) => v switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        double d when d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue => (int)d,
        _ => throw new ArgumentTransformationMetadataException(
            $"Cannot use '{v}' as an atom id: pass an AtomSelection from Select-Atom or integer atom ids."),
    };

    // In argument mode PowerShell passes `-Center 1..10` as the text "1..10".
    private static IReadOnlyList<int> ParseIds(string s)
    {
        try { return AtomSelection.ParseIds(s); }
        catch (SoapLensException ex) { throw new ArgumentTransformationMetadataException(ex.Message + " Pass an AtomSelection from Select-Atom or integer atom ids.", ex); }
    }
}
