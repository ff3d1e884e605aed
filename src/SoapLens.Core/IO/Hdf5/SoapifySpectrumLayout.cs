using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.Pipeline;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// SoapSpectrum ⇄ SOAPify's <c>/SOAP/&lt;name&gt;</c> dataset. Export writes dscribe's native layout whatever
/// layout the spectrum has (a gather through <see cref="SoapFeatureMap.FullIndexOfNative"/>), gzip 9, SOAPify's
/// attributes, centersIndexes when the centres are not every atom in order, and a few <c>soaplens_*</c>
/// attributes (layout, normalisation, periodicity, source, and the frame indices, times and atom ids when
/// they carry information) so that Import-SoapLensData rebuilds the spectrum exactly. SOAPify's own files
/// have none of those: frames 0..F−1, no times, centre ids = centersIndexes + 1 (or 1..N), σ = 1 unless a
/// <c>sigma</c> attribute says otherwise, periodic in all three directions (SOAPify's default).
/// </summary>
public sealed class SoapifySpectrumLayout : IHdf5BundleLayout
{
    public const string Prefix = "soaplens_";
    public const string LayoutAttribute = Prefix + "layout";
    public const string NormalizedAttribute = Prefix + "normalized";
    public const string PeriodicAttribute = Prefix + "periodic";
    public const string SourceAttribute = Prefix + "source";
    public const string FramesAttribute = Prefix + "frames";
    public const string TimesAttribute = Prefix + "times";
    public const string AtomIdsAttribute = Prefix + "atom_ids";
    public const string AtomCountAttribute = Prefix + "atom_count";

    /// <summary>
    /// Values per HDF5 attribute: the file format SOAPify (h5py's default) and SoapLens write keeps each
    /// attribute under 64 KiB. Longer SoapLens arrays continue in <c>&lt;name&gt;_1</c>, <c>&lt;name&gt;_2</c>, …
    /// </summary>
    public const int MaxAttributeValues = 8000;

    /// <summary>/SOAP/&lt;name&gt;; without -Name the trajectory file's name without extension (as Export-Trajectory names the group), else SoapSpectrum.</summary>
    public string TargetPath(DataBundle bundle, string? name) =>
        SoapifySoapWriter.DatasetPath(name ?? Hdf5FileWriter.DefaultName(bundle.GetAttribute("source", ""), SoapSpectrum.Kind));

    public void Write(IHdf5File file, DataBundle bundle, string? name, CancellationToken cancel) =>
        Write(file, TargetPath(bundle, name), SoapSpectrum.FromBundle(bundle), cancel);

    /// <summary>
    /// Writes <paramref name="s"/> as the SOAPify dataset <paramref name="datasetPath"/> of an open, writable file
    /// (<paramref name="options"/>: chunking and gzip level; storage type and attributes follow the spectrum).
    /// </summary>
    public static void Write(IHdf5File file, string datasetPath, SoapSpectrum s, CancellationToken cancel, SoapifySoapWriteOptions? options = null)
    {
        var map = s.Map;
        int centres = s.CentreCount, features = map.NativeCount;
        var indices = CentreIndices(s);
        var parameters = new SoapifySoapParameters
        {
            LMax = s.LMax,
            NMax = s.NMax,
            RCut = s.RCut,
            Sigma = s.Sigma,
            Species = s.Species,
            CentreIndices = IsEveryAtom(indices, s.AtomCount) ? null : indices,
        };
        if (parameters.CentreIndices is { Length: > MaxAttributeValues })
            throw new SoapLensException("SoapifyTooManyCentres", ErrorKind.InvalidArgument,
                $"SOAPify keeps the indices of a subset of centres in one HDF5 attribute, which holds at most {MaxAttributeValues} values; " +
                $"this spectrum has {centres} centres{(s.AtomCount is int n ? $" of {n} atoms" : "")}. Compute it for every atom, or export it to .npy.", centres);
        options = (options ?? new SoapifySoapWriteOptions()) with { Float32 = s.SinglePrecision, Attributes = ExtraAttributes(s, indices) };
        // A native-layout float64 spectrum could be handed out frame by frame without a copy, but a block
        // buffer keeps one code path for both layouts and both precisions; compression dominates anyway.
        if (s.SinglePrecision)
            SoapifySoapWriter.Write(file, datasetPath, parameters, s.FrameCount, centres, features, options, Blocks<float>(s), cancel);
        else
            SoapifySoapWriter.Write(file, datasetPath, parameters, s.FrameCount, centres, features, options, Blocks<double>(s), cancel);
    }

