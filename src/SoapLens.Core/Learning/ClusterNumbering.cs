namespace SoapLens.Learning;

/// <summary>
/// The deterministic numbering of model-based clusters (Gaussian mixtures, k-means): clusters are
/// numbered by increasing first coordinate of their mean (centre), ties broken by the next
/// coordinates, then by the fitted order. For 1-D data such as LENS values this is "by increasing
/// mean"; on a PCA projection it orders clusters along pc1.
/// </summary>
public static class ClusterNumbering
{
    /// <summary>order[newLabel] = old index, for k centres of d coordinates (row-major).</summary>
    public static int[] ByCentre(ReadOnlySpan<double> centres, int k, int d)
    {
        var c = centres.ToArray();
        var order = new int[k];
        for (int i = 0; i < k; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            for (int j = 0; j < d; j++)
            {
                int cmp = c[a * d + j].CompareTo(c[b * d + j]);
                if (cmp != 0) return cmp;
            }
            return a.CompareTo(b);
        });
        return order;
    }

    /// <summary>The inverse permutation: newLabel[old index].</summary>
    public static int[] Inverse(int[] order)
    {
        var inv = new int[order.Length];
        for (int i = 0; i < order.Length; i++) inv[order[i]] = i;
        return inv;
    }

    /// <summary>Rows of a (k × width) table in the new order.</summary>
    internal static double[] PermuteRows(double[] table, int[] order, int width)
    {
        var r = new double[table.Length];
        for (int i = 0; i < order.Length; i++) Array.Copy(table, (long)order[i] * width, r, (long)i * width, width);
        return r;
    }
}
