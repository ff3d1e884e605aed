using SoapLens.Data;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>CSV shapes: tidy = one row per value with its coordinates; wide = one row per record, one column per feature.</summary>
public enum CsvLayout
{
    Tidy,
    Wide,
}

/// <summary>Options of Export-SoapLensData.</summary>
public sealed record ExportOptions
{
    /// <summary>Which variable of the bundle to write for single-array formats (.npy); null = the primary one.</summary>
    public string? ArrayName { get; init; }
    public CsvLayout CsvLayout { get; init; } = CsvLayout.Tidy;
    /// <summary>Group or dataset name inside container formats (HDF5).</summary>
    public string? Name { get; init; }
    public bool Force { get; init; }
    /// <summary>Skip the .json sidecar that lets Import-SoapLensData rebuild the typed result from an .npy.</summary>
    public bool NoMetadata { get; init; }
}

/// <summary>Options of Import-SoapLensData.</summary>
public sealed record ImportOptions
{
    public string? Name { get; init; }
}

/// <summary>
/// A file format for results. Every result type goes through the same <see cref="DataBundle"/>,
/// so a format is written once for all of them. Writers must go through <see cref="AtomicFile"/>.
/// </summary>
public abstract class DataFormat
{
    public abstract string Name { get; }
    public abstract IReadOnlyList<string> Extensions { get; }

    /// <summary>The files this export will create (for -WhatIf messages and -Force checks).</summary>
    public virtual IReadOnlyList<string> OutputFiles(DataBundle bundle, string path, ExportOptions options) => [path];

    public abstract void Write(DataBundle bundle, string path, ExportOptions options, CancellationToken cancel);

    public abstract DataBundle Read(string path, ImportOptions options, CancellationToken cancel);

    /// <summary>A listing of what a file holds (container formats list their groups and datasets).</summary>
    public virtual IReadOnlyList<string> List(string path) => [Read(path, new ImportOptions(), CancellationToken.None).ToString()];
}

/// <summary>The registry of result file formats, chosen by -Format or by extension.</summary>
public static class DataFormats
{
    private static readonly FormatRegistry<DataFormat> s_formats = new("data", f => f.Name, f => f.Extensions,
    [
        new NpyDataFormat(),
        new CsvDataFormat(),
        new Hdf5.Hdf5DataFormat(),
    ]);

    public static void Register(DataFormat format) => s_formats.Register(format);

    public static IReadOnlyList<DataFormat> All => s_formats.All;

    public static DataFormat Resolve(string path, string? formatName) => s_formats.Resolve(path, formatName);
}
