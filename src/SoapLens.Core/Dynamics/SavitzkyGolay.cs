using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>Edge handling of <see cref="SavitzkyGolay"/>, as scipy.signal.savgol_filter's mode.</summary>
public enum SavitzkyGolayMode
{
    /// <summary>Polynomial fitted to the first/last window evaluated at the edge points (SciPy's default).</summary>
    Interp,
    /// <summary>Reflect about the edge sample without repeating it: d c b | a b c d | c b a.</summary>
    Mirror,
    /// <summary>Repeat the edge sample: a a a | a b c d | d d d.</summary>
    Nearest,
    /// <summary>Pad with <see cref="SavitzkyGolayOptions.Cval"/>.</summary>
    Constant,
    /// <summary>Periodic: b c d | a b c d | a b c.</summary>
    Wrap,
}

/// <summary>
/// Parameters of scipy.signal.savgol_filter (SciPy 1.10) plus the paper's post-processing: clip
/// the smoothed values to [0, 1] and trim window_length // 2 values (or <see cref="TrimLength"/>)
/// off each end of the time axis.
/// </summary>
public sealed record SavitzkyGolayOptions
{
    public required int WindowLength { get; init; }
    public required int PolyOrder { get; init; }
    public int Deriv { get; init; }
    public double Delta { get; init; } = 1.0;
    public SavitzkyGolayMode Mode { get; init; } = SavitzkyGolayMode.Interp;
    public double Cval { get; init; }

    /// <summary>Clamp the filtered values to [0, 1] (LENS values live there).</summary>
    public bool Clip { get; init; }

    /// <summary>Drop window_length // 2 values (or <see cref="TrimLength"/>) at each end, where the filter saw an incomplete window.</summary>
    public bool Trim { get; init; }

    /// <summary>
    /// Values trimmed at each end with <see cref="Trim"/> when not window_length // 2 (null). The
    /// reference protocols of shared/data trim 10 frames whatever the window (100 for mW water).
    /// </summary>
    public int? TrimLength { get; init; }

    /// <summary>window_length // 2: the values trimmed at each end with <see cref="Trim"/> by default.</summary>
    public int HalfWindow => WindowLength / 2;

    /// <summary>Values removed at each end of a series.</summary>
    public int TrimEach => Trim ? TrimLength ?? HalfWindow : 0;

    /// <summary>Checks the parameters as SciPy does (and a series length when known).</summary>
    public void Validate(int? length = null)
    {
        if (WindowLength < 1) throw SoapLensException.Argument($"WindowLength must be a positive integer (got {WindowLength}).", nameof(WindowLength));
        if (PolyOrder < 0) throw SoapLensException.Argument($"PolyOrder must be zero or positive (got {PolyOrder}).", nameof(PolyOrder));
        if (PolyOrder >= WindowLength) throw SoapLensException.Argument($"PolyOrder ({PolyOrder}) must be less than WindowLength ({WindowLength}).", nameof(PolyOrder));
        if (Deriv < 0) throw SoapLensException.Argument($"Deriv must be zero or positive (got {Deriv}).", nameof(Deriv));
        if (!double.IsFinite(Delta) || Delta == 0) throw SoapLensException.Argument($"Delta must be a finite, non-zero sample spacing (got {Delta}).", nameof(Delta));
        if (!Enum.IsDefined(Mode)) throw SoapLensException.Argument($"Unknown mode '{Mode}'.", nameof(Mode));
        if (TrimLength is < 0) throw SoapLensException.Argument($"TrimLength must be zero or positive (got {TrimLength}).", nameof(TrimLength));
        if (length is int n)
        {
            if (Mode == SavitzkyGolayMode.Interp && WindowLength > n)
                throw SoapLensException.Argument($"With mode interp, WindowLength ({WindowLength}) must not exceed the series length ({n}).", nameof(WindowLength));
            if (n - 2 * TrimEach < 1)
                throw SoapLensException.Argument($"Trimming {TrimEach} values at each end of a {n}-value series leaves nothing.", nameof(Trim));
        }
    }

