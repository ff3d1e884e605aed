using System.Globalization;
using SoapLens.Data;
using SoapLens.Geometry;
using SoapLens.Pipeline;

namespace SoapLens.Descriptors;

/// <summary>
/// time-SOAP (tSOAP): for every centre, the SOAP distance between its spectrum at frame t and at
/// frame t − w, tSOAP_i(t) = √(2 − 2 p̂_i(t)·p̂_i(t−w)) (full-layout normalised vectors). Stored
/// (frames − w) × centres, frame-major; row k belongs to frame t = <see cref="FrameIndices"/>[k]
/// and compares it with <see cref="ReferenceFrameIndices"/>[k], the frame w positions earlier in the
/// input. Values lie in [0, 2].
/// </summary>
public sealed class TimeSoap : IBundleConvertible, IDatasetSource, IPerAtomColumns
{
    public const string Kind = "TimeSoap";

    public TimeSoap(double[] values, int window, int[] frameIndices, int[] referenceFrameIndices, double[] times, int[] centreIds,
        SoapParameters parameters, Pbc pbc = default, string? sourcePath = null)
    {
        if (window < 1) throw new ArgumentOutOfRangeException(nameof(window));
        if (referenceFrameIndices.Length != frameIndices.Length || times.Length != frameIndices.Length)
            throw new ArgumentException("One reference frame and one time per frame are needed.");
        if (values.LongLength != (long)frameIndices.Length * centreIds.Length)
            throw new ArgumentException($"{frameIndices.Length} frames × {centreIds.Length} centres need {frameIndices.Length * centreIds.Length} values.");
        Values = values;
        Window = window;
        FrameIndices = frameIndices;
        ReferenceFrameIndices = referenceFrameIndices;
        Times = times;
        CentreIds = centreIds;
        Parameters = parameters;
        Pbc = pbc;
        SourcePath = sourcePath;
    }

    /// <summary>tSOAP values, (frames − w) × centres, frame-major.</summary>
    public double[] Values { get; }

    /// <summary>The delay w in frames of the input (positions in the frame list, not source indices).</summary>
    public int Window { get; }

    /// <summary>Source index of the later frame t of each row.</summary>
    public int[] FrameIndices { get; }

    /// <summary>Source index of the earlier frame t − w of each row.</summary>
    public int[] ReferenceFrameIndices { get; }

    /// <summary>Time of frame t in ps (NaN when unknown).</summary>
    public double[] Times { get; }

    public int[] CentreIds { get; }
    public SoapParameters Parameters { get; }
    public Pbc Pbc { get; }
    public string? SourcePath { get; }
    public int FrameCount => FrameIndices.Length;
    public int CentreCount => CentreIds.Length;

    public double this[int frame, int centre] => Values[(long)frame * CentreCount + centre];

    /// <summary>The series of one centre (by position) over the frames.</summary>
    public double[] Series(int centre)
    {
        var s = new double[FrameCount];
        for (int f = 0; f < FrameCount; f++) s[f] = this[f, centre];
        return s;
    }

    public IReadOnlyList<string> ColumnNames { get; } = ["tsoap"];

    public bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        int f = Array.IndexOf(FrameIndices, frameIndex);
        if (f < 0) return false;
        for (int a = 0; a < atomIds.Length; a++)
        {
            int c = Array.BinarySearch(CentreIds, atomIds[a]);
            destination[a] = c >= 0 ? this[f, c] : double.NaN;
        }
        return true;
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add("tsoap", NdArray.Of(Values, FrameCount, CentreCount), "frame", "centre");
        b.AddCoordinate("frame", "frame", NdArray.Of(FrameIndices));
        b.AddCoordinate("reference_frame", "frame", NdArray.Of(ReferenceFrameIndices));
        b.AddCoordinate("time", "frame", NdArray.Of(Times));
        b.AddCoordinate("atom_id", "centre", NdArray.Of(CentreIds));
        foreach (var (k, v) in Attributes()) b.Attributes[k] = v;
        return b;
    }

    private Dictionary<string, object> Attributes()
    {
        var a = Parameters.ToAttributes();
        a["window"] = (long)Window;
        a["periodic"] = new[] { Pbc.A, Pbc.B, Pbc.C };
        a["source"] = SourcePath ?? "";
        return a;
    }

    public static TimeSoap FromBundle(DataBundle b)
    {
        var v = b.Get("tsoap").Values;
        if (v.Rank != 2) throw SoapLensException.InvalidData($"A tSOAP array must be (frames, centres); got {v.ShapeText}.");
        int nf = v.Shape[0], nc = v.Shape[1];
        var frames = b.FindCoordinate("frame")?.Values.ToInt32Array() ?? Enumerable.Range(0, nf).ToArray();
        long window = b.GetInt64s("window") is [var w] ? w : 1;
        var refs = b.FindCoordinate("reference_frame")?.Values.ToInt32Array() ?? frames.Select(f => f - (int)window).ToArray();
        var times = b.FindCoordinate("time")?.Values.ToDoubleArray() ?? Enumerable.Repeat(double.NaN, nf).ToArray();
        var ids = b.FindCoordinate("atom_id")?.Values.ToInt32Array() ?? Enumerable.Range(1, nc).ToArray();
        var p = SoapParameters.FromAttributes(b);
        var pbc = b.Attributes.TryGetValue("periodic", out var po) && po is bool[] { Length: 3 } pb ? new Pbc(pb[0], pb[1], pb[2]) : Pbc.None;
        var source = b.GetAttribute("source", "");
        return new TimeSoap(v.ToDoubleArray(), checked((int)window), frames, refs, times, ids, p, pbc, source.Length == 0 ? null : source);
    }

    /// <summary>Rows (frame t, centre), frame-major; one column "tsoap".</summary>
    public Dataset ToDataset() =>
        Dataset.FromGrid(Values, FrameIndices, CentreIds, 1, ["tsoap"], $"tSOAP window {Window}", Attributes());

    /// <summary>tSOAP of a whole spectrum (any layout; the distance always uses the full-layout inner product).</summary>
    public static TimeSoap FromSpectrum(SoapSpectrum spectrum, int window)
    {
        var builder = new TimeSoapBuilder(spectrum.Parameters, spectrum.Layout, window, spectrum.CentreIds, spectrum.Pbc, spectrum.SourcePath);
        var frame = new double[spectrum.CentreCount * spectrum.FeatureCount];
        for (int f = 0; f < spectrum.FrameCount; f++)
        {
            for (int c = 0; c < spectrum.CentreCount; c++)
                spectrum.CopyVector(f, c, frame.AsSpan(c * spectrum.FeatureCount, spectrum.FeatureCount));
            builder.Add(spectrum.FrameIndices[f], spectrum.Times[f], frame);
        }
        return builder.Build();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"TimeSoap {FrameCount} frames × {CentreCount} centres (window {Window}; {Parameters})");
}

