using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>
/// Means and covariances of time-lagged pairs (x_t, x_{t+τ}), M pairs, normalised by M:
/// <list type="bullet">
/// <item>reversible (TICA, the reference README §2): pooled mean μ of both halves,
/// C00 = (AᵀA + BᵀB)/(2M), C0τ = (AᵀB + BᵀA)/(2M) with A = X0 − μ, B = Xτ − μ; Cττ = C00;</item>
/// <item>non-reversible (VAMP, README §3): μ0 = mean(X0), μτ = mean(Xτ), C00 = AᵀA/M,
/// Cττ = BᵀB/M, C0τ = AᵀB/M with A = X0 − μ0, B = Xτ − μτ.</item>
/// </list>
/// Two passes (means, then centred products) for accuracy. Pairs are summed in fixed chunks
/// whose partial sums are added in chunk order, so the result is the same for any thread count.
/// </summary>
public sealed class LaggedCovariance
{
    private const int ChunkPairs = 1024;
    private const int TileSamples = 128;

    internal LaggedCovariance(int d, long m, bool reversible, double[] mean0, double[] meanT, double[] c00, double[] c0t, double[] ctt)
    {
        Dimension = d;
        PairCount = m;
        Reversible = reversible;
        Mean0 = mean0;
        MeanT = meanT;
        C00 = c00;
        C0t = c0t;
        Ctt = ctt;
    }

    public int Dimension { get; }
    public long PairCount { get; }
    public bool Reversible { get; }
    /// <summary>Mean of the first half (the pooled mean when reversible).</summary>
    public double[] Mean0 { get; }
    /// <summary>Mean of the lagged half (the pooled mean when reversible).</summary>
    public double[] MeanT { get; }
    /// <summary>Instantaneous covariance, d × d row-major.</summary>
    public double[] C00 { get; }
    /// <summary>Time-lagged covariance, d × d row-major (symmetric when reversible).</summary>
    public double[] C0t { get; }
    /// <summary>Covariance of the lagged half (= C00 when reversible).</summary>
    public double[] Ctt { get; }

    /// <summary>Estimates from rows of a row-major n × d table.</summary>
    public static LaggedCovariance Estimate(double[] values, int d, int[] start, int[] end, bool reversible,
        int threads = 0, CancellationToken cancel = default, Action<long, long>? progress = null)
    {
        if (start.Length != end.Length) throw new ArgumentException("start and end must pair up.");
        int m = start.Length;
        if (m == 0) throw SoapLensException.Argument("No time-lagged pairs to estimate covariances from.");
        int chunks = (m + ChunkPairs - 1) / ChunkPairs;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancel };
        int wave = Math.Max(1, po.MaxDegreeOfParallelism) * 2;

        // Pass 1: sums of both halves.
        var sum0 = new double[d];
        var sumT = new double[d];
        var part = new double[wave * 2 * d];
        for (int w0 = 0; w0 < chunks; w0 += wave)
        {
            int wn = Math.Min(wave, chunks - w0);
            Array.Clear(part);
            Parallel.For(0, wn, po, c =>
            {
                var s0 = part.AsSpan(c * 2 * d, d);
                var sT = part.AsSpan(c * 2 * d + d, d);
                int lo = (w0 + c) * ChunkPairs, hi = Math.Min(m, lo + ChunkPairs);
                for (int p = lo; p < hi; p++)
                {
                    var a = values.AsSpan(start[p] * d, d);
                    var b = values.AsSpan(end[p] * d, d);
                    for (int j = 0; j < d; j++) { s0[j] += a[j]; sT[j] += b[j]; }
                }
            });
            for (int c = 0; c < wn; c++)
                for (int j = 0; j < d; j++) { sum0[j] += part[c * 2 * d + j]; sumT[j] += part[c * 2 * d + d + j]; }
        }
        double[] mean0 = new double[d], meanT = new double[d];
        for (int j = 0; j < d; j++)
        {
            if (reversible) mean0[j] = meanT[j] = (sum0[j] + sumT[j]) / (2.0 * m);
            else { mean0[j] = sum0[j] / m; meanT[j] = sumT[j] / m; }
        }

