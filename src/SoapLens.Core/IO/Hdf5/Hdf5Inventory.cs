using System.Globalization;

namespace SoapLens.IO.Hdf5;

/// <summary>One group or dataset of an HDF5 file as the listing shows it.</summary>
public sealed record Hdf5ObjectInfo(string Path, Hdf5ObjectKind Kind, Hdf5TypeInfo? Type, Hdf5DatasetLayout? Layout,
    IReadOnlyList<Hdf5Attribute> Attributes, string Role)
{
    public Hdf5Attribute? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public string ShapeText => Layout is null ? "" : Hdf5Inventory.Tuple(Layout.Shape);

    /// <summary>"gzip 9", "none" or the filter ids.</summary>
    public string CompressionText => Layout is null ? ""
        : Layout.Filters.Count == 0 ? "none"
        : string.Join("+", Layout.Filters.Select(f => f.Id == Hdf5Filter.Deflate ? $"gzip {Layout.DeflateLevel}" : f.Id == Hdf5Filter.Shuffle ? "shuffle" : $"filter {f.Id}"));

    public override string ToString()
    {
        var s = Kind == Hdf5ObjectKind.Dataset
            ? $"{Path}  dataset {Type?.Name} {ShapeText}{(Layout?.Chunks is { } c ? $" chunks {Hdf5Inventory.Tuple(c)}" : "")} {CompressionText}"
            : $"{Path}  {Kind.ToString().ToLowerInvariant()}";
        if (Role.Length > 0) s += $"  [{Role}]";
        if (Attributes.Count > 0) s += "  " + string.Join(", ", Attributes.Select(a => a.ToString()));
        return s;
    }
}

/// <summary>
/// Walks an HDF5 file and describes every group and dataset, recognising what SoapLens, SOAPify and
/// H5MD writers put there (the listing of Get-SoapLensFileContent and of DataFormat.List).
/// </summary>
public static class Hdf5Inventory
{
    // Hard links can form cycles; no file SoapLens reads nests deeper than this.
    private const int MaxDepth = 32;

    public static IReadOnlyList<Hdf5ObjectInfo> Describe(string path)
    {
        using var f = Hdf5Files.Open(path);
        return Describe(f);
    }

    public static IReadOnlyList<Hdf5ObjectInfo> Describe(IHdf5File file)
    {
        var list = new List<Hdf5ObjectInfo>();
        Walk(file, file, 0, list);
        return list;
    }

    private static void Walk(IHdf5File file, IHdf5Group group, int depth, List<Hdf5ObjectInfo> list)
    {
        var children = group.Children();
        list.Add(new Hdf5ObjectInfo(group.Path, Hdf5ObjectKind.Group, null, null, ReadAttributes(group), GroupRole(group, children)));
        if (depth >= MaxDepth) return;
        foreach (var c in children)
        {
            var childPath = group.Path == "/" ? "/" + c.Name : group.Path + "/" + c.Name;
            switch (c.Kind)
            {
                case Hdf5ObjectKind.Group:
                    using (var g = group.OpenGroup(c.Name)) Walk(file, g, depth + 1, list);
                    break;
                case Hdf5ObjectKind.Dataset:
                    using (var d = group.OpenDataset(c.Name))
                    {
                        var attrs = ReadAttributes(d);
                        list.Add(new Hdf5ObjectInfo(childPath, Hdf5ObjectKind.Dataset, d.Type, d.Layout, attrs, DatasetRole(childPath, attrs)));
                    }
                    break;
                default:
                    list.Add(new Hdf5ObjectInfo(childPath, Hdf5ObjectKind.Other, null, null, [], "unresolved link or named type"));
                    break;
            }
        }
    }

    private static IReadOnlyList<Hdf5Attribute> ReadAttributes(IHdf5Node node) =>
        node.AttributeNames().Select(node.ReadAttribute).ToArray();

    private static string GroupRole(IHdf5Group g, IReadOnlyList<Hdf5Link> children)
    {
        if (g.HasAttribute(Hdf5DataFormat.KindAttribute) && g.ReadAttribute(Hdf5DataFormat.KindAttribute).Value is string kind)
            return $"SoapLens {kind} result";
        bool Has(string name, Hdf5ObjectKind k) => children.Any(c => c.Name == name && c.Kind == k);
        if (Has("Trajectory", Hdf5ObjectKind.Dataset) && Has("Box", Hdf5ObjectKind.Dataset) && Has("Types", Hdf5ObjectKind.Dataset))
            return "SOAPify trajectory";
        if (g.Path.StartsWith("/particles/", StringComparison.Ordinal) && g.Path.Count(ch => ch == '/') == 2 && Has("position", Hdf5ObjectKind.Group))
            return "H5MD particles";
        if (g.Path == "/h5md") return "H5MD metadata";
        return "";
    }

    private static string DatasetRole(string path, IReadOnlyList<Hdf5Attribute> attrs) =>
        attrs.Any(a => a.Name == "SOAPengine") ? "SOAPify SOAP" : "";

    public static string Tuple(IEnumerable<long> v) =>
        "(" + string.Join(", ", v.Select(x => x < 0 ? "None" : x.ToString(CultureInfo.InvariantCulture))) + ")";
}
