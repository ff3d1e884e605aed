using System.Collections;
using System.Globalization;
using System.Management.Automation;
using SoapLens.Plots;

namespace SoapLens.PowerShell.Transforms;

/// <summary>
/// Lets -Palette take a Palette, a hashtable of cluster name → colour (e.g. @{ '0' = 'green'; 'edge' = '#1f77b4' }),
/// or a list of colours for clusters 0, 1, 2, ...
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PaletteTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var input = PSObjects.Unwrap(inputData);
        try
        {
            switch (input)
            {
                case null: return null;
                case Palette palette: return palette;
                case IDictionary map:
                    var byName = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (DictionaryEntry e in map)
                        byName[Text(e.Key)] = Text(e.Value);
                    return new Palette(byName: byName);
                case string one: return new Palette([one]);
                case IEnumerable items:
                    var colours = new List<string>();
                    foreach (var item in items) colours.Add(Text(item));
                    return new Palette(colours);
                default:
                    throw new ArgumentTransformationMetadataException($"Cannot use a {input.GetType().Name} as a palette.");
            }
        }
        catch (FormatException ex)
        {
            throw new ArgumentTransformationMetadataException(
                $"{ex.Message} A palette is a list of colours, a hashtable of cluster name = colour, or a Palette.", ex);
        }
    }

    private static string Text(object? v) =>
        Convert.ToString(PSObjects.Unwrap(v), CultureInfo.InvariantCulture) ?? "";
}