        // Pass 2: centred cross products. Reversible: S1 = AᵀA + BᵀB and S2 = (A+B)ᵀ(A+B), so that
        // AᵀB + BᵀA = S2 − S1 costs one symmetric product instead of a full one (1.5 d² per pair, not 2 d²).
        // Non-reversible: AᵀA, BᵀB and the full AᵀB.
        int dd = d * d;
        var s1 = new double[dd];
        var s2 = new double[dd];
        var s3 = new double[dd];
        int dPad = CrossProducts.PadFeatures(d);
        var partials = new double[wave][];
        for (int w0 = 0; w0 < chunks; w0 += wave)
        {
            cancel.ThrowIfCancellationRequested();
            int wn = Math.Min(wave, chunks - w0);
            Parallel.For(0, wn, po, c =>
            {
                var acc = partials[c] ??= new double[3 * dd];
                Array.Clear(acc);
                var xT = new double[dPad * TileSamples];
                var yT = new double[dPad * TileSamples];
                var sT = reversible ? new double[dPad * TileSamples] : null;
                int lo = (w0 + c) * ChunkPairs, hi = Math.Min(m, lo + ChunkPairs);
                for (int t0 = lo; t0 < hi; t0 += TileSamples)
                {
                    int len = Math.Min(TileSamples, hi - t0);
                    int lenPad = CrossProducts.PadSamples(len);
                    Array.Clear(xT);
                    Array.Clear(yT);
                    for (int t = 0; t < len; t++)
                    {
                        var a = values.AsSpan(start[t0 + t] * d, d);
                        var b = values.AsSpan(end[t0 + t] * d, d);
                        for (int j = 0; j < d; j++)
                        {
                            xT[j * lenPad + t] = a[j] - mean0[j];
                            yT[j * lenPad + t] = b[j] - meanT[j];
                        }
                    }
                    int size = dPad * lenPad;
                    var x = xT.AsSpan(0, size);
                    var y = yT.AsSpan(0, size);
                    if (sT is not null)
                    {
                        for (int i = 0; i < size; i++) sT[i] = xT[i] + yT[i];
                        CrossProducts.Accumulate(x, x, d, dPad, lenPad, acc.AsSpan(0, dd), upperOnly: true);
                        CrossProducts.Accumulate(y, y, d, dPad, lenPad, acc.AsSpan(0, dd), upperOnly: true);
                        CrossProducts.Accumulate(sT.AsSpan(0, size), sT.AsSpan(0, size), d, dPad, lenPad, acc.AsSpan(dd, dd), upperOnly: true);
                    }
                    else
                    {
                        CrossProducts.Accumulate(x, x, d, dPad, lenPad, acc.AsSpan(0, dd), upperOnly: true);
                        CrossProducts.Accumulate(y, y, d, dPad, lenPad, acc.AsSpan(dd, dd), upperOnly: true);
                        CrossProducts.Accumulate(x, y, d, dPad, lenPad, acc.AsSpan(2 * dd, dd), upperOnly: false);
                    }
                }
            });
            for (int c = 0; c < wn; c++)
            {
                var acc = partials[c];
                for (int k = 0; k < dd; k++) { s1[k] += acc[k]; s2[k] += acc[dd + k]; s3[k] += acc[2 * dd + k]; }
            }
            progress?.Invoke(Math.Min((long)(w0 + wn) * ChunkPairs, m), m);
        }
        CrossProducts.MirrorUpper(s1, d);
        CrossProducts.MirrorUpper(s2, d);

        var c00 = new double[dd];
        var c0t = new double[dd];
        if (reversible)
        {
            double inv = 1.0 / (2.0 * m);
            for (int k = 0; k < dd; k++)
            {
                c00[k] = s1[k] * inv;
                c0t[k] = (s2[k] - s1[k]) * inv;
            }
            return new LaggedCovariance(d, m, true, mean0, meanT, c00, c0t, c00);
        }
        var ctt = new double[dd];
        double im = 1.0 / m;
        for (int k = 0; k < dd; k++) { c00[k] = s1[k] * im; ctt[k] = s2[k] * im; c0t[k] = s3[k] * im; }
        return new LaggedCovariance(d, m, false, mean0, meanT, c00, c0t, ctt);
    }

    public override string ToString() => $"{(Reversible ? "reversible" : "non-reversible")} covariances, d = {Dimension}, {PairCount} pairs";
}