    /// <summary>Records the parameters as result attributes (savgol_window_length, ..., clipped, trimmed).</summary>
    public void WriteAttributes(IDictionary<string, object> attributes)
    {
        attributes["savgol_window_length"] = (long)WindowLength;
        attributes["savgol_polyorder"] = (long)PolyOrder;
        attributes["savgol_deriv"] = (long)Deriv;
        attributes["savgol_delta"] = Delta;
        attributes["savgol_mode"] = Mode.ToString().ToLowerInvariant();
        attributes["savgol_cval"] = Cval;
        attributes["clipped"] = Clip;
        attributes["trimmed"] = Trim;
        attributes["trim_length"] = (long)TrimEach;
    }

    /// <summary>The parameters <see cref="WriteAttributes"/> recorded, or null when the bundle has none.</summary>
    public static SavitzkyGolayOptions? FromAttributes(DataBundle b)
    {
        if (!b.Attributes.ContainsKey("savgol_window_length")) return null;
        int window = checked((int)b.GetAttribute("savgol_window_length", 1L));
        bool trim = b.GetAttribute("trimmed", false);
        // trim_length is the count actually trimmed; it is a custom length only when it is not window // 2.
        int trimLength = checked((int)b.GetAttribute("trim_length", (long)(window / 2)));
        return new SavitzkyGolayOptions
        {
            WindowLength = window,
            PolyOrder = checked((int)b.GetAttribute("savgol_polyorder", 0L)),
            Deriv = checked((int)b.GetAttribute("savgol_deriv", 0L)),
            Delta = b.GetAttribute("savgol_delta", 1.0),
            Mode = ParseMode(b.GetAttribute("savgol_mode", "interp")),
            Cval = b.GetAttribute("savgol_cval", 0.0),
            Clip = b.GetAttribute("clipped", false),
            Trim = trim,
            TrimLength = trim && trimLength != window / 2 ? trimLength : null,
        };
    }

    public string Describe() =>
        $"savgol w={WindowLength} p={PolyOrder}{(Deriv > 0 ? $" d={Deriv}" : "")} {Mode.ToString().ToLowerInvariant()}{(Clip ? " clip" : "")}{(Trim ? TrimLength is null ? " trim" : $" trim {TrimLength}" : "")}";

    public static SavitzkyGolayMode ParseMode(string mode) => mode.ToLowerInvariant() switch
    {
        "interp" => SavitzkyGolayMode.Interp,
        "mirror" => SavitzkyGolayMode.Mirror,
        "nearest" => SavitzkyGolayMode.Nearest,
        "constant" => SavitzkyGolayMode.Constant,
        "wrap" => SavitzkyGolayMode.Wrap,
        _ => throw SoapLensException.Argument($"Unknown Savitzky-Golay mode '{mode}': use interp, mirror, nearest, constant or wrap.", "Mode"),
    };
}

/// <summary>
/// Savitzky–Golay smoothing identical to scipy.signal.savgol_filter / savgol_coeffs (SciPy 1.10):
/// least-squares polynomial weights (minimum-norm solution of the Vandermonde system, computed by a
/// Householder QR), the convolution of scipy.ndimage.convolve1d with its edge extensions (an even
/// window is evaluated at its midpoint and reaches one sample further ahead than behind), and
/// SciPy's 'interp' edges (the polynomial fitted to the first/last window evaluated at the edge
/// points; here as weights of the same least-squares problem evaluated there, which is the same
/// function of the data as polyfit + polyval).
/// </summary>
public static class SavitzkyGolay
{
    /// <summary>
    /// scipy.signal.savgol_coeffs: the filter weights. <paramref name="pos"/> defaults to the window
    /// centre (window_length // 2, or window_length / 2 − 0.5 for an even window);
    /// <paramref name="useConv"/> reverses them for use in a convolution, as use='conv' does.
    /// </summary>
    public static double[] Coefficients(int windowLength, int polyOrder, int deriv = 0, double delta = 1.0, double? pos = null, bool useConv = true)
    {
        new SavitzkyGolayOptions { WindowLength = windowLength, PolyOrder = polyOrder, Deriv = deriv, Delta = delta }.Validate();
        double p = pos ?? DefaultPos(windowLength);
        if (!(p >= 0 && p < windowLength)) throw SoapLensException.Argument($"pos must be in [0, {windowLength}) (got {p}).", nameof(pos));
        var w = Weights(windowLength, polyOrder, deriv, delta, p);
        if (useConv) Array.Reverse(w);
        return w;
    }

