namespace SoapLens.Tests.Support;

/// <summary>
/// Compares two labellings of the same points (−1 = noise, treated as a class of its own): the
/// fraction of points that agree after the best one-to-one matching of labels (Hungarian
/// algorithm on the contingency table), the matching itself, and the adjusted Rand index.
/// </summary>
public static class ClusterComparison
{
    /// <summary>Best one-to-one map from labels of <paramref name="a"/> to labels of <paramref name="b"/> and the agreeing fraction.</summary>
    public static (double Agreement, Dictionary<int, int> Map) Match(int[] a, int[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Labellings differ in length.");
        var la = a.Distinct().OrderBy(x => x).ToArray();
        var lb = b.Distinct().OrderBy(x => x).ToArray();
        var ia = la.Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i);
        var ib = lb.Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i);
        int size = Math.Max(la.Length, lb.Length);
        var count = new long[size, size];
        for (int i = 0; i < a.Length; i++) count[ia[a[i]], ib[b[i]]]++;
        // Noise only matches noise.
        var cost = new double[size, size];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                bool noiseA = i < la.Length && la[i] == -1, noiseB = j < lb.Length && lb[j] == -1;
                cost[i, j] = noiseA != noiseB ? 1e12 : -count[i, j];
            }
        var assign = Hungarian(cost);
        long agree = 0;
        var map = new Dictionary<int, int>();
        for (int i = 0; i < la.Length; i++)
        {
            int j = assign[i];
            if (j >= lb.Length || cost[i, j] >= 1e12) continue;
            map[la[i]] = lb[j];
            agree += count[i, j];
        }
        return ((double)agree / a.Length, map);
    }

    public static double AdjustedRandIndex(int[] a, int[] b)
    {
        var pairs = new Dictionary<(int, int), long>();
        var ca = new Dictionary<int, long>();
        var cb = new Dictionary<int, long>();
        for (int i = 0; i < a.Length; i++)
        {
            pairs[(a[i], b[i])] = pairs.GetValueOrDefault((a[i], b[i])) + 1;
            ca[a[i]] = ca.GetValueOrDefault(a[i]) + 1;
            cb[b[i]] = cb.GetValueOrDefault(b[i]) + 1;
        }
        static double C2(long x) => x * (x - 1) / 2.0;
        double index = pairs.Values.Sum(C2), sa = ca.Values.Sum(C2), sb = cb.Values.Sum(C2), total = C2(a.Length);
        double expected = sa * sb / total, max = (sa + sb) / 2;
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    // Minimum-cost assignment of rows to columns (square matrix), O(n³).
    private static int[] Hungarian(double[,] cost)
    {
        int n = cost.GetLength(0);
        var u = new double[n + 1];
        var v = new double[n + 1];
        var p = new int[n + 1];
        var way = new int[n + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            var minv = Enumerable.Repeat(double.PositiveInfinity, n + 1).ToArray();
            var used = new bool[n + 1];
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= n; j++)
                {
                    if (used[j]) continue;
                    double cur = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) { minv[j] = cur; way[j] = j0; }
                    if (minv[j] < delta) { delta = minv[j]; j1 = j; }
                }
                for (int j = 0; j <= n; j++)
                {
                    if (used[j]) { u[p[j]] += delta; v[j] -= delta; }
                    else minv[j] -= delta;
                }
                j0 = j1;
            } while (p[j0] != 0);
            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        var assign = new int[n];
        for (int j = 1; j <= n; j++) if (p[j] > 0) assign[p[j] - 1] = j - 1;
        return assign;
    }
}
