using System.Globalization;
using SoapLens.Data;
using SoapLens.Geometry;
using SoapLens.Pipeline;

namespace SoapLens.Descriptors;

/// <summary>
/// SOAP power spectra of a set of centres over a set of frames: frames × centres × features in
/// one <see cref="SoapLayout"/>, with the source frame indices and times, the centre atom ids and
/// every parameter. Values are stored per frame (float64, or float32 when computed with
/// single-precision storage); the accessors always hand out float64.
/// </summary>
public sealed partial class SoapSpectrum : IBundleConvertible, IDatasetSource
{
    public const string Kind = "SoapSpectrum";
    public const string SpectrumVariable = "spectrum";

    private readonly double[]?[] _doubles;
    private readonly float[]?[] _singles;

    /// <summary>Wraps per-frame arrays (each centres × features, centre-major); one of the two lists holds the data.</summary>
    internal SoapSpectrum(SoapParameters parameters, SoapLayout layout, bool normalized, Pbc pbc, int[] frameIndices, double[] times,
        int[] centreIds, IReadOnlyList<double[]>? doubles, IReadOnlyList<float[]>? singles, string? sourcePath,
        int[]? centreIndices = null, int? atomCount = null)
    {
        if (centreIndices is not null && centreIndices.Length != centreIds.Length)
            throw SoapLensException.InvalidData($"{centreIndices.Length} centre indices for {centreIds.Length} centres.");
        if (atomCount is int n && (n < centreIds.Length || (centreIndices is not null && centreIndices.Any(i => i < 0 || i >= n))))
            throw SoapLensException.InvalidData($"The centre indices do not fit {n} atoms.");
        CentreIndices = centreIndices;
        AtomCount = atomCount;
        Parameters = parameters;
        Layout = layout;
        Normalized = normalized;
        Pbc = pbc;
        FrameIndices = frameIndices;
        Times = times;
        CentreIds = centreIds;
        SourcePath = sourcePath;
        Map = SoapFeatureMap.For(parameters);
        FeatureCount = Map.Count(layout);
        SinglePrecision = singles is not null;
        int nf = frameIndices.Length;
        if (times.Length != nf) throw new ArgumentException("There must be one time per frame.");
        _doubles = new double[]?[nf];
        _singles = new float[]?[nf];
        long perFrame = (long)centreIds.Length * FeatureCount;
        for (int f = 0; f < nf; f++)
        {
            Array data = (Array?)singles?[f] ?? doubles?[f] ?? throw new ArgumentException($"No values for frame {f}.");
            if (data.LongLength != perFrame)
                throw new ArgumentException($"Frame {f} holds {data.LongLength} values; {centreIds.Length} centres × {FeatureCount} features are needed.");
            if (SinglePrecision) _singles[f] = singles![f]; else _doubles[f] = doubles![f];
        }
    }

    /// <summary>
    /// A spectrum from a (frames, centres, features) array in <paramref name="layout"/> (float64 or
    /// float32), e.g. read from a file. The feature count must match the parameters and layout.
    /// </summary>
    /// <param name="centreIndices">0-based position of each centre among the source frames' atoms (sorted by id), when known.</param>
    /// <param name="atomCount">Atoms in each source frame, when known.</param>
    public static SoapSpectrum Create(SoapParameters parameters, SoapLayout layout, NdArray values, int[] frameIndices, int[] centreIds,
        double[]? times = null, Pbc pbc = default, bool normalized = false, string? sourcePath = null, int[]? centreIndices = null, int? atomCount = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(values);
        var map = SoapFeatureMap.For(parameters);
        int features = map.Count(layout);
        if (values.Rank != 3 || values.Shape[0] != frameIndices.Length || values.Shape[1] != centreIds.Length || values.Shape[2] != features)
            throw SoapLensException.InvalidData(
                $"A {layout} SOAP spectrum with {parameters} has {features} features per vector, so its array must be " +
                $"({frameIndices.Length}, {centreIds.Length}, {features}); got {values.ShapeText}.");
        int perFrame = centreIds.Length * features;
        int nf = frameIndices.Length;
        times ??= Enumerable.Repeat(double.NaN, nf).ToArray();
        if (values.DType == NdType.Float32)
        {
            var src = (float[])values.Data;
            var frames = new float[nf][];
            for (int f = 0; f < nf; f++) frames[f] = src.AsSpan(f * perFrame, perFrame).ToArray();
            return new SoapSpectrum(parameters, layout, normalized, pbc, frameIndices, times, centreIds, null, frames, sourcePath, centreIndices, atomCount);
        }
        var all = values.ToDoubleArray();
        var d = new double[nf][];
        for (int f = 0; f < nf; f++) d[f] = all.AsSpan(f * perFrame, perFrame).ToArray();
        return new SoapSpectrum(parameters, layout, normalized, pbc, frameIndices, times, centreIds, d, null, sourcePath, centreIndices, atomCount);
    }

