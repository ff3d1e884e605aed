namespace SoapLens.Data;

/// <summary>A named array with named dimensions (the first variable of a bundle is its primary data).</summary>
public sealed record DataVariable(string Name, string[] Dims, NdArray Values)
{
    public override string ToString() => $"{Name}{Values.ShapeText} [{string.Join(", ", Dims)}]";
}

/// <summary>A 1-D coordinate along one dimension (e.g. frame indices along "frame", atom ids along "centre").</summary>
public sealed record DataCoordinate(string Name, string Dim, NdArray Values);

/// <summary>
/// The file-neutral form of every SoapLens result, in the spirit of an xarray Dataset:
/// variables with named dimensions, coordinates, and scalar/array attributes (the parameters).
/// Result types convert to and from it; the .npy, CSV and HDF5 formats read and write it. One
/// mechanism serves every result type, so a new result needs only its two conversions.
/// </summary>
public sealed class DataBundle
{
    public DataBundle(string kind) => Kind = kind;

    /// <summary>The result type ("SoapSpectrum", "LensSignal", "Dataset", ...).</summary>
    public string Kind { get; }

    public List<DataVariable> Variables { get; } = new();
    public List<DataCoordinate> Coordinates { get; } = new();

    /// <summary>Parameters and provenance: string, bool, long, double, or arrays of those.</summary>
    public Dictionary<string, object> Attributes { get; } = new(StringComparer.Ordinal);

    public DataVariable Primary => Variables.Count > 0 ? Variables[0] : throw new InvalidOperationException($"The {Kind} bundle holds no data.");

    public DataBundle Add(string name, NdArray values, params string[] dims)
    {
        if (dims.Length != values.Rank)
            throw new ArgumentException($"Variable '{name}' has rank {values.Rank} but {dims.Length} dimension names.");
        Variables.Add(new DataVariable(name, dims, values));
        return this;
    }

    public DataBundle AddCoordinate(string name, string dim, NdArray values)
    {
        if (values.Rank != 1) throw new ArgumentException($"Coordinate '{name}' must be 1-D.");
        Coordinates.Add(new DataCoordinate(name, dim, values));
        return this;
    }

    public DataVariable? Find(string name) =>
        Variables.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));

    public DataVariable Get(string name) =>
        Find(name) ?? throw new Pipeline.SoapLensException("ArrayNotFound", Pipeline.ErrorKind.ObjectNotFound,
            $"The {Kind} result has no array '{name}'. Available: {string.Join(", ", Variables.Select(v => v.Name))}.");

    public DataCoordinate? FindCoordinate(string name) =>
        Coordinates.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Length of a dimension as declared by any variable that uses it.</summary>
    public int DimLength(string dim)
    {
        foreach (var v in Variables)
        {
            int k = Array.IndexOf(v.Dims, dim);
            if (k >= 0) return v.Values.Shape[k];
        }
        foreach (var c in Coordinates)
            if (c.Dim == dim) return c.Values.Shape[0];
        throw new KeyNotFoundException(dim);
    }

    public T GetAttribute<T>(string name, T fallback)
    {
        if (!Attributes.TryGetValue(name, out var v)) return fallback;
        if (v is T t) return t;
        try { return (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture); }
        catch { return fallback; }
    }

    /// <summary>An integer-array attribute whatever integer type it was stored with (files widen int to int64).</summary>
    public long[]? GetInt64s(string name) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        long[] l => l,
        int[] i => i.Select(x => (long)x).ToArray(),
        double[] d => d.Select(x => (long)x).ToArray(),
        long l1 => [l1],
        int i1 => [i1],
        _ => null,
    } : null;

    public double[]? GetDoubles(string name) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        double[] d => d,
        long[] l => l.Select(x => (double)x).ToArray(),
        int[] i => i.Select(x => (double)x).ToArray(),
        double d1 => [d1],
        _ => null,
    } : null;

    public string[]? GetStrings(string name) => Attributes.TryGetValue(name, out var v) ? v switch
    {
        string[] s => s,
        string s1 => [s1],
        _ => null,
    } : null;

    public override string ToString() => $"{Kind}: {string.Join("; ", Variables)}";
}

/// <summary>Implemented by every result type that can be exported.</summary>
public interface IBundleConvertible
{
    DataBundle ToBundle();
}