    /// <summary>Fills a buffer with frames [start, start+count) in the native layout.</summary>
    private static SoapifySoapWriter.FrameBlockSource<T> Blocks<T>(SoapSpectrum s) where T : unmanaged
    {
        var gather = s.Layout == SoapLayout.Dscribe ? null : s.Map.FullIndexOfNative;
        int features = s.Map.NativeCount;
        T[] buffer = [];
        return (start, count) =>
        {
            long n = (long)count * s.CentreCount * features;
            if (buffer.Length < n) buffer = new T[n];
            for (int f = 0; f < count; f++)
                for (int c = 0; c < s.CentreCount; c++)
                {
                    var dst = buffer.AsSpan((int)(((long)f * s.CentreCount + c) * features), features);
                    if (typeof(T) == typeof(float)) Gather(s.GetVectorSingle(start + f, c), gather, MemoryMarshal.Cast<T, float>(dst));
                    else Gather(s.GetVector(start + f, c), gather, MemoryMarshal.Cast<T, double>(dst));
                }
            return buffer.AsSpan(0, (int)n);
        };
    }

    /// <summary>destination[k] = source[index[k]] (index null: a copy).</summary>
    private static void Gather<T>(ReadOnlySpan<T> source, int[]? index, Span<T> destination)
    {
        if (index is null) { source.CopyTo(destination); return; }
        for (int k = 0; k < index.Length; k++) destination[k] = source[index[k]];
    }

    /// <summary>
    /// The centres' 0-based atom indices: known when the spectrum was computed from a trajectory; otherwise
    /// id − 1, the convention of SOAPify databases (atoms get ids 1..N in file order).
    /// </summary>
    private static long[] CentreIndices(SoapSpectrum s)
    {
        var indices = new long[s.CentreCount];
        for (int c = 0; c < indices.Length; c++)
        {
            indices[c] = s.CentreIndices?[c] ?? s.CentreIds[c] - 1L;
            if (indices[c] < 0)
                throw new SoapLensException("SoapifyCentreIndexUnknown", ErrorKind.InvalidData,
                    $"Atom id {s.CentreIds[c]} gives no SOAPify atom index: this spectrum does not record where its centres sit in the trajectory, " +
                    "and ids below 1 cannot be read as index + 1. Compute the spectrum with Get-SoapSpectrum.", s.CentreIds[c]);
        }
        return indices;
    }

    /// <summary>True when the centres are atoms 0..C−1 in order and no other atoms are known to exist (SOAPify then stores no centersIndexes).</summary>
    private static bool IsEveryAtom(long[] indices, int? atomCount)
    {
        if (atomCount is int n && n != indices.Length) return false;
        for (int i = 0; i < indices.Length; i++) if (indices[i] != i) return false;
        return true;
    }

