namespace SoapLens.Tests.Learning;

/// <summary>Comparing two labellings of the same rows: adjusted Rand index and agreement after the best one-to-one matching.</summary>
internal static class LabelAgreement
{
    /// <summary>Adjusted Rand index (Hubert and Arabie), as sklearn.metrics.adjusted_rand_score.</summary>
    public static double AdjustedRand(int[] a, int[] b)
    {
        var ka = a.Distinct().OrderBy(v => v).ToArray();
        var kb = b.Distinct().OrderBy(v => v).ToArray();
        var table = new long[ka.Length, kb.Length];
        for (int i = 0; i < a.Length; i++) table[Array.IndexOf(ka, a[i]), Array.IndexOf(kb, b[i])]++;
        static double C2(double x) => x * (x - 1) / 2;
        double sumCells = 0, sumRows = 0, sumCols = 0;
        for (int i = 0; i < ka.Length; i++)
        {
            long row = 0;
            for (int j = 0; j < kb.Length; j++) { sumCells += C2(table[i, j]); row += table[i, j]; }
            sumRows += C2(row);
        }
        for (int j = 0; j < kb.Length; j++)
        {
            long col = 0;
            for (int i = 0; i < ka.Length; i++) col += table[i, j];
            sumCols += C2(col);
        }
        double expected = sumRows * sumCols / C2(a.Length);
        double max = (sumRows + sumCols) / 2;
        return max == expected ? 1.0 : (sumCells - expected) / (max - expected);
    }

    /// <summary>mapping[label of a] = label of b maximising the rows that agree (exhaustive over permutations, k ≤ 8).</summary>
    public static int[] BestMatch(int[] a, int[] b, int k)
    {
        var counts = new long[k, k];
        for (int i = 0; i < a.Length; i++) counts[a[i], b[i]]++;
        int[]? best = null;
        long bestScore = -1;
        foreach (var perm in Permutations(Enumerable.Range(0, k).ToArray(), 0))
        {
            long s = 0;
            for (int i = 0; i < k; i++) s += counts[i, perm[i]];
            if (s > bestScore) { bestScore = s; best = (int[])perm.Clone(); }
        }
        return best!;
    }

    /// <summary>Fraction of rows whose labels agree after the best matching.</summary>
    public static double Agreement(int[] a, int[] b, int k)
    {
        var map = BestMatch(a, b, k);
        return a.Where((l, i) => map[l] == b[i]).Count() / (double)a.Length;
    }

    private static IEnumerable<int[]> Permutations(int[] items, int start)
    {
        if (start == items.Length) { yield return items; yield break; }
        for (int i = start; i < items.Length; i++)
        {
            (items[start], items[i]) = (items[i], items[start]);
            foreach (var p in Permutations(items, start + 1)) yield return p;
            (items[start], items[i]) = (items[i], items[start]);
        }
    }
}
