using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>Settings of a k-means fit (scikit-learn's KMeans names in the comments).</summary>
public sealed record KMeansOptions
{
    /// <summary>n_clusters.</summary>
    public int ClusterCount { get; init; } = 8;

    /// <summary>n_init: independent k-means++ starts; the lowest inertia wins.</summary>
    public int InitCount { get; init; } = 10;

    /// <summary>max_iter: Lloyd iterations per start.</summary>
    public int MaxIterations { get; init; } = 300;

    /// <summary>tol: relative to the mean per-column variance, as in scikit-learn.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>random_state: same stream as NumPy's RandomState(seed).</summary>
    public uint Seed { get; init; }

    /// <summary>Worker threads (≤ 0: all cores). Results do not depend on it.</summary>
    public int Threads { get; init; }
}

/// <summary>
/// k-means as scikit-learn 1.2's KMeans(init='k-means++', algorithm='lloyd'): greedy k-means++
/// with 2 + ⌊ln k⌋ local trials, Lloyd iterations stopped when the labels no longer change or the
/// squared centre shift falls to tol × mean column variance, empty clusters moved to the points
/// farthest from their centres, the best of n_init starts by inertia. Random draws follow NumPy's
/// RandomState(seed), so a seed picks the same initial centres as scikit-learn's random_state.
/// Clusters are then numbered by <see cref="ClusterNumbering"/>.
/// </summary>
public static class KMeans
{
    internal sealed record Run(double[] Centres, int[] Labels, double Inertia, int Iterations);

    /// <summary>Fits and labels every row; the labels carry the fitted <see cref="KMeansModel"/>.</summary>
    public static ClusterLabels FitPredict(Dataset data, KMeansOptions options, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var model = Fit(data, options, progress, cancel, out var labels);
        return model.ToLabels(data, labels, options);
    }

    /// <summary>Fits a model. <paramref name="progress"/> gets (start, starts) on the calling thread.</summary>
    public static KMeansModel Fit(Dataset data, KMeansOptions options, Action<int, int>? progress, CancellationToken cancel, out int[] labels)
    {
        Validate(data, options);
        int n = data.RowCount, d = data.ColumnCount, k = options.ClusterCount;
        var rs = new NumpyRandomState(options.Seed);
        var best = Best(data, options, rs, progress, cancel);
        var order = ClusterNumbering.ByCentre(best.Centres, k, d);
        var newLabel = ClusterNumbering.Inverse(order);
        labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = newLabel[best.Labels[i]];
        return new KMeansModel(ClusterNumbering.PermuteRows(best.Centres, order, d), k, d, best.Inertia, best.Iterations,
            options, data.ColumnNames);
    }

    internal static void Validate(Dataset data, KMeansOptions o)
    {
        ValidateData(data, o.ClusterCount, "ClusterCount", $"k-means with {o.ClusterCount} clusters", o.Threads);
        if (o.InitCount < 1) throw SoapLensException.Argument($"InitCount must be at least 1; got {o.InitCount}.", o.InitCount);
        if (o.MaxIterations < 1) throw SoapLensException.Argument($"MaxIterations must be at least 1; got {o.MaxIterations}.", o.MaxIterations);
        if (!(o.Tolerance >= 0)) throw SoapLensException.Argument($"Tolerance must be zero or positive; got {o.Tolerance}.", o.Tolerance);
    }

    /// <summary>Checks shared by the clustering methods: k ≥ 1, at least k rows, some columns, finite values.</summary>
    internal static void ValidateData(Dataset data, int k, string parameter, string what, int threads)
    {
        if (k < 1) throw SoapLensException.Argument($"{parameter} must be at least 1; got {k}.", k);
        if (data.RowCount < k)
            throw new SoapLensException("TooFewRows", ErrorKind.InvalidData,
                $"{what} needs at least {k} rows; the data ({data.Source}) have {data.RowCount}.", data);
        if (data.ColumnCount < 1) throw SoapLensException.Argument($"The data ({data.Source}) have no columns.", data);
        Pca.CheckFinite(data, ScatterMatrix.ColumnMeans(data.Values, data.RowCount, data.ColumnCount, threads, CancellationToken.None));
    }

    /// <summary>The best of n_init runs, unnumbered (scikit-learn's order of centres).</summary>
    internal static Run Best(Dataset data, KMeansOptions o, NumpyRandomState rs, Action<int, int>? progress, CancellationToken cancel)
    {
        double[] x = data.Values;
        int n = data.RowCount, d = data.ColumnCount, k = o.ClusterCount;
        double tol = AbsoluteTolerance(x, n, d, o.Tolerance, o.Threads, cancel);
        Run? best = null;
        for (int init = 0; init < o.InitCount; init++)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Invoke(init, o.InitCount);
            var centres = PlusPlus(x, n, d, k, rs, o.Threads, cancel);
            var run = Lloyd(x, n, d, k, centres, o.MaxIterations, tol, o.Threads, cancel);
            // scikit-learn keeps a later run only if it is better and not the same partition.
            if (best is null || (run.Inertia < best.Inertia && !SameClustering(run.Labels, best.Labels, k)))
                best = run;
        }
        progress?.Invoke(o.InitCount, o.InitCount);
        return best!;
    }

    /// <summary>tol × mean of the column variances (scikit-learn's _tolerance).</summary>
    private static double AbsoluteTolerance(double[] x, int n, int d, double tol, int threads, CancellationToken cancel)
    {
        if (tol == 0) return 0;
        var mean = ScatterMatrix.ColumnMeans(x, n, d, threads, cancel);
        var ss = RowChunks.Sum(n, d, threads, cancel, (start, end, p) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = x.AsSpan((int)((long)i * d), d);
                for (int j = 0; j < d; j++) { double t = row[j] - mean[j]; p[j] += t * t; }
            }
        });
        double s = 0;
        for (int j = 0; j < d; j++) s += ss[j] / n;
        return s / d * tol;
    }

    private static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int j = 0; j < a.Length; j++) { double t = a[j] - b[j]; s += t * t; }
        return s;
    }

    /// <summary>scikit-learn's greedy k-means++ (_kmeans_plusplus) with NumPy's draws.</summary>
    internal static double[] PlusPlus(double[] x, int n, int d, int k, NumpyRandomState rs, int threads, CancellationToken cancel)
    {
        int trials = 2 + (int)Math.Log(k);
        var centres = new double[k * d];
        int first = (int)rs.RandInt(n);
        x.AsSpan(first * d, d).CopyTo(centres);
        var closest = new double[n];
        Distances(x, n, d, x.AsSpan(first * d, d).ToArray(), null, closest, threads, cancel);
        double pot = NumpySum.Pairwise(closest);
        var cum = new double[n];
        var candidateDist = new double[trials][];
        for (int t = 0; t < trials; t++) candidateDist[t] = new double[n];
        for (int c = 1; c < k; c++)
        {
            cancel.ThrowIfCancellationRequested();
            var rand = new double[trials];
            for (int t = 0; t < trials; t++) rand[t] = rs.NextDouble() * pot;
            double acc = 0;
            for (int i = 0; i < n; i++) cum[i] = acc += closest[i];
            int bestTrial = 0;
            double bestPot = double.PositiveInfinity;
            var ids = new int[trials];
            for (int t = 0; t < trials; t++)
            {
                // searchsorted(cumsum, r, side='left'), clipped to the last index.
                int lo = 0, hi = n;
                while (lo < hi)
                {
                    int mid = (lo + hi) >>> 1;
                    if (cum[mid] < rand[t]) lo = mid + 1; else hi = mid;
                }
                ids[t] = Math.Min(lo, n - 1);
                Distances(x, n, d, x.AsSpan(ids[t] * d, d).ToArray(), closest, candidateDist[t], threads, cancel);
                double p = NumpySum.Pairwise(candidateDist[t]);
                if (p < bestPot) { bestPot = p; bestTrial = t; }
            }
            pot = bestPot;
            Array.Copy(candidateDist[bestTrial], closest, n);
            x.AsSpan(ids[bestTrial] * d, d).CopyTo(centres.AsSpan(c * d, d));
        }
        return centres;
    }

    /// <summary>output[i] = ‖x_i − centre‖², or its minimum with floor[i] when given.</summary>
    private static void Distances(double[] x, int n, int d, double[] centre, double[]? floor, double[] output, int threads, CancellationToken cancel)
    {
        const int chunk = 8192;
        RowChunks.For((n + chunk - 1) / chunk, threads, cancel, c =>
        {
            int end = Math.Min(n, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++)
            {
                double v = SquaredDistance(x.AsSpan(i * d, d), centre);
                output[i] = floor is null ? v : Math.Min(floor[i], v);
            }
        });
    }

    /// <summary>One Lloyd run from the given centres (scikit-learn's _kmeans_single_lloyd).</summary>
    internal static Run Lloyd(double[] x, int n, int d, int k, double[] centres, int maxIterations, double tol, int threads, CancellationToken cancel)
    {
        var labels = new int[n];
        var labelsOld = new int[n];
        Array.Fill(labelsOld, -1);
        bool strict = false;
        int iterations = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            cancel.ThrowIfCancellationRequested();
            iterations = it + 1;
            var sums = Assign(x, n, d, k, centres, labels, threads, cancel);
            var fresh = UpdateCentres(x, n, d, k, centres, labels, sums);
            double shift = 0;
            for (int i = 0; i < fresh.Length; i++) { double t = fresh[i] - centres[i]; shift += t * t; }
            centres = fresh;
            if (labels.AsSpan().SequenceEqual(labelsOld)) { strict = true; break; }
            if (shift <= tol) break;
            Array.Copy(labels, labelsOld, n);
        }
        double inertia;
        if (!strict)
        {
            var sums = Assign(x, n, d, k, centres, labels, threads, cancel);
            inertia = sums[k * d + k];
        }
        else
        {
            inertia = Inertia(x, n, d, centres, labels, threads, cancel);
        }
        return new Run(centres, labels, inertia, iterations);
    }

    /// <summary>
    /// Labels every row with its nearest centre (first on ties) and returns [per-cluster sums (k × d),
    /// counts (k), inertia], summed in a fixed order.
    /// </summary>
    internal static double[] Assign(double[] x, int n, int d, int k, double[] centres, int[] labels, int threads, CancellationToken cancel) =>
        RowChunks.Sum(n, k * d + k + 1, threads, cancel, (start, end, p) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = x.AsSpan(i * d, d);
                int best = 0;
                double bestD = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double dist = SquaredDistance(row, centres.AsSpan(c * d, d));
                    if (dist < bestD) { bestD = dist; best = c; }
                }
                labels[i] = best;
                var s = p.Slice(best * d, d);
                for (int j = 0; j < d; j++) s[j] += row[j];
                p[k * d + best] += 1;
                p[k * d + k] += bestD;
            }
        });

    private static double Inertia(double[] x, int n, int d, double[] centres, int[] labels, int threads, CancellationToken cancel) =>
        RowChunks.Sum(n, 1, threads, cancel, (start, end, p) =>
        {
            for (int i = start; i < end; i++) p[0] += SquaredDistance(x.AsSpan(i * d, d), centres.AsSpan(labels[i] * d, d));
        })[0];

    /// <summary>Means of the assigned rows; an empty cluster takes the row farthest from its centre (scikit-learn's relocation).</summary>
    private static double[] UpdateCentres(double[] x, int n, int d, int k, double[] old, int[] labels, double[] sums)
    {
        var centreSums = sums.AsSpan(0, k * d).ToArray();
        var counts = sums.AsSpan(k * d, k).ToArray();
        var empty = Enumerable.Range(0, k).Where(c => counts[c] == 0).ToArray();
        if (empty.Length > 0)
        {
            var dist = new double[n];
            for (int i = 0; i < n; i++) dist[i] = SquaredDistance(x.AsSpan(i * d, d), old.AsSpan(labels[i] * d, d));
            var far = Enumerable.Range(0, n).OrderByDescending(i => dist[i]).ThenBy(i => i).Take(empty.Length).ToArray();
            for (int e = 0; e < empty.Length && e < far.Length; e++)
            {
                int target = empty[e], row = far[e], from = labels[row];
                for (int j = 0; j < d; j++)
                {
                    centreSums[from * d + j] -= x[row * d + j];
                    centreSums[target * d + j] = x[row * d + j];
                }
                counts[target] = 1;
                counts[from] -= 1;
            }
        }
        var fresh = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            if (counts[c] <= 0) { Array.Copy(old, c * d, fresh, c * d, d); continue; }
            double inv = 1.0 / counts[c];
            for (int j = 0; j < d; j++) fresh[c * d + j] = centreSums[c * d + j] * inv;
        }
        return fresh;
    }

    /// <summary>True when the two labellings are the same partition (scikit-learn's _is_same_clustering).</summary>
    internal static bool SameClustering(int[] a, int[] b, int k)
    {
        var map = new int[k];
        Array.Fill(map, -1);
        for (int i = 0; i < a.Length; i++)
        {
            if (map[a[i]] == -1) map[a[i]] = b[i];
            else if (map[a[i]] != b[i]) return false;
        }
        return true;
    }
}
