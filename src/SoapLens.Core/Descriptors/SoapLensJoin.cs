using System.Globalization;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Pipeline;

namespace SoapLens.Descriptors;

/// <summary>Options of <see cref="SoapLensJoin"/> (Join-SoapLens).</summary>
public sealed record SoapLensJoinOptions
{
    /// <summary>Factor applied to the LENS column (1: the paper, both parts already on a [0, 1] scale).</summary>
    public double LensWeight { get; init; } = 1.0;

    /// <summary>Only the SOAP columns, on exactly the rows the join would have (the paper's SOAP-only comparison).</summary>
    public bool SoapOnly { get; init; }

    /// <summary>Worker threads (≤ 0: every core). The result does not depend on it.</summary>
    public int Threads { get; init; }

    public void Validate()
    {
        if (!double.IsFinite(LensWeight) || LensWeight < 0)
            throw SoapLensException.Argument($"LensWeight must be a finite, non-negative factor (got {LensWeight.ToString(CultureInfo.InvariantCulture)}).", nameof(LensWeight));
    }
}

/// <summary>
/// Which SOAP vectors and LENS values make the rows of χ_i^t = (p̂_i^t, δ_i(t, t+1)) (methods.md §4).
/// The LENS decides the frames: every value it still holds (after any Savitzky–Golay trim) gives one
/// output frame t = its start frame, and the SOAP of that same source frame is used. So the last
/// frame (which starts no interval) and the frames a trim removed are dropped from both parts, and
/// the two stay aligned whatever window or trim length was used. Centres are output in the SOAP's
/// order (ascending atom id).
/// </summary>
public sealed class SoapLensAlignment
{
    private const int ListedIds = 8;

    private SoapLensAlignment(int[] frames, int[] soapFrames, int[] lensTransitions, int[] centreIds, int[] lensCentres, int unusedSoapFrames)
    {
        Frames = frames;
        SoapFramePositions = soapFrames;
        LensTransitions = lensTransitions;
        CentreIds = centreIds;
        LensCentrePositions = lensCentres;
        UnusedSoapFrames = unusedSoapFrames;
    }

    /// <summary>Source frame index t of each output frame (ascending in the LENS's order).</summary>
    public int[] Frames { get; }

    /// <summary>Position in the spectrum's frames of each output frame.</summary>
    public int[] SoapFramePositions { get; }

    /// <summary>LENS value index (0..TransitionCount−1) of each output frame: δ(t, t+1).</summary>
    public int[] LensTransitions { get; }

    /// <summary>Atom id of each output centre (the spectrum's order).</summary>
    public int[] CentreIds { get; }

    /// <summary>Position in the LENS's centres of each output centre.</summary>
    public int[] LensCentrePositions { get; }

    /// <summary>Spectrum frames no row uses (the last frame, trimmed frames, frames outside the LENS).</summary>
    public int UnusedSoapFrames { get; }

    public int FrameCount => Frames.Length;
    public int CentreCount => CentreIds.Length;
    public long RowCount => (long)Frames.Length * CentreIds.Length;