    private static double DefaultPos(int windowLength) => windowLength % 2 == 0 ? windowLength / 2 - 0.5 : windowLength / 2;

    /// <summary>scipy.signal.savgol_filter on one series.</summary>
    public static double[] Filter(ReadOnlySpan<double> x, SavitzkyGolayOptions options)
    {
        var y = new double[x.Length];
        new SavitzkyGolayFilter(options, x.Length).Apply(x, y);
        return y;
    }

    /// <summary>
    /// Weights w_j (j = 0..window−1) such that Σ w_j x_j is the deriv-th derivative, at offset
    /// <paramref name="pos"/> in the window, of the least-squares polynomial through the samples
    /// (sample spacing delta): the minimum-norm solution of A w = e_deriv·deriv!/delta^deriv with
    /// A[r, j] = (j − pos)^r, as scipy.linalg.lstsq returns it.
    /// </summary>
    internal static double[] Weights(int window, int polyOrder, int deriv, double delta, double pos)
    {
        var result = new double[window];
        if (deriv > polyOrder) return result;
        int m = polyOrder + 1;
        // a = Aᵀ (window × m), column-major for the Householder sweeps.
        var a = new double[m][];
        for (int r = 0; r < m; r++) a[r] = new double[window];
        for (int j = 0; j < window; j++)
        {
            double t = j - pos, v = 1;
            for (int r = 0; r < m; r++) { a[r][j] = v; v *= t; }
        }
        var rhs = new double[m];
        double fact = 1;
        for (int k = 2; k <= deriv; k++) fact *= k;
        rhs[deriv] = fact / Math.Pow(delta, deriv);
        // Scaling an equation (a row of A and its right-hand side) leaves the solution unchanged and
        // makes the powers comparable in size.
        for (int r = 0; r < m; r++)
        {
            double norm = Norm(a[r], 0);
            if (norm == 0) continue;
            for (int j = 0; j < window; j++) a[r][j] /= norm;
            rhs[r] /= norm;
        }
        // Householder QR of Aᵀ: Aᵀ = Q R.
        var v2 = new double[m];
        var diag = new double[m];
        for (int k = 0; k < m; k++)
        {
            var col = a[k];
            double norm = Norm(col, k);
            double alpha = col[k] > 0 ? -norm : norm;
            col[k] -= alpha;
            double vv = 0;
            for (int i = k; i < window; i++) vv += col[i] * col[i];
            v2[k] = vv;
            diag[k] = alpha;
            if (vv == 0) continue;
            for (int c = k + 1; c < m; c++)
            {
                var other = a[c];
                double s = 0;
                for (int i = k; i < window; i++) s += col[i] * other[i];
                s = 2 * s / vv;
                for (int i = k; i < window; i++) other[i] -= s * col[i];
            }
        }
        // A w = Rᵀ Qᵀ w = rhs: solve Rᵀ z = rhs, then w = Q [z; 0] is the minimum-norm solution.
        var z = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = rhs[i];
            for (int k = 0; k < i; k++) s -= a[i][k] * z[k]; // R[k, i] sits above the diagonal of column i
            z[i] = s / diag[i];
        }
        for (int i = 0; i < m; i++) result[i] = z[i];
        for (int k = m - 1; k >= 0; k--)
        {
            if (v2[k] == 0) continue;
            var col = a[k];
            double s = 0;
            for (int i = k; i < window; i++) s += col[i] * result[i];
            s = 2 * s / v2[k];
            for (int i = k; i < window; i++) result[i] -= s * col[i];
        }
        return result;
    }

    private static double Norm(double[] v, int from)
    {
        double scale = 0;
        for (int i = from; i < v.Length; i++) scale = Math.Max(scale, Math.Abs(v[i]));
        if (scale == 0) return 0;
        double s = 0;
        for (int i = from; i < v.Length; i++) { double t = v[i] / scale; s += t * t; }
        return scale * Math.Sqrt(s);
    }
}

