using System.Globalization;
using SoapLens.Data;

namespace SoapLens.Dynamics;

/// <summary>
/// LENS values of a set of centres along a trajectory: per centre a series of
/// <see cref="TransitionCount"/> values, value k being δ(StartFrames[k], EndFrames[k]) with
/// EndFrames[k] = StartFrames[k] + τ frames (F − τ values for F frames; SOAPify's layout puts τ
/// zeros in front, see <see cref="LeadingZero"/>), plus the neighbour counts |N_i(t)| of every frame
/// and, after <see cref="Smooth"/>, the Savitzky–Golay parameters. Values are stored centre-major.
/// </summary>
public sealed partial class LensSignal : IBundleConvertible, IDatasetSource, IPerAtomColumns
{
    public const string Kind = "LensSignal";
    public const string ColumnName = "lens";

    private Dictionary<int, int>? _transitionOfKeyFrame;
    private Dictionary<int, int>? _centreOfId;

    public LensSignal(int[] centreIds, int[] frameIndices, int delay, double rCut, double[] values, int transitionCount,
        int[] startFrames, int[] endFrames, int[]? neighbourCounts, bool leadingZero, string source,
        string? centreDescription = null, string? environmentDescription = null,
        SavitzkyGolayOptions? smoothing = null, int trimStart = 0, int trimEnd = 0)
    {
        if (delay < 1) throw new ArgumentException("The delay must be at least 1.");
        if (transitionCount < 0 || values.LongLength != (long)centreIds.Length * transitionCount)
            throw new ArgumentException($"{centreIds.Length} centres x {transitionCount} transitions need {(long)centreIds.Length * transitionCount} values, got {values.LongLength}.");
        if (startFrames.Length != transitionCount || endFrames.Length != transitionCount)
            throw new ArgumentException("There must be one start and one end frame per transition.");
        if (neighbourCounts is not null && neighbourCounts.LongLength != (long)frameIndices.Length * centreIds.Length)
            throw new ArgumentException("Neighbour counts must be frames x centres.");
        CentreIds = centreIds;
        FrameIndices = frameIndices;
        Delay = delay;
        RCut = rCut;
        Values = values;
        TransitionCount = transitionCount;
        StartFrames = startFrames;
        EndFrames = endFrames;
        NeighbourCounts = neighbourCounts;
        LeadingZero = leadingZero;
        Source = source;
        CentreDescription = centreDescription ?? $"{centreIds.Length} atoms";
        EnvironmentDescription = environmentDescription ?? "all atoms";
        Smoothing = smoothing;
        TrimStart = trimStart;
        TrimEnd = trimEnd;
    }

    /// <summary>Atom ids of the centres, in output order.</summary>
    public int[] CentreIds { get; }
    public int CentreCount => CentreIds.Length;

    /// <summary>Source frame indices of the F frames the neighbour sets were computed for.</summary>
    public int[] FrameIndices { get; }
    public int FrameCount => FrameIndices.Length;

    /// <summary>τ in frames.</summary>
    public int Delay { get; }

    /// <summary>Cutoff in Å (inclusive).</summary>
    public double RCut { get; }

    /// <summary>Values per centre (F − τ, or F with <see cref="LeadingZero"/>, less any trimmed ones).</summary>
    public int TransitionCount { get; }

    /// <summary>All values, centre-major: centre c's series is Values[c·T .. (c+1)·T).</summary>
    public double[] Values { get; }

    /// <summary>Source frame where each value's interval starts; negative for the zero padding of <see cref="LeadingZero"/>.</summary>
    public int[] StartFrames { get; }

    /// <summary>Source frame where each value's interval ends (start + τ frames).</summary>
    public int[] EndFrames { get; }

    /// <summary>|N_i(t)| per frame and centre, frame-major (F × centres); null when read back from a file that did not keep them.</summary>
    public int[]? NeighbourCounts { get; }

    /// <summary>SOAPify's layout: τ zeros in front, value k filed under frame k (δ(k − τ, k)).</summary>
    public bool LeadingZero { get; }