    public SoapParameters Parameters { get; }
    public SoapLayout Layout { get; }

    /// <summary>True when every vector has unit full-layout norm (zero vectors stay zero).</summary>
    public bool Normalized { get; }

    /// <summary>True when values are stored as float32 (they were computed in float64).</summary>
    public bool SinglePrecision { get; }

    /// <summary>Periodic flags the spectra were computed with.</summary>
    public Pbc Pbc { get; }

    public double RCut => Parameters.RCut;
    public int NMax => Parameters.NMax;
    public int LMax => Parameters.LMax;
    public double Sigma => Parameters.Sigma;
    public string[] Species => Parameters.Species;

    /// <summary>The trajectory file the spectra came from, when known.</summary>
    public string? SourcePath { get; }

    public int FrameCount => FrameIndices.Length;
    public int CentreCount => CentreIds.Length;
    public int FeatureCount { get; }

    /// <summary>Source-file frame index of each frame.</summary>
    public int[] FrameIndices { get; }

    /// <summary>Time of each frame in ps (NaN when unknown).</summary>
    public double[] Times { get; }

    /// <summary>Atom id of each centre (ascending).</summary>
    public int[] CentreIds { get; }

    /// <summary>
    /// 0-based position of each centre among the atoms of the source frames, sorted by id (what SOAPify's
    /// centersIndexes holds); null when unknown (a spectrum built from an array without them).
    /// </summary>
    public int[]? CentreIndices { get; }

    /// <summary>Atoms in each source frame; null when unknown.</summary>
    public int? AtomCount { get; }

    public SoapFeatureMap Map { get; }

    /// <summary>(A, B, start, stop) of every species pair in this layout.</summary>
    public IReadOnlyList<SoapPairSlice> PairSlices => Map.Slices(Layout);

    /// <summary>Copies the vector of (frame position, centre position) into <paramref name="destination"/> as float64.</summary>
    public void CopyVector(int frame, int centre, Span<double> destination)
    {
        CheckIndex(frame, centre);
        if (destination.Length < FeatureCount) throw new ArgumentException($"The destination needs {FeatureCount} values.");
        int off = centre * FeatureCount;
        if (SinglePrecision)
        {
            var src = _singles[frame].AsSpan(off, FeatureCount);
            for (int i = 0; i < src.Length; i++) destination[i] = src[i];
        }
        else _doubles[frame].AsSpan(off, FeatureCount).CopyTo(destination);
    }

    /// <summary>The vector of (frame position, centre position) without a copy (float64 storage only; use <see cref="CopyVector"/> otherwise).</summary>
    public ReadOnlySpan<double> GetVector(int frame, int centre)
    {
        CheckIndex(frame, centre);
        if (SinglePrecision)
            throw new InvalidOperationException("This spectrum stores float32 values: use CopyVector or GetVectorSingle.");
        return _doubles[frame].AsSpan(centre * FeatureCount, FeatureCount);
    }

    /// <summary>The stored float32 vector (single-precision storage only).</summary>
    public ReadOnlySpan<float> GetVectorSingle(int frame, int centre)
    {
        CheckIndex(frame, centre);
        if (!SinglePrecision) throw new InvalidOperationException("This spectrum stores float64 values: use GetVector.");
        return _singles[frame].AsSpan(centre * FeatureCount, FeatureCount);
    }