/// <summary>
/// Builds a <see cref="TimeSoap"/> from frames of spectra arriving in order, keeping only the last
/// w frames of normalised vectors (memory w × centres × features, whatever the trajectory length).
/// </summary>
public sealed class TimeSoapBuilder
{
    private readonly SoapFeatureMap _map;
    private readonly SoapLayout _layout;
    private readonly int _features;
    private readonly double[][] _ring;
    private readonly int[] _ringFrame;
    private readonly List<double> _values = new();
    private readonly List<int> _frames = new(), _references = new();
    private readonly List<double> _times = new();
    private readonly SoapParameters _parameters;
    private readonly int[] _centreIds;
    private readonly Pbc _pbc;
    private readonly string? _source;
    private int _added;

    public TimeSoapBuilder(SoapParameters parameters, SoapLayout layout, int window, int[] centreIds, Pbc pbc = default, string? sourcePath = null)
    {
        if (window < 1)
            throw new SoapLensException("TimeSoapWindowInvalid", ErrorKind.InvalidArgument, $"The tSOAP window must be at least 1 frame (got {window}).", window);
        _parameters = parameters;
        _map = SoapFeatureMap.For(parameters);
        _layout = layout;
        _features = _map.Count(layout);
        Window = window;
        _centreIds = centreIds;
        _pbc = pbc;
        _source = sourcePath;
        _ring = new double[window][];
        _ringFrame = new int[window];
    }

    public int Window { get; }

    /// <summary>Adds the next frame: every centre's vector, centre-major, raw or normalised.</summary>
    public void Add(int frameIndex, double time, ReadOnlySpan<double> vectors)
    {
        int nc = _centreIds.Length;
        if (vectors.Length != nc * _features)
            throw new ArgumentException($"A frame needs {nc} × {_features} values, got {vectors.Length}.");
        int slot = _added % Window;
        var previous = _added >= Window ? _ring[slot] : null;
        var current = new double[nc * _features];
        for (int c = 0; c < nc; c++)
            SoapKernel.Normalize(_map, _layout, vectors.Slice(c * _features, _features), current.AsSpan(c * _features, _features));
        if (previous is not null)
        {
            for (int c = 0; c < nc; c++)
            {
                var a = current.AsSpan(c * _features, _features);
                var b = previous.AsSpan(c * _features, _features);
                _values.Add(SoapKernel.UnitDistance(_map, _layout, a, b));
            }
            _frames.Add(frameIndex);
            _references.Add(_ringFrame[slot]);
            _times.Add(time);
        }
        _ring[slot] = current;
        _ringFrame[slot] = frameIndex;
        _added++;
    }

    /// <summary>Adds the next frame from float32 vectors.</summary>
    public void Add(int frameIndex, double time, ReadOnlySpan<float> vectors)
    {
        var d = new double[vectors.Length];
        for (int i = 0; i < d.Length; i++) d[i] = vectors[i];
        Add(frameIndex, time, d);
    }

    public int FramesAdded => _added;

    public TimeSoap Build()
    {
        if (_added <= Window)
            throw new SoapLensException("TimeSoapTooFewFrames", ErrorKind.InvalidArgument,
                $"tSOAP with a window of {Window} frames needs more than {Window} frames; the input has {_added}.", _added);
        return new TimeSoap(_values.ToArray(), Window, _frames.ToArray(), _references.ToArray(), _times.ToArray(), _centreIds, _parameters, _pbc, _source);
    }
}