    public string Source { get; }
    public string CentreDescription { get; }
    public string EnvironmentDescription { get; }

    /// <summary>The last Savitzky–Golay smoothing applied (null: raw values).</summary>
    public SavitzkyGolayOptions? Smoothing { get; }
    public bool IsSmoothed => Smoothing is not null;
    public bool Clipped => Smoothing?.Clip ?? false;

    /// <summary>Values trimmed off the start / end of every series by smoothing.</summary>
    public int TrimStart { get; }
    public int TrimEnd { get; }

    /// <summary>
    /// The frame each value is filed under in datasets and trajectory columns: the start frame
    /// (χ_i^t pairs SOAP at t with δ(t, t+τ)), or the end frame in SOAPify's leading-zero layout.
    /// </summary>
    public int[] KeyFrames => LeadingZero ? EndFrames : StartFrames;

    /// <summary>The series of centre position <paramref name="centre"/> (0..CentreCount−1).</summary>
    public ReadOnlySpan<double> Series(int centre) => Values.AsSpan(checked(centre * TransitionCount), TransitionCount);

    /// <summary>A copy of centre position <paramref name="centre"/>'s series (for PowerShell, which cannot use spans).</summary>
    public double[] GetSeries(int centre) => Series(centre).ToArray();

    public double this[int centre, int transition] => Values[(long)centre * TransitionCount + transition];

    /// <summary>|N| of centre position <paramref name="centre"/> at frame position <paramref name="frame"/>.</summary>
    public int NeighbourCount(int frame, int centre) =>
        (NeighbourCounts ?? throw new InvalidOperationException("This LENS result carries no neighbour counts."))[(long)frame * CentreCount + centre];

    /// <summary>Position of a centre id in <see cref="CentreIds"/>, or −1.</summary>
    public int IndexOfCentre(int atomId)
    {
        _centreOfId ??= BuildIndex(CentreIds);
        return _centreOfId.TryGetValue(atomId, out var i) ? i : -1;
    }

    private static Dictionary<int, int> BuildIndex(int[] keys)
    {
        var d = new Dictionary<int, int>(keys.Length);
        for (int i = 0; i < keys.Length; i++) d.TryAdd(keys[i], i);
        return d;
    }

