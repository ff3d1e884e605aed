using SoapLens.IO.Hdf5;
using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>
/// One object inside a data file: for HDF5 every group and dataset (type, shape, chunks,
/// compression, attributes, and what SoapLens recognises it as); for single-array formats the file itself.
/// </summary>
public sealed record FileContentEntry(string File, string Path, string Kind, string DataType, long[] Shape, long[]? Chunks,
    string Compression, string Role, IReadOnlyDictionary<string, object?> Attributes)
{
    public string ShapeText => Shape.Length == 0 && Kind != "dataset" ? "" : Hdf5Inventory.Tuple(Shape);

    public override string ToString() =>
        $"{Path} {Kind}{(DataType.Length > 0 ? $" {DataType}" : "")}{(ShapeText.Length > 0 ? $" {ShapeText}" : "")}{(Role.Length > 0 ? $" [{Role}]" : "")}";
}

/// <summary>Lists what a result or trajectory file holds (Get-SoapLensFileContent).</summary>
public static class FileContent
{
    /// <summary>
    /// HDF5 files (recognised by their signature, so .h5md and any extension work) are walked
    /// object by object; other files are described by their result format.
    /// </summary>
    public static IReadOnlyList<FileContentEntry> List(string path, string? formatName = null)
    {
        if (!System.IO.File.Exists(path))
            throw new SoapLensException("PathNotFound", ErrorKind.ObjectNotFound, $"Cannot find '{path}'.", path);
        if (Hdf5Files.IsHdf5File(path) && (formatName is null || formatName.Equals("hdf5", StringComparison.OrdinalIgnoreCase)))
            return Hdf5Inventory.Describe(path).Select(o => FromHdf5(path, o)).ToArray();
        var format = DataFormats.Resolve(path, formatName);
        if (format is Hdf5DataFormat)
            return Hdf5Inventory.Describe(path).Select(o => FromHdf5(path, o)).ToArray(); // -Format hdf5 on a damaged file: libhdf5 explains
        var bundle = format.Read(path, new ImportOptions(), CancellationToken.None);
        return bundle.Variables.Select((v, i) => new FileContentEntry(path, v.Name, i == 0 ? "array" : "secondary array",
            v.Values.DType.ToString().ToLowerInvariant(), v.Values.Shape.Select(x => (long)x).ToArray(), null, "none",
            $"{bundle.Kind} [{string.Join(", ", v.Dims)}]",
            bundle.Attributes.ToDictionary(kv => kv.Key, kv => (object?)kv.Value))).ToArray();
    }

    private static FileContentEntry FromHdf5(string file, Hdf5ObjectInfo o) => new(
        file,
        o.Path,
        o.Kind.ToString().ToLowerInvariant(),
        o.Type?.Name ?? "",
        o.Layout?.Shape ?? [],
        o.Layout?.Chunks,
        o.Kind == Hdf5ObjectKind.Dataset ? o.CompressionText : "",
        o.Role,
        o.Attributes.ToDictionary(a => a.Name, a => a.Value));
}
