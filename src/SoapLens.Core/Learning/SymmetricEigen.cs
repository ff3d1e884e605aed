using System.Runtime.Intrinsics;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// Eigen-decomposition of a real symmetric matrix for PCA: all eigenvalues, eigenvectors only for
/// the ones asked for. Householder reduction to tridiagonal form (one fused update-and-product
/// pass over the trailing triangle per step), implicit QL iterations for the eigenvalues with
/// their plane rotations recorded, then each wanted eigenvector is rebuilt from a unit vector by
/// replaying the rotations backwards and applying the Householder reflectors. Cost: 4/3 n³ for
/// the reduction plus O(n² k) for k vectors, instead of the ~9 n³ of a full QL with vectors.
/// Deterministic: the parallel product uses a fixed number of slices that depends only on n.
/// </summary>
internal sealed class SymmetricEigen
{
    private readonly int _n;
    private readonly double[] _a;      // row k holds the reflector v_k on columns k+1..n-1 (v_k[k+1] = 1)
    private readonly double[] _tau;
    private readonly double[] _values; // unsorted, index = position in the QL basis
    private readonly RotationLog _log;

    private SymmetricEigen(int n, double[] a, double[] tau, double[] values, RotationLog log)
    {
        _n = n;
        _a = a;
        _tau = tau;
        _values = values;
        _log = log;
    }

    /// <summary>Eigenvalues in descending order (ties keep their QL order).</summary>
    public double[] Values { get; private set; } = [];

    /// <summary>Position of each sorted eigenvalue in the QL basis.</summary>
    private int[] _order = [];

    /// <summary>
    /// Decomposes the symmetric matrix <paramref name="matrix"/> (n × n, row-major; only the upper
    /// triangle is read and the array is overwritten).
    /// </summary>
    public static SymmetricEigen Decompose(double[] matrix, int n, int threads, CancellationToken cancel)
    {
        var d = new double[n];
        var e = new double[Math.Max(n, 1)];
        var tau = new double[Math.Max(n, 1)];
        Tridiagonalise(matrix, n, d, e, tau, threads, cancel);
        var log = new RotationLog();
        Ql(d, e, log);
        var eig = new SymmetricEigen(n, matrix, tau, d, log);
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // Descending, stable on ties.
        Array.Sort(order, (x, y) => d[x] != d[y] ? d[y].CompareTo(d[x]) : x.CompareTo(y));
        eig._order = order;
        eig.Values = order.Select(i => d[i]).ToArray();
        return eig;
    }