/// <summary>
/// A Savitzky–Golay filter prepared for series of one length: the weights (interior and, for mode
/// interp, the edge evaluations) are computed once and applied to many series (one per atom or
/// column). Immutable; <see cref="Apply"/> may run on many threads at once.
/// </summary>
public sealed class SavitzkyGolayFilter
{
    private readonly double[] _dot;       // weights in sample order (savgol_coeffs use='dot')
    private readonly int _before;         // samples of the window before the output point
    private readonly double[][]? _left;   // interp: weights over x[0..w) for y[0..half)
    private readonly double[][]? _right;  // interp: weights over x[n−w..n) for y[n−half..n)

    public SavitzkyGolayFilter(SavitzkyGolayOptions options, int length)
    {
        options.Validate(length);
        Options = options;
        Length = length;
        int w = options.WindowLength, half = w / 2;
        _dot = SavitzkyGolay.Coefficients(w, options.PolyOrder, options.Deriv, options.Delta, useConv: false);
        // ndimage.convolve1d shifts an even filter by one (origin −1): the window of y[i] is
        // x[i − half + 1 .. i + half], its fit evaluated at i + 0.5. An odd window is centred.
        _before = w % 2 == 0 ? half - 1 : half;
        if (options.Mode == SavitzkyGolayMode.Interp)
        {
            _left = new double[half][];
            _right = new double[half][];
            for (int t = 0; t < half; t++)
            {
                _left[t] = SavitzkyGolay.Weights(w, options.PolyOrder, options.Deriv, options.Delta, t);
                _right[t] = SavitzkyGolay.Weights(w, options.PolyOrder, options.Deriv, options.Delta, w - half + t);
            }
        }
    }

    public SavitzkyGolayOptions Options { get; }

    /// <summary>Length of the series this filter applies to.</summary>
    public int Length { get; }

    /// <summary>Values per series after <see cref="SavitzkyGolayOptions.Trim"/>.</summary>
    public int OutputLength => Length - 2 * Options.TrimEach;

    /// <summary>Filters <paramref name="x"/> (length <see cref="Length"/>) into <paramref name="y"/> (same length), then clips when asked. No trimming.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        int n = Length;
        if (x.Length != n || y.Length != n) throw new ArgumentException($"The filter was prepared for series of {n} values.");
        int w = _dot.Length;
        if (_left is not null)
        {
            int half = _left.Length;
            for (int i = half; i < n - half; i++) y[i] = Dot(_dot, x.Slice(i - _before, w));
            for (int t = 0; t < half; t++)
            {
                y[t] = Dot(_left[t], x[..w]);
                y[n - half + t] = Dot(_right![t], x[(n - w)..]);
            }
        }
        else
        {
            Span<double> ext = n + w - 1 <= 4096 ? stackalloc double[n + w - 1] : new double[n + w - 1];
            for (int k = 0; k < ext.Length; k++)
            {
                int i = k - _before;
                ext[k] = i >= 0 && i < n ? x[i] : Extend(x, i);
            }
            for (int i = 0; i < n; i++) y[i] = Dot(_dot, ext.Slice(i, w));
        }
        if (Options.Clip)
            for (int i = 0; i < n; i++) y[i] = Math.Clamp(y[i], 0.0, 1.0);
    }

    /// <summary>The sample scipy.ndimage uses at index <paramref name="i"/> outside [0, n).</summary>
    private double Extend(ReadOnlySpan<double> x, int i)
    {
        int n = x.Length;
        switch (Options.Mode)
        {
            case SavitzkyGolayMode.Constant:
                return Options.Cval;
            case SavitzkyGolayMode.Nearest:
                return i < 0 ? x[0] : x[n - 1];
            case SavitzkyGolayMode.Wrap:
                return x[((i % n) + n) % n];
            default: // Mirror: period 2n − 2, the edge sample not repeated
                if (n == 1) return x[0];
                int period = 2 * n - 2;
                int m = ((i % period) + period) % period;
                return m < n ? x[m] : x[period - m];
        }
    }

    private static double Dot(double[] w, ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int j = 0; j < w.Length; j++) s += w[j] * x[j];
        return s;
    }
}

