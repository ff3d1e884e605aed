using SoapLens.Data;
using SoapLens.Learning;

namespace SoapLens.Dynamics;

/// <summary>Matches cluster labels to the rows of a dataset by their (frame, atom id) keys.</summary>
public static class LabelAlignment
{
    /// <summary>Label of each dataset row: the cluster, −1 for noise, <see cref="LabelGrid.Missing"/> when the labels lack that key.</summary>
    public static int[] ForRows(Dataset data, ClusterLabels labels)
    {
        if (data.Frames.AsSpan().SequenceEqual(labels.Frames) && data.AtomIds.AsSpan().SequenceEqual(labels.AtomIds))
            return labels.Labels;
        var index = new Dictionary<long, int>(labels.RowCount, RowKey.Comparer);
        for (int r = 0; r < labels.RowCount; r++) index[Key(labels.Frames[r], labels.AtomIds[r])] = labels.Labels[r];
        var result = new int[data.RowCount];
        for (int r = 0; r < data.RowCount; r++)
            result[r] = index.TryGetValue(Key(data.Frames[r], data.AtomIds[r]), out var l) ? l : LabelGrid.Missing;
        return result;
    }

    private static long Key(int frame, int atom) => RowKey.Of(frame, atom);
}
