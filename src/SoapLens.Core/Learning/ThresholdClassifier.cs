using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// Fixed-threshold classes of a one-column dataset: the paper's LENS classification of Cu(211)
/// ("the clustering thresholds are set as previously"). With thresholds t₀ &lt; t₁ &lt; … the class
/// of a value v is the number of thresholds ≤ v, so class 0 is the least dynamic, as the k-means
/// classes of 1-D data are numbered.
/// </summary>
public static class ThresholdClassifier
{
    /// <param name="column">The column to classify; null is allowed only for a one-column dataset.</param>
    public static ClusterLabels Classify(Dataset data, IReadOnlyList<double> thresholds, int? column = null)
    {
        var t = Validate(thresholds);
        if (column is null && data.ColumnCount > 1)
            throw SoapLensException.Argument(
                $"Thresholds classify one value per row, but the dataset has {data.ColumnCount} columns; pass a one-column result (LENS, tSOAP) or choose the column with -Column.");
        int c = column ?? 0;
        if (c < 0 || c >= data.ColumnCount)
            throw SoapLensException.Argument($"Column {c} does not exist: the dataset has {data.ColumnCount} column(s).");

        var labels = new int[data.RowCount];
        for (int r = 0; r < labels.Length; r++)
        {
            double v = data[r, c];
            if (!double.IsFinite(v))
                throw SoapLensException.InvalidData($"Row {r} (frame {data.Frames[r]}, atom {data.AtomIds[r]}) has a non-finite value ({v}).");
            // Number of thresholds ≤ v: an upper bound search on the sorted thresholds.
            int lo = 0, hi = t.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (t[mid] <= v) lo = mid + 1; else hi = mid;
            }
            labels[r] = lo;
        }
        var names = new string[t.Length + 1];
        for (int k = 0; k <= t.Length; k++)
        {
            string lower = k == 0 ? "-inf" : Format(t[k - 1]), upper = k == t.Length ? "inf" : Format(t[k]);
            names[k] = $"[{lower}, {upper})";
        }
        var parameters = new Dictionary<string, object>
        {
            ["thresholds"] = t,
            ["column"] = data.ColumnNames[c],
            ["source"] = data.Source,
        };
        return new ClusterLabels(labels, data.Frames, data.AtomIds, t.Length + 1, "thresholds", parameters: parameters, clusterNames: names);
    }

    private static double[] Validate(IReadOnlyList<double> thresholds)
    {
        if (thresholds.Count == 0) throw SoapLensException.Argument("Give at least one threshold.");
        var t = thresholds.ToArray();
        for (int i = 0; i < t.Length; i++)
        {
            if (!double.IsFinite(t[i])) throw SoapLensException.Argument($"Threshold {t[i]} is not a finite number.");
            if (i > 0 && t[i] <= t[i - 1]) throw SoapLensException.Argument($"Thresholds must be strictly increasing (got {string.Join(", ", t.Select(Format))}).");
        }
        return t;
    }

    private static string Format(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