    /// <summary>Applies Savitzky–Golay smoothing to every centre's series (then clip/trim as asked).</summary>
    public LensSignal Smooth(SavitzkyGolayOptions options, int threads = 0)
    {
        var filter = new SavitzkyGolayFilter(options, TransitionCount);
        int t = TransitionCount, trim = options.TrimEach, tOut = filter.OutputLength, c = CentreCount;
        var values = new double[(long)c * tOut];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, c, po, () => new double[t], (i, _, buf) =>
        {
            filter.Apply(Series(i), buf);
            buf.AsSpan(trim, tOut).CopyTo(values.AsSpan(checked(i * tOut), tOut));
            return buf;
        }, _ => { });
        return new LensSignal(CentreIds, FrameIndices, Delay, RCut, values, tOut,
            StartFrames[trim..(t - trim)], EndFrames[trim..(t - trim)], NeighbourCounts, LeadingZero, Source,
            CentreDescription, EnvironmentDescription, options, TrimStart + trim, TrimEnd + trim);
    }

    private Dictionary<string, object> Parameters()
    {
        var p = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["r_cut"] = RCut,
            ["delay"] = (long)Delay,
            ["leading_zero"] = LeadingZero,
            ["source"] = Source,
            ["centres"] = CentreDescription,
            ["environment"] = EnvironmentDescription,
            ["frame_indices"] = FrameIndices.Select(i => (long)i).ToArray(),
            ["trim_start"] = (long)TrimStart,
            ["trim_end"] = (long)TrimEnd,
        };
        Smoothing?.WriteAttributes(p);
        return p;
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add(ColumnName, NdArray.Of(Values, CentreCount, TransitionCount), "centre", "transition");
        if (NeighbourCounts is not null)
            b.Add("counts", NdArray.Of(NeighbourCounts.Select(x => (long)x).ToArray(), FrameCount, CentreCount), "frame", "centre");
        b.AddCoordinate("atom_id", "centre", NdArray.Of(CentreIds));
        b.AddCoordinate("start_frame", "transition", NdArray.Of(StartFrames));
        b.AddCoordinate("end_frame", "transition", NdArray.Of(EndFrames));
        b.AddCoordinate("frame", "frame", NdArray.Of(FrameIndices));
        foreach (var (k, v) in Parameters()) b.Attributes[k] = v;
        return b;
    }

    public static LensSignal FromBundle(DataBundle b)
    {
        var lens = b.Get(ColumnName);
        if (lens.Values.Rank != 2) throw new ArgumentException($"'{ColumnName}' must be (centre, transition), got {lens.Values.ShapeText}.");
        int c = lens.Values.Shape[0], t = lens.Values.Shape[1];
        int[] Coord(string name, int length, Func<int[]> fallback) =>
            b.FindCoordinate(name) is { } co && co.Values.Length == length ? co.Values.ToInt32Array() : fallback();
        int delay = checked((int)b.GetAttribute("delay", 1L));
        var ids = Coord("atom_id", c, () => Enumerable.Range(0, c).ToArray());
        var start = Coord("start_frame", t, () => Enumerable.Range(0, t).ToArray());
        var end = Coord("end_frame", t, () => start.Select(s => s + delay).ToArray());
        var frames = b.FindCoordinate("frame")?.Values.ToInt32Array()
            ?? b.GetInt64s("frame_indices")?.Select(x => checked((int)x)).ToArray()
            ?? start.Concat(end).Where(f => f >= 0).Distinct().Order().ToArray();
        var countsVar = b.Find("counts");
        int[]? counts = countsVar is not null && countsVar.Values.Length == (long)frames.Length * c
            ? countsVar.Values.ToInt64Array().Select(x => checked((int)x)).ToArray() : null;
        return new LensSignal(ids, frames, delay, b.GetAttribute("r_cut", double.NaN), lens.Values.ToDoubleArray(), t, start, end, counts,
            b.GetAttribute("leading_zero", false), b.GetAttribute("source", Kind), b.GetAttribute<string?>("centres", null),
            b.GetAttribute<string?>("environment", null), SavitzkyGolayOptions.FromAttributes(b),
            checked((int)b.GetAttribute("trim_start", 0L)), checked((int)b.GetAttribute("trim_end", 0L)));
    }

    /// <summary>Rows (key frame, centre), frame-major, one column "lens".</summary>
    public Dataset ToDataset()
    {
        int c = CentreCount, t = TransitionCount;
        var v = new double[(long)c * t];
        for (int k = 0; k < t; k++)
            for (int i = 0; i < c; i++) v[(long)k * c + i] = Values[(long)i * t + k];
        var p = Parameters();
        p.Remove("source");
        p.Remove("frame_indices");
        return Dataset.FromGrid(v, KeyFrames, CentreIds, 1, [ColumnName], $"LENS ({Source})", p);
    }

    IReadOnlyList<string> IPerAtomColumns.ColumnNames => [ColumnName];

    /// <summary>The values filed under source frame <paramref name="frameIndex"/> (see <see cref="KeyFrames"/>); NaN for atoms that are not centres.</summary>
    public bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        _transitionOfKeyFrame ??= BuildIndex(KeyFrames);
        if (!_transitionOfKeyFrame.TryGetValue(frameIndex, out int k)) return false;
        for (int a = 0; a < atomIds.Length; a++)
        {
            int i = IndexOfCentre(atomIds[a]);
            destination[a] = i >= 0 ? Values[(long)i * TransitionCount + k] : double.NaN;
        }
        return true;
    }

    /// <summary>Short text for the format view: "raw" or the smoothing parameters.</summary>
    public string SmoothingText => Smoothing?.Describe() ?? "raw";

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"LENS {CentreCount} centres x {TransitionCount} values (r_cut {RCut:0.###} Å, delay {Delay}{(LeadingZero ? ", leading zero" : "")}, {SmoothingText})");
}