    /// <summary>A copy of one vector as a new array (convenient in PowerShell).</summary>
    public double[] Vector(int frame, int centre)
    {
        var v = new double[FeatureCount];
        CopyVector(frame, centre, v);
        return v;
    }

    /// <summary>Position of a source frame index in <see cref="FrameIndices"/>, or −1.</summary>
    public int FramePosition(int frameIndex) => Array.IndexOf(FrameIndices, frameIndex);

    /// <summary>Position of an atom id in <see cref="CentreIds"/>, or −1.</summary>
    public int CentrePosition(int atomId) => Array.BinarySearch(CentreIds, atomId) is var i && i >= 0 ? i : -1;

    private void CheckIndex(int frame, int centre)
    {
        if ((uint)frame >= (uint)FrameCount) throw new ArgumentOutOfRangeException(nameof(frame), $"Frame position {frame} is outside 0..{FrameCount - 1}.");
        if ((uint)centre >= (uint)CentreCount) throw new ArgumentOutOfRangeException(nameof(centre), $"Centre position {centre} is outside 0..{CentreCount - 1}.");
    }

    /// <summary>The same spectra in another layout (a pure gather; this instance when the layout is already right).</summary>
    public SoapSpectrum ToLayout(SoapLayout layout) =>
        layout == Layout ? this : Transform(layout, Normalized, (src, dst) => Map.Convert(Layout, src, layout, dst));

    /// <summary>
    /// Every vector divided by the L2 norm of its full-layout vector (the paper's normalisation; in the
    /// Dscribe layout the n ≠ n' entries of a same-species block count twice in that norm, so that
    /// Normalize and ToLayout commute). Zero vectors stay zero.
    /// </summary>
    public SoapSpectrum Normalize()
    {
        if (Normalized) return this;
        return Transform(Layout, true, (src, dst) => SoapKernel.Normalize(Map, Layout, src, dst));
    }

    private delegate void VectorMap(ReadOnlySpan<double> source, Span<double> destination);

    private SoapSpectrum Transform(SoapLayout layout, bool normalized, VectorMap map)
    {
        int outFeatures = Map.Count(layout);
        int nf = FrameCount, nc = CentreCount;
        var d = SinglePrecision ? null : new double[nf][];
        var s = SinglePrecision ? new float[nf][] : null;
        var src = new double[FeatureCount];
        var dst = new double[outFeatures];
        for (int f = 0; f < nf; f++)
        {
            if (d is not null) d[f] = new double[nc * outFeatures]; else s![f] = new float[nc * outFeatures];
            for (int c = 0; c < nc; c++)
            {
                CopyVector(f, c, src);
                map(src, dst);
                if (d is not null) dst.CopyTo(d[f].AsSpan(c * outFeatures));
                else
                {
                    var o = s![f].AsSpan(c * outFeatures, outFeatures);
                    for (int i = 0; i < outFeatures; i++) o[i] = (float)dst[i];
                }
            }
        }
        return new SoapSpectrum(Parameters, layout, normalized, Pbc, FrameIndices, Times, CentreIds, d, s, SourcePath, CentreIndices, AtomCount);
    }

    /// <summary>All values as one C-ordered (frames, centres, features) float64 array (a copy).</summary>
    public double[] ToArray()
    {
        long perFrame = (long)CentreCount * FeatureCount;
        long total = perFrame * FrameCount;
        if (total > Array.MaxLength)
            throw new SoapLensException("ResultTooLarge", ErrorKind.InvalidOperation,
                $"{FrameCount} × {CentreCount} × {FeatureCount} values do not fit in one array; select fewer frames or centres.");
        var all = new double[total];
        for (int f = 0; f < FrameCount; f++)
        {
            var dest = all.AsSpan((int)(f * perFrame), (int)perFrame);
            if (SinglePrecision)
            {
                var src = _singles[f]!;
                for (int i = 0; i < src.Length; i++) dest[i] = src[i];
            }
            else _doubles[f].AsSpan().CopyTo(dest);
        }
        return all;
    }