    /// <summary>Pairs the frames and centres of <paramref name="soap"/> and <paramref name="lens"/>, or says clearly what differs.</summary>
    public static SoapLensAlignment Create(SoapSpectrum soap, LensSignal lens)
    {
        ArgumentNullException.ThrowIfNull(soap);
        ArgumentNullException.ThrowIfNull(lens);
        if (lens.Delay != 1)
            throw new SoapLensException("LensDelayNotOne", ErrorKind.InvalidArgument,
                $"Join-SoapLens pairs the SOAP of frame t with δ(t, t+1), but this LENS signal has a delay of {lens.Delay} frames; compute it with Get-LensSignal -Delay 1.", lens);

        // Centres: the same ids on both sides.
        var lensPos = new Dictionary<int, int>(lens.CentreCount);
        for (int i = 0; i < lens.CentreCount; i++) lensPos.TryAdd(lens.CentreIds[i], i);
        var onlySoap = soap.CentreIds.Where(id => !lensPos.ContainsKey(id)).ToArray();
        var soapIds = new HashSet<int>(soap.CentreIds);
        var onlyLens = lens.CentreIds.Where(id => !soapIds.Contains(id)).ToArray();
        if (onlySoap.Length > 0 || onlyLens.Length > 0 || lensPos.Count != lens.CentreCount)
            throw new SoapLensException("CentresDiffer", ErrorKind.InvalidArgument,
                $"The SOAP spectrum and the LENS signal must have the same centres: the spectrum has {soap.CentreCount} centres, the LENS signal {lens.CentreCount}" +
                (onlySoap.Length > 0 ? $"; {onlySoap.Length} ids only in the spectrum ({Ids(onlySoap)})" : "") +
                (onlyLens.Length > 0 ? $"; {onlyLens.Length} ids only in the LENS signal ({Ids(onlyLens)})" : "") +
                (lensPos.Count != lens.CentreCount ? "; the LENS signal lists some centre twice" : "") +
                ". Compute both with the same -Center selection.", lens);
        var lensCentres = new int[soap.CentreCount];
        for (int c = 0; c < lensCentres.Length; c++) lensCentres[c] = lensPos[soap.CentreIds[c]];

        // Frames: every LENS value whose interval starts at a real frame (SOAPify's leading zeros start before 0).
        var soapPos = new Dictionary<int, int>(soap.FrameCount);
        for (int f = 0; f < soap.FrameCount; f++) soapPos.TryAdd(soap.FrameIndices[f], f);
        var frames = new List<int>();
        var soapFrames = new List<int>();
        var transitions = new List<int>();
        var missing = new List<int>();
        for (int k = 0; k < lens.TransitionCount; k++)
        {
            int t = lens.StartFrames[k];
            if (t < 0) continue;
            if (!soapPos.TryGetValue(t, out int f)) { missing.Add(t); continue; }
            frames.Add(t);
            soapFrames.Add(f);
            transitions.Add(k);
        }
        if (missing.Count > 0)
            throw new SoapLensException("SoapFramesMissing", ErrorKind.InvalidArgument,
                $"The LENS signal has values starting at {missing.Count} source frames the SOAP spectrum does not have ({Ids(missing)}); " +
                $"the spectrum has {soap.FrameCount} frames ({Range(soap.FrameIndices)}), the LENS values start at frames {Range(lens.StartFrames.Where(s => s >= 0).ToArray())}. " +
                "Compute both from the same trajectory and frame selection.", soap);
        if (frames.Count == 0)
            throw new SoapLensException("NothingToJoin", ErrorKind.InvalidArgument,
                "The LENS signal holds no value for an interval (t, t+1) starting at a frame; there is nothing to join.", lens);
        var used = new HashSet<int>(soapFrames);
        return new SoapLensAlignment(frames.ToArray(), soapFrames.ToArray(), transitions.ToArray(), soap.CentreIds, lensCentres,
            soap.FrameCount - used.Count);
    }

    private static string Ids(IReadOnlyList<int> ids) =>
        string.Join(", ", ids.Take(ListedIds).Select(i => i.ToString(CultureInfo.InvariantCulture))) + (ids.Count > ListedIds ? ", ..." : "");

    private static string Range(int[] frames) => frames.Length == 0 ? "none" : $"{frames.Min()}..{frames.Max()}";
}

/// <summary>
/// The paper's combined vector (methods.md §4): one row per (frame t, centre i) with the
/// normalised full-layout SOAP of i at t followed by the LENS value δ_i(t, t+1), rows frame-major
/// and keyed by (t, atom id), F − 1 frames less any Savitzky–Golay trim (see
/// <see cref="SoapLensAlignment"/>). The SOAP part is exactly
/// <c>soap.ToLayout(SoapLayout.Full).Normalize()</c>, built vector by vector into the rows so that
/// the rows are the only new copy (two whole-spectrum intermediates would triple the peak memory of
/// a 10⁶ × 1728 water dataset); a spectrum already Full and normalised is copied as is.
/// </summary>
public static class SoapLensJoin
{
    public const string Source = "SoapLens";
    public const string SoapOnlySource = "SOAP (SoapLens rows)";
    public const string LensColumn = "lens";