/// <summary>Savitzky–Golay smoothing of results other than LENS: every column of a dataset along time, per atom.</summary>
public static class TimeSeriesSmoothing
{
    /// <summary>
    /// Smooths each column of <paramref name="data"/> along time, separately for every atom id: an
    /// atom's rows are taken in frame order (a frame may appear once per atom). With Trim, the first
    /// and last window_length // 2 rows of every atom are dropped. Rows keep their order and keys.
    /// </summary>
    public static Dataset Smooth(Dataset data, SavitzkyGolayOptions options, int threads = 0, CancellationToken cancel = default)
    {
        options.Validate();
        var rowsOfAtom = new Dictionary<int, List<int>>();
        var atoms = new List<int>();
        for (int r = 0; r < data.RowCount; r++)
        {
            if (!rowsOfAtom.TryGetValue(data.AtomIds[r], out var list))
            {
                rowsOfAtom[data.AtomIds[r]] = list = new List<int>();
                atoms.Add(data.AtomIds[r]);
            }
            list.Add(r);
        }
        var series = new int[atoms.Count][];
        var filters = new Dictionary<int, SavitzkyGolayFilter>();
        for (int a = 0; a < atoms.Count; a++)
        {
            var rows = rowsOfAtom[atoms[a]].OrderBy(r => data.Frames[r]).ToArray(); // stable
            for (int i = 1; i < rows.Length; i++)
                if (data.Frames[rows[i]] == data.Frames[rows[i - 1]])
                    throw SoapLensException.InvalidData($"Atom {atoms[a]} has two rows for frame {data.Frames[rows[i]]}; a time series needs one row per frame and atom.");
            series[a] = rows;
            if (!filters.ContainsKey(rows.Length))
            {
                try { filters[rows.Length] = new SavitzkyGolayFilter(options, rows.Length); }
                catch (SoapLensException ex)
                {
                    throw new SoapLensException(ex.ErrorId, ex.Kind, $"Atom {atoms[a]} has {rows.Length} frames: {ex.Message}", ex.Target, ex);
                }
            }
        }
        int d = data.ColumnCount, trim = options.TrimEach;
        var smoothed = new double[data.Values.LongLength];
        var keep = new bool[data.RowCount];
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancel };
        Parallel.For(0, atoms.Count, po, a =>
        {
            var rows = series[a];
            var filter = filters[rows.Length];
            var x = new double[rows.Length];
            var y = new double[rows.Length];
            for (int j = 0; j < d; j++)
            {
                for (int i = 0; i < rows.Length; i++) x[i] = data.Values[(long)rows[i] * d + j];
                filter.Apply(x, y);
                for (int i = 0; i < rows.Length; i++) smoothed[(long)rows[i] * d + j] = y[i];
            }
            for (int i = trim; i < rows.Length - trim; i++) keep[rows[i]] = true;
        });
        int kept = keep.Count(k => k);
        var values = new double[(long)kept * d];
        var frames = new int[kept];
        var ids = new int[kept];
        for (int r = 0, o = 0; r < data.RowCount; r++)
        {
            if (!keep[r]) continue;
            Array.Copy(smoothed, (long)r * d, values, (long)o * d, d);
            frames[o] = data.Frames[r];
            ids[o] = data.AtomIds[r];
            o++;
        }
        var p = new Dictionary<string, object>(data.Parameters);
        options.WriteAttributes(p);
        return new Dataset(values, kept, d, frames, ids, data.ColumnNames, $"{data.Source}, {options.Describe()}", p);
    }
}