    private NdArray ToNdArray()
    {
        if (!SinglePrecision) return NdArray.Of(ToArray(), FrameCount, CentreCount, FeatureCount);
        long perFrame = (long)CentreCount * FeatureCount;
        var all = new float[checked((int)(perFrame * FrameCount))];
        for (int f = 0; f < FrameCount; f++) _singles[f].AsSpan().CopyTo(all.AsSpan((int)(f * perFrame)));
        return NdArray.Of(all, FrameCount, CentreCount, FeatureCount);
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add(SpectrumVariable, ToNdArray(), "frame", "centre", "feature");
        b.AddCoordinate("frame", "frame", NdArray.Of(FrameIndices));
        b.AddCoordinate("time", "frame", NdArray.Of(Times));
        b.AddCoordinate("atom_id", "centre", NdArray.Of(CentreIds));
        if (CentreIndices is not null) b.AddCoordinate("atom_index", "centre", NdArray.Of(CentreIndices));
        foreach (var (k, v) in Attributes()) b.Attributes[k] = v;
        foreach (var slice in PairSlices)
            b.Attributes[$"species_location_{slice.A}-{slice.B}"] = new long[] { slice.Start, slice.Stop };
        return b;
    }

    private Dictionary<string, object> Attributes()
    {
        var a = Parameters.ToAttributes();
        a["layout"] = Layout.ToString();
        a["normalized"] = Normalized;
        a["periodic"] = new[] { Pbc.A, Pbc.B, Pbc.C };
        a["rbf"] = "gto";
        a["source"] = SourcePath ?? "";
        if (AtomCount is int n) a["atom_count"] = (long)n;
        return a;
    }

    /// <summary>The layout a SoapSpectrum bundle records (Dscribe when it says nothing).</summary>
    public static SoapLayout LayoutOf(DataBundle b)
    {
        var text = b.GetAttribute("layout", nameof(SoapLayout.Dscribe));
        return Enum.TryParse<SoapLayout>(text, ignoreCase: true, out var layout) ? layout
            : throw SoapLensException.InvalidData($"Unknown SOAP layout '{text}' (expected Dscribe or Full).");
    }

    public static SoapSpectrum FromBundle(DataBundle b)
    {
        var v = b.Get(SpectrumVariable).Values;
        var p = SoapParameters.FromAttributes(b);
        var layout = LayoutOf(b);
        if (v.Rank != 3) throw SoapLensException.InvalidData($"A SOAP spectrum array must be (frames, centres, features); got {v.ShapeText}.");
        var frames = b.FindCoordinate("frame")?.Values.ToInt32Array() ?? Enumerable.Range(0, v.Shape[0]).ToArray();
        var ids = b.FindCoordinate("atom_id")?.Values.ToInt32Array() ?? Enumerable.Range(1, v.Shape[1]).ToArray();
        var times = b.FindCoordinate("time")?.Values.ToDoubleArray();
        var indices = b.FindCoordinate("atom_index")?.Values.ToInt32Array();
        int? atomCount = b.GetInt64s("atom_count") is [var n] ? checked((int)n) : null;
        var periodic = b.Attributes.TryGetValue("periodic", out var po) && po is bool[] { Length: 3 } pb ? new Pbc(pb[0], pb[1], pb[2]) : Pbc.None;
        var source = b.GetAttribute("source", "");
        if (v.DType is not (NdType.Float64 or NdType.Float32)) v = NdArray.Of(v.ToDoubleArray(), v.Shape);
        return Create(p, layout, v, frames, ids, times, periodic, b.GetAttribute("normalized", false), source.Length == 0 ? null : source,
            indices, atomCount);
    }

    /// <summary>Rows (frame, centre), frame-major; columns = the features of this layout (a float64 copy).</summary>
    public Dataset ToDataset()
    {
        var parameters = Attributes();
        return Dataset.FromGrid(ToArray(), FrameIndices, CentreIds, FeatureCount, Map.FeatureNames(Layout),
            $"SOAP {Layout}{(Normalized ? " normalised" : "")}", parameters);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"SoapSpectrum {FrameCount} frames × {CentreCount} centres × {FeatureCount} features ({Layout}{(Normalized ? ", normalised" : "")}; {Parameters})");
}
