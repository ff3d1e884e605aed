using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// Renumbers clusters by the mean of a per-row quantity, as the paper orders its classes "by
/// increasing mean LENS" (0 = least dynamic): e.g. Gaussian-mixture classes of a SOAP&amp;LENS
/// projection ordered by the <c>lens</c> column of the joined dataset. Rows are matched by their
/// (frame, atom id) keys, so the values may come from any dataset covering the labelled rows.
/// </summary>
public static class ClusterOrdering
{
    /// <summary>
    /// The labels renumbered so that cluster 0 has the lowest mean of <paramref name="column"/> of
    /// <paramref name="values"/> over its rows (noise excluded; ties and empty clusters keep their
    /// relative order, empty ones last). Keys, noise, probabilities and outlier scores stay; membership columns and
    /// custom names follow their clusters. The fitted model is not carried over (its component order
    /// is the old numbering).
    /// </summary>
    public static ClusterLabels ByMean(ClusterLabels labels, Dataset values, string column)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(values);
        int j = Array.IndexOf(values.ColumnNames, column);
        if (j < 0)
            throw SoapLensException.Argument($"The dataset has no column '{column}' (columns: {string.Join(", ", values.ColumnNames.Take(6))}{(values.ColumnCount > 6 ? ", ..." : "")}).", column);
        var means = Means(labels, values, j);
        return Reorder(labels, Order(means), column);
    }

    /// <summary>Mean of column <paramref name="column"/> over the rows of each cluster (NaN for an empty cluster).</summary>
    public static double[] Means(ClusterLabels labels, Dataset values, int column)
    {
        int k = labels.ClusterCount;
        var sum = new double[k];
        var count = new long[k];
        bool sameRows = labels.Frames.AsSpan().SequenceEqual(values.Frames) && labels.AtomIds.AsSpan().SequenceEqual(values.AtomIds);
        RowKeyIndex? index = sameRows ? null : new RowKeyIndex(values.Frames, values.AtomIds);
        for (int r = 0; r < labels.RowCount; r++)
        {
            int l = labels.Labels[r];
            if (l < 0) continue;
            int row = r;
            if (index is not null && !index.TryGetRow(labels.Frames[r], labels.AtomIds[r], out row))
                throw new SoapLensException("RowNotFound", ErrorKind.InvalidArgument,
                    $"The values have no row for frame {labels.Frames[r]}, atom {labels.AtomIds[r]} of the labels; give values covering every labelled row.", values);
            sum[l] += values[row, column];
            count[l]++;
        }
        var means = new double[k];
        for (int c = 0; c < k; c++) means[c] = count[c] > 0 ? sum[c] / count[c] : double.NaN;
        return means;
    }

    /// <summary>order[new] = old: increasing mean, NaN last, ties by old number.</summary>
    private static int[] Order(double[] means)
    {
        var order = Enumerable.Range(0, means.Length).ToArray();
        Array.Sort(order, (a, b) =>
        {
            bool na = double.IsNaN(means[a]), nb = double.IsNaN(means[b]);
            if (na != nb) return na ? 1 : -1;
            int cmp = na ? 0 : means[a].CompareTo(means[b]);
            return cmp != 0 ? cmp : a.CompareTo(b);
        });
        return order;
    }

    private static ClusterLabels Reorder(ClusterLabels labels, int[] order, string column)
    {
        int k = labels.ClusterCount, n = labels.RowCount;
        var inverse = ClusterNumbering.Inverse(order);
        var relabelled = new int[n];
        for (int r = 0; r < n; r++) relabelled[r] = labels.Labels[r] < 0 ? labels.Labels[r] : inverse[labels.Labels[r]];
        double[]? membership = null;
        if (labels.Membership is { } mu)
        {
            membership = new double[mu.LongLength];
            for (long r = 0; r < n; r++)
                for (int c = 0; c < k; c++) membership[r * k + c] = mu[r * k + order[c]];
        }
        bool defaultNames = labels.ClusterNames.Select((s, i) => s == i.ToString(CultureInfo.InvariantCulture)).All(x => x);
        var names = defaultNames ? null : order.Select(o => labels.ClusterNames[o]).ToArray();
        var parameters = new Dictionary<string, object>(labels.Parameters)
        {
            ["ordered_by_mean"] = column,
            ["order"] = order.Select(o => (long)o).ToArray(),
        };
        return new ClusterLabels(relabelled, labels.Frames, labels.AtomIds, k, labels.Method, labels.Probabilities, membership, parameters, names)
        {
            OutlierScores = labels.OutlierScores,
        };
    }
}