    private static Dictionary<string, object> ExtraAttributes(SoapSpectrum s, long[] indices)
    {
        var a = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [LayoutAttribute] = s.Layout.ToString(),
            [NormalizedAttribute] = s.Normalized,
            [PeriodicAttribute] = new[] { s.Pbc.A, s.Pbc.B, s.Pbc.C },
        };
        a[SourceAttribute] = s.SourcePath ?? "";
        if (s.AtomCount is int n) a[AtomCountAttribute] = (long)n;
        bool framesInOrder = true, timesKnown = false, idsFollowIndices = true;
        for (int f = 0; f < s.FrameCount; f++)
        {
            framesInOrder &= s.FrameIndices[f] == f;
            timesKnown |= !double.IsNaN(s.Times[f]);
        }
        for (int c = 0; c < s.CentreCount; c++) idsFollowIndices &= s.CentreIds[c] == indices[c] + 1;
        if (!framesInOrder) AddSplit(a, FramesAttribute, s.FrameIndices.Select(x => (long)x).ToArray());
        if (timesKnown) AddSplit(a, TimesAttribute, s.Times);
        if (!idsFollowIndices) AddSplit(a, AtomIdsAttribute, s.CentreIds.Select(x => (long)x).ToArray());
        return a;
    }

    /// <summary>An array as one attribute, or as name, name_1, name_2, … of at most <see cref="MaxAttributeValues"/> values each.</summary>
    private static void AddSplit<T>(Dictionary<string, object> a, string name, T[] values)
    {
        for (int part = 0, start = 0; start < values.Length || part == 0; part++, start += MaxAttributeValues)
            a[part == 0 ? name : $"{name}_{part}"] = values.AsSpan(start, Math.Min(MaxAttributeValues, values.Length - start)).ToArray();
    }

    /// <summary>Reads an array written by <see cref="AddSplit{T}"/>; null when absent.</summary>
    private static T[]? ReadSplit<T>(SoapifySoapReader r, string name)
    {
        if (r.Attribute(name) is not T[] first) return null;
        var all = new List<T>(first);
        for (int part = 1; r.Attribute($"{name}_{part}") is T[] next; part++) all.AddRange(next);
        return all.ToArray();
    }

    /// <summary>The SOAPify dataset <paramref name="datasetPath"/> as a SoapSpectrum bundle (see the class summary for what SOAPify's files lack).</summary>
    public static DataBundle Read(IHdf5File f, string datasetPath, CancellationToken cancel)
    {
        using var r = SoapifySoapReader.Open(f, datasetPath);
        var p = r.Parameters;
        MalformedFileException Bad(string problem) => new(r.FilePath, $"{r.DatasetPath}: {problem}");
        if (p.Engine != "dscribe")
            throw Bad($"SOAPengine is '{p.Engine}'; SoapLens reads SOAP computed by dscribe only (other engines use other radial bases).");
        if (!p.Crossover)
            throw Bad("the file holds no cross-species blocks (dscribe crossover off); SoapLens spectra always have them.");
        SoapParameters parameters;
        try { parameters = SoapParameters.Create(p.RCut, p.NMax, p.LMax, p.Sigma, p.Species); }
        catch (SoapLensException ex) { throw Bad(ex.Message); }
        var species = parameters.Species;
        if (!species.AsSpan().SequenceEqual(p.Species))
            throw Bad($"the species {string.Join(", ", p.Species)} are not in dscribe's order (ascending atomic number).");
        var map = SoapFeatureMap.For(parameters);
        if (r.Features != map.NativeCount)
            throw Bad($"{r.Features} features per centre; dscribe's native layout for these settings has {map.NativeCount}.");

        int frames = r.Frames, centres = r.Centres;
        var stored = p.CentreIndices;
        var indices = stored?.Select(i => checked((int)i)).ToArray() ?? Enumerable.Range(0, centres).ToArray();
        var ids = ReadSplit<long>(r, AtomIdsAttribute)?.Select(i => checked((int)i)).ToArray() ?? indices.Select(i => i + 1).ToArray();
        var frameIndices = ReadSplit<long>(r, FramesAttribute)?.Select(i => checked((int)i)).ToArray() ?? Enumerable.Range(0, frames).ToArray();
        var times = ReadSplit<double>(r, TimesAttribute);
        if (ids.Length != centres || frameIndices.Length != frames || times is not null && times.Length != frames)
            throw Bad($"its {Prefix}* attributes do not match the dataset's {frames} frames and {centres} centres.");
        int? atomCount = r.Attribute(AtomCountAttribute) is long n ? checked((int)n) : stored is null ? centres : null;
        var pbc = r.Attribute(PeriodicAttribute) is bool[] { Length: 3 } pb ? new Pbc(pb[0], pb[1], pb[2]) : Pbc.All;
        bool normalized = r.Attribute(NormalizedAttribute) is true;
        var layoutText = r.Attribute(LayoutAttribute) as string ?? nameof(SoapLayout.Dscribe);
        if (!Enum.TryParse<SoapLayout>(layoutText, ignoreCase: true, out var layout))
            throw Bad($"unknown {LayoutAttribute} '{layoutText}'.");
        // SoapLens' files say where the spectrum came from ("" = nowhere); SOAPify's came from this file.
        var source = r.Attribute(SourceAttribute) is string text ? text : Path.GetFullPath(r.FilePath);

        var values = layout == SoapLayout.Dscribe ? r.ReadArray(cancel) : ReadFull(r, map, cancel);
        var spectrum = SoapSpectrum.Create(parameters, layout, values, frameIndices, ids, times, pbc, normalized,
            source.Length == 0 ? null : source, indices, atomCount);
        return spectrum.ToBundle();
    }

    /// <summary>
    /// The stored native spectra in the Full layout, converted block by block so that the whole native
    /// array never sits in memory beside the converted one.
    /// </summary>
    private static NdArray ReadFull(SoapifySoapReader r, SoapFeatureMap map, CancellationToken cancel)
    {
        long total = (long)r.Frames * r.Centres * map.FullCount;
        if (total > Array.MaxLength)
            throw new SoapLensException("Hdf5DatasetTooLarge", ErrorKind.InvalidArgument,
                $"{r.FilePath}: {r.DatasetPath} in the Full layout would hold {total} values, more than one array can; import it in the Dscribe layout.", r.FilePath);
        var result = NdArray.Create(r.IsFloat32 ? NdType.Float32 : NdType.Float64, [r.Frames, r.Centres, map.FullCount]);
        if (result.Data is float[] f32) GatherBlocks(r, map, f32, cancel);
        else GatherBlocks(r, map, (double[])result.Data, cancel);
        return result;
    }

    private static void GatherBlocks<T>(SoapifySoapReader r, SoapFeatureMap map, T[] result, CancellationToken cancel) where T : unmanaged
    {
        int centres = r.Centres, native = r.Features, width = map.FullCount;
        int step = checked((int)Hdf5Chunking.RowsPerBlock([r.Frames, centres, native], r.ChunkShape, Unsafe.SizeOf<T>()));
        var buffer = new T[(long)Math.Min(step, r.Frames) * centres * native];
        for (int start = 0; start < r.Frames; start += step)
        {
            cancel.ThrowIfCancellationRequested();
            int n = Math.Min(step, r.Frames - start);
            r.ReadFrames<T>(start, n, buffer.AsSpan(0, n * centres * native));
            for (long v = 0; v < (long)n * centres; v++)
                Gather<T>(buffer.AsSpan((int)(v * native), native), map.NativeIndexOfFull,
                    result.AsSpan((int)(((long)start * centres + v) * width), width));
        }
    }
}