    /// <summary>
    /// Builds the dataset. <paramref name="progress"/> (frames done, total) is called on the
    /// calling thread between batches of frames, where cancellation is also checked.
    /// </summary>
    public static Dataset Join(SoapSpectrum soap, LensSignal lens, SoapLensJoinOptions? options = null,
        Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        options ??= new SoapLensJoinOptions();
        options.Validate();
        var a = SoapLensAlignment.Create(soap, lens);
        var map = soap.Map;
        int n = map.FullCount, cols = options.SoapOnly ? n : n + 1, nc = a.CentreCount, nf = a.FrameCount;
        long total = a.RowCount * cols;
        if (total > Array.MaxLength)
            throw new SoapLensException("ResultTooLarge", ErrorKind.InvalidOperation,
                $"{a.RowCount} rows × {cols} columns do not fit in one array; join fewer frames or centres (e.g. Import-Trajectory -Step, or fewer -Center atoms).");
        var values = new double[total];
        double weight = options.LensWeight;
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel };
        int batch = Math.Max(threads, Math.Min(64, nf / 20 + 1));
        for (int start = 0; start < nf; start += batch)
        {
            cancel.ThrowIfCancellationRequested();
            int stop = Math.Min(nf, start + batch);
            // Each output frame writes only its own rows, so the result does not depend on the thread count.
            Parallel.For(start, stop, po, () => new double[soap.FeatureCount], (f, _, scratch) =>
            {
                int sf = a.SoapFramePositions[f], k = a.LensTransitions[f];
                for (int c = 0; c < nc; c++)
                {
                    var row = values.AsSpan(checked((int)(((long)f * nc + c) * cols)), cols);
                    UnitFullVector(soap, sf, c, row[..n], scratch);
                    if (!options.SoapOnly) row[n] = weight * lens[a.LensCentrePositions[c], k];
                }
                return scratch;
            }, _ => { });
            progress?.Invoke(stop, nf);
        }

        var names = map.FeatureNames(SoapLayout.Full);
        if (!options.SoapOnly) names = [.. names, LensColumn];
        return Dataset.FromGrid(values, a.Frames, a.CentreIds, cols, names, options.SoapOnly ? SoapOnlySource : Source,
            Parameters(soap, lens, a, options));
    }

    /// <summary>The vector of (frame position, centre position) as it is in soap.ToLayout(Full).Normalize().</summary>
    private static void UnitFullVector(SoapSpectrum soap, int frame, int centre, Span<double> destination, double[] scratch)
    {
        var map = soap.Map;
        if (soap.Layout == SoapLayout.Full) soap.CopyVector(frame, centre, destination);
        else
        {
            soap.CopyVector(frame, centre, scratch);
            map.Convert(soap.Layout, scratch, SoapLayout.Full, destination);
        }
        // Normalize reads the whole norm before writing, so normalising in place is safe.
        if (!soap.Normalized) SoapKernel.Normalize(map, SoapLayout.Full, destination, destination);
    }

    private static Dictionary<string, object> Parameters(SoapSpectrum soap, LensSignal lens, SoapLensAlignment a, SoapLensJoinOptions o)
    {
        var p = soap.Parameters.ToAttributes();
        p["layout"] = nameof(SoapLayout.Full);
        p["normalized"] = true;
        p["periodic"] = new[] { soap.Pbc.A, soap.Pbc.B, soap.Pbc.C };
        p["soap_only"] = o.SoapOnly;
        p["lens_r_cut"] = lens.RCut;
        p["lens_delay"] = (long)lens.Delay;
        p["lens_weight"] = o.LensWeight;
        p["lens_leading_zero"] = lens.LeadingZero;
        p["trim_start"] = (long)lens.TrimStart;
        p["trim_end"] = (long)lens.TrimEnd;
        lens.Smoothing?.WriteAttributes(p);
        p["first_frame"] = (long)a.Frames[0];
        p["last_frame"] = (long)a.Frames[^1];
        p["soap_source"] = soap.SourcePath ?? "";
        p["lens_source"] = lens.Source;
        return p;
    }
}