    /// <summary>
    /// Unit eigenvectors of the sorted eigenvalues <c>0..count−1</c>, as rows of a count × n
    /// array (row c belongs to Values[c]).
    /// </summary>
    public double[] Vectors(int count, CancellationToken cancel)
    {
        int n = _n, q = count;
        // y: n × q, column c starts as the unit vector of its QL position.
        var y = new double[(long)n * q];
        for (int c = 0; c < q; c++) y[(long)_order[c] * q + c] = 1;
        _log.ApplyBackwards(y, q, cancel);
        // Q z = H_0 (H_1 (... H_{n-3} z)).
        var w = new double[q];
        for (int k = n - 3; k >= 0; k--)
        {
            double t = _tau[k];
            if (t == 0) continue;
            Array.Clear(w);
            long row = (long)k * n;
            for (int i = k + 1; i < n; i++)
            {
                double v = _a[row + i];
                if (v == 0) continue;
                var yi = y.AsSpan((int)((long)i * q), q);
                for (int c = 0; c < q; c++) w[c] += v * yi[c];
            }
            for (int c = 0; c < q; c++) w[c] *= t;
            for (int i = k + 1; i < n; i++)
            {
                double v = _a[row + i];
                if (v == 0) continue;
                var yi = y.AsSpan((int)((long)i * q), q);
                for (int c = 0; c < q; c++) yi[c] -= v * w[c];
            }
        }
        var result = new double[(long)q * n];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < q; c++) result[(long)c * n + i] = y[(long)i * q + c];
        return result;
    }

    // ---------------------------------------------------------------------------------------
    // Householder tridiagonalisation (upper triangle, row-major).
    // Step k reflects row k beyond the diagonal onto e_{k+1}: A <- H A H with H = I - tau v vᵀ,
    // i.e. A -= v wᵀ + w vᵀ with p = tau A v, w = p - (tau/2)(pᵀv) v. The product A v for the next
    // step is accumulated while the current update streams through each row, so the trailing
    // triangle is read and written once per step.

    private static void Tridiagonalise(double[] a, int n, double[] d, double[] e, double[] tau, int threads, CancellationToken cancel)
    {
        if (n == 0) return;
        if (n == 1) { d[0] = a[0]; return; }
        if (n == 2) { d[0] = a[0]; d[1] = a[3]; e[0] = a[1]; return; }
        var p = new double[n];
        var w = new double[n];
        var vNext = new double[n];
        var slices = new Slices(n);

        // Step 0: reflector from row 0 and its product with the untouched trailing matrix.
        d[0] = a[0];
        e[0] = Reflect(a, n, 0, out tau[0]);
        var v = new double[n];
        CopyReflector(a, n, 0, v);
        slices.Run(a, n, 1, null, null, v, p, threads, cancel);   // p = A_1 v_0 (no update yet)
        for (int k = 0; k <= n - 3; k++)
        {
            cancel.ThrowIfCancellationRequested();
            CopyReflector(a, n, k, v);
            double t = tau[k];
            if (t != 0)
            {
                double dot = 0;
                for (int i = k + 1; i < n; i++) { p[i] *= t; dot += p[i] * v[i]; }
                double alpha = -0.5 * t * dot;
                for (int i = k + 1; i < n; i++) w[i] = p[i] + alpha * v[i];
            }
            else
            {
                Array.Clear(w);
            }
            // Row k+1 first: it yields the next reflector.
            int r = k + 1;
            if (t != 0) UpdateRow(a, n, r, v, w);
            d[r] = a[(long)r * n + r];
            bool more = r <= n - 3;
            if (more)
            {
                e[r] = Reflect(a, n, r, out tau[r]);
                CopyReflector(a, n, r, vNext);
            }
            else
            {
                e[r] = a[(long)r * n + r + 1];
            }
            Array.Clear(p);
            slices.Run(a, n, r + 1, t != 0 ? v : null, t != 0 ? w : null, more ? vNext : null, p, threads, cancel);
            if (!more)
            {
                d[n - 1] = a[(long)(n - 1) * n + n - 1];
                if (r + 1 <= n - 2) e[r + 1] = a[(long)(r + 1) * n + r + 2];
            }
        }
    }

    /// <summary>Householder reflector of row k beyond the diagonal (LAPACK dlarfg); stores v in place, returns beta.</summary>
    private static double Reflect(double[] a, int n, int k, out double tau)
    {
        long row = (long)k * n;
        double alpha = a[row + k + 1];
        double xnorm2 = 0;
        for (int i = k + 2; i < n; i++) xnorm2 += a[row + i] * a[row + i];
        if (xnorm2 == 0)
        {
            tau = 0;
            a[row + k + 1] = 1;
            return alpha;
        }
        double beta = -Math.CopySign(Math.Sqrt(alpha * alpha + xnorm2), alpha);
        tau = (beta - alpha) / beta;
        double scale = 1.0 / (alpha - beta);
        for (int i = k + 2; i < n; i++) a[row + i] *= scale;
        a[row + k + 1] = 1;
        return beta;
    }

    private static void CopyReflector(double[] a, int n, int k, double[] v)
    {
        Array.Clear(v);
        Array.Copy(a, (long)k * n + k + 1, v, k + 1, n - k - 1);
    }

    private static void UpdateRow(double[] a, int n, int j, double[] v, double[] w)
    {
        long row = (long)j * n;
        double vj = v[j], wj = w[j];
        for (int m = j; m < n; m++) a[row + m] -= vj * w[m] + wj * v[m];
    }

    /// <summary>
    /// Rows [first, n) split into a fixed number of slices of similar work; each slice updates its
    /// rows and accumulates its share of A·x into a private buffer, buffers added in slice order.
    /// </summary>
    private sealed class Slices
    {
        private const int MaxSlices = 8;
        private readonly double[][] _buffers;

        public Slices(int n) => _buffers = Enumerable.Range(0, MaxSlices).Select(_ => new double[n]).ToArray();

        public void Run(double[] a, int n, int first, double[]? v, double[]? w, double[]? x, double[] product, int threads, CancellationToken cancel)
        {
            int len = n - first;
            if (len <= 0) return;
            // Slice count from the size only (never from the thread count).
            int count = len >= 256 ? MaxSlices : 1;
            var bounds = new int[count + 1];
            bounds[0] = first;
            double total = (double)len * (len + 1) / 2;
            for (int s = 1; s < count; s++)
            {
                // Row j costs n - j: cut where the remaining triangle is (count - s)/count of the total.
                double remaining = total * (count - s) / count;
                int j = n - (int)Math.Round((Math.Sqrt(1 + 8 * remaining) - 1) / 2);
                bounds[s] = Math.Clamp(j, bounds[s - 1], n);
            }
            bounds[count] = n;
            if (count == 1)
            {
                Pass(a, n, first, n, v, w, x, product);
                return;
            }
            RowChunks.For(count, threads, cancel, s =>
            {
                var buf = _buffers[s];
                Array.Clear(buf);
                Pass(a, n, bounds[s], bounds[s + 1], v, w, x, buf);
            });
            if (x is null) return;
            for (int s = 0; s < count; s++)
            {
                var buf = _buffers[s];
                for (int m = bounds[s]; m < n; m++) product[m] += buf[m];
            }
        }

        /// <summary>Rows [j0, j1): A_j -= v_j wᵀ + w_j vᵀ (when v is given), then out += (A x) contributions of these rows.</summary>
        private static unsafe void Pass(double[] a, int n, int j0, int j1, double[]? v, double[]? w, double[]? x, double[] output)
        {
            fixed (double* pa = a, pv = v, pw = w, px = x, po = output)
            {
                for (int j = j0; j < j1; j++)
                {
                    double* row = pa + (long)j * n;
                    double vj = 0, wj = 0, xj = 0;
                    if (pv != null)
                    {
                        vj = pv[j];
                        wj = pw[j];
                        row[j] -= vj * pw[j] + wj * pv[j];
                    }
                    if (px != null) xj = px[j];
                    double dot = px != null ? row[j] * xj : 0;
                    int m = j + 1;
                    // One sweep over the row: rank-2 update, then its share of A·x (row dot and column scatter).
                    if (Vector512.IsHardwareAccelerated && n - m >= 8)
                    {
                        var vv = Vector512.Create(vj);
                        var vwj = Vector512.Create(wj);
                        var vx = Vector512.Create(xj);
                        var acc = Vector512<double>.Zero;
                        for (; m <= n - 8; m += 8)
                        {
                            var am = Vector512.Load(row + m);
                            if (pv != null)
                            {
                                am -= vv * Vector512.Load(pw + m) + vwj * Vector512.Load(pv + m);
                                Vector512.Store(am, row + m);
                            }
                            if (px != null)
                            {
                                acc += am * Vector512.Load(px + m);
                                Vector512.Store(Vector512.Load(po + m) + am * vx, po + m);
                            }
                        }
                        dot += Vector512.Sum(acc);
                    }
                    else if (Vector256.IsHardwareAccelerated && n - m >= 4)
                    {
                        var vv = Vector256.Create(vj);
                        var vwj = Vector256.Create(wj);
                        var vx = Vector256.Create(xj);
                        var acc = Vector256<double>.Zero;
                        for (; m <= n - 4; m += 4)
                        {
                            var am = Vector256.Load(row + m);
                            if (pv != null)
                            {
                                am -= vv * Vector256.Load(pw + m) + vwj * Vector256.Load(pv + m);
                                Vector256.Store(am, row + m);
                            }
                            if (px != null)
                            {
                                acc += am * Vector256.Load(px + m);
                                Vector256.Store(Vector256.Load(po + m) + am * vx, po + m);
                            }
                        }
                        dot += Vector256.Sum(acc);
                    }
                    for (; m < n; m++)
                    {
                        double am = row[m];
                        if (pv != null) row[m] = am -= vj * pw[m] + wj * pv[m];
                        if (px != null)
                        {
                            dot += am * px[m];
                            po[m] += am * xj;
                        }
                    }
                    if (px != null) po[j] += dot;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Implicit QL (EISPACK tql2 / JAMA), eigenvalues only; the rotations are recorded so that the
    // eigenvectors can be rebuilt for the eigenvalues that are kept.

    private static void Ql(double[] d, double[] e, RotationLog log)
    {
        int n = d.Length;
        if (n <= 1) return;
        e[n - 1] = 0;
        double f = 0, tst1 = 0;
        double eps = Math.Pow(2, -52);
        int budget = 60 * n + 100;
        for (int l = 0; l < n; l++)
        {
            tst1 = Math.Max(tst1, Math.Abs(d[l]) + Math.Abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.Abs(e[m]) > eps * tst1) m++;
            if (m > l)
            {
                do
                {
                    if (--budget < 0)
                        throw new SoapLensException("EigenNoConvergence", ErrorKind.InvalidData,
                            "The symmetric eigen-decomposition did not converge (are there NaN or infinite values in the data?).");
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = Hypot(p, 1.0);
                    if (p < 0) r = -r;
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) d[i] -= h;
                    f += h;
                    p = d[m];
                    double c = 1, c2 = 1, c3 = 1, el1 = e[l + 1], s = 0, s2 = 0;
                    log.BeginSweep(l, m);
                    for (int i = m - 1; i >= l; i--)
                    {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        log.Add(c, s);
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.Abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
    }

    private static double Hypot(double a, double b)
    {
        double x = Math.Abs(a), y = Math.Abs(b);
        if (x < y) (x, y) = (y, x);
        if (x == 0) return 0;
        double t = y / x;
        return x * Math.Sqrt(1 + t * t);
    }

    /// <summary>
    /// The plane rotations of the QL sweeps, in order. Rotation (i, c, s) maps the eigenvector
    /// matrix V to V G with V_i ← c V_i − s V_{i+1}, V_{i+1} ← s V_i + c V_{i+1}; the final V e_j is
    /// obtained by applying the rotations to e_j from the last to the first.
    /// </summary>
    private sealed class RotationLog
    {
        private readonly List<(int L, int M, long Start)> _sweeps = new();
        private double[] _cs = new double[1024];
        private long _count;

        public void BeginSweep(int l, int m) => _sweeps.Add((l, m, _count));

        public void Add(double c, double s)
        {
            if (2 * _count + 2 > _cs.LongLength) Array.Resize(ref _cs, checked((int)Math.Min(Array.MaxLength, _cs.LongLength * 2)));
            _cs[2 * _count] = c;
            _cs[2 * _count + 1] = s;
            _count++;
        }

        /// <summary>Applies every rotation, last first, to the rows of y (n × q, row-major).</summary>
        public void ApplyBackwards(double[] y, int q, CancellationToken cancel)
        {
            for (int w = _sweeps.Count - 1; w >= 0; w--)
            {
                if ((w & 255) == 0) cancel.ThrowIfCancellationRequested();
                var (l, m, start) = _sweeps[w];
                // Recorded for i = m-1 down to l; replayed for i = l up to m-1.
                for (int i = l; i < m; i++)
                {
                    long idx = start + (m - 1 - i);
                    double c = _cs[2 * idx], s = _cs[2 * idx + 1];
                    var yi = y.AsSpan((int)((long)i * q), q);
                    var yj = y.AsSpan((int)((long)(i + 1) * q), q);
                    for (int t = 0; t < q; t++)
                    {
                        double a = yi[t], b = yj[t];
                        yi[t] = c * a + s * b;
                        yj[t] = c * b - s * a;
                    }
                }
            }
        }
    }
}
