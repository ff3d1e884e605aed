using SoapLens.Data;

namespace SoapLens.IO;

/// <summary>
/// .npy export of one variable of a result (the primary one unless -Array names another), plus a
/// JSON sidecar with the result kind, dimension names, coordinates and parameters. numpy.load reads
/// the .npy directly; Import-SoapLensData uses the sidecar, when present, to rebuild the result.
/// </summary>
public sealed class NpyDataFormat : DataFormat
{
    public override string Name => "npy";
    public override IReadOnlyList<string> Extensions { get; } = [".npy"];

    public override IReadOnlyList<string> OutputFiles(DataBundle bundle, string path, ExportOptions options) =>
        options.NoMetadata ? [path] : [path, Sidecar.PathFor(path)];

    public override void Write(DataBundle bundle, string path, ExportOptions options, CancellationToken cancel)
    {
        var variable = options.ArrayName is null ? bundle.Primary : bundle.Get(options.ArrayName);
        // Check both targets before writing either, so a refusal never leaves a mismatched pair.
        foreach (var f in OutputFiles(bundle, path, options)) AtomicFile.EnsureWritable(f, options.Force);
        AtomicFile.Write(path, options.Force, s => Npy.Write(s, variable.Values), cancel);
        if (!options.NoMetadata)
            Sidecar.Write(Sidecar.PathFor(path), Sidecar.Describe(bundle, variable), options.Force);
    }

    public override DataBundle Read(string path, ImportOptions options, CancellationToken cancel)
    {
        var values = Npy.Load(path);
        var meta = Sidecar.TryRead(path);
        if (meta is not null) return Sidecar.ToBundle(meta, values, path);
        var b = new DataBundle(Dataset.Kind);
        b.Add("values", values, Sidecar.DefaultDims(values.Rank));
        b.Attributes["source"] = Path.GetFileName(path);
        return b;
    }

    public override IReadOnlyList<string> List(string path)
    {
        var a = Npy.Load(path);
        var meta = Sidecar.TryRead(path);
        return [$"{Path.GetFileName(path)}: {a}{(meta is null ? "" : $" — {(string?)meta["source_kind"]}.{(string?)meta["variable"]}")}"];
    }
}
