namespace SoapLens.Tests.Learning;

/// <summary>O(N²) oracles for the HDBSCAN* tests: core distances by sorting, MST by Prim.</summary>
internal static class BruteForce
{
    public static double Distance2(double[] x, int dim, int a, int b)
    {
        double d = 0;
        for (int k = 0; k < dim; k++)
        {
            double t = x[a * dim + k] - x[b * dim + k];
            d += t * t;
        }
        return d;
    }

    /// <summary>Distance to the min_samples-th nearest other point (hdbscan's k = min_samples + 1 query).</summary>
    public static double[] CoreDistances(double[] x, int n, int dim, int minSamples)
    {
        var core = new double[n];
        var d2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) d2[j] = Distance2(x, dim, i, j);
            Array.Sort(d2);
            core[i] = Math.Sqrt(d2[Math.Min(minSamples, n - 1)]);
        }
        return core;
    }

    /// <summary>
    /// Prim's algorithm on the full mutual-reachability graph with the engine's total order on
    /// edges (weight, squared length, smaller row, larger row): that order makes the MST unique,
    /// so the edge set must equal the engine's exactly.
    /// </summary>
    public static (double Total, HashSet<(int, int)> Edges) PrimTree(double[] x, int n, int dim, double[] core)
    {
        var inTree = new bool[n];
        var bestW = new double[n];
        var bestD2 = new double[n];
        var bestFrom = new int[n];
        Array.Fill(bestW, double.PositiveInfinity);
        Array.Fill(bestD2, double.PositiveInfinity);
        Array.Fill(bestFrom, -1);
        var edges = new HashSet<(int, int)>();
        double total = 0;
        int current = 0;
        inTree[0] = true;
        for (int step = 1; step < n; step++)
        {
            for (int j = 0; j < n; j++)
            {
                if (inTree[j]) continue;
                double d2 = Distance2(x, dim, current, j);
                double w = Math.Max(Math.Max(core[current], core[j]), Math.Sqrt(d2));
                if (Before(w, d2, current, j, bestW[j], bestD2[j], bestFrom[j], j)) { bestW[j] = w; bestD2[j] = d2; bestFrom[j] = current; }
            }
            int next = -1;
            for (int j = 0; j < n; j++)
            {
                if (inTree[j]) continue;
                if (next < 0 || Before(bestW[j], bestD2[j], bestFrom[j], j, bestW[next], bestD2[next], bestFrom[next], next)) next = j;
            }
            inTree[next] = true;
            total += bestW[next];
            edges.Add((Math.Min(next, bestFrom[next]), Math.Max(next, bestFrom[next])));
            current = next;
        }
        return (total, edges);
    }

    private static bool Before(double w, double d2, int a, int b, double w0, double d20, int a0, int b0)
    {
        if (w != w0) return w < w0;
        if (d2 != d20) return d2 < d20;
        if (a0 < 0) return true;
        var (lo, hi) = (Math.Min(a, b), Math.Max(a, b));
        var (lo0, hi0) = (Math.Min(a0, b0), Math.Max(a0, b0));
        return lo != lo0 ? lo < lo0 : hi < hi0;
    }
}
