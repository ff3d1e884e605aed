namespace SoapLens.Data;

/// <summary>
/// Finds the rows of a (frame, atom id)-keyed result that belong to one frame and a given list of
/// atoms; shared by the <see cref="IPerAtomColumns"/> implementations. Built once per result,
/// then each lookup costs O(rows of the frame · log atoms).
/// </summary>
public sealed class PerAtomRowIndex
{
    private readonly Dictionary<int, int[]> _rowsByFrame;
    private readonly int[] _atomIds;

    public PerAtomRowIndex(int[] frames, int[] atomIds)
    {
        _atomIds = atomIds;
        var lists = new Dictionary<int, List<int>>();
        for (int r = 0; r < frames.Length; r++)
        {
            if (!lists.TryGetValue(frames[r], out var l)) lists[frames[r]] = l = new List<int>();
            l.Add(r);
        }
        _rowsByFrame = lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>
    /// Sets <paramref name="rowOfAtom"/>[k] to the row holding atom <paramref name="atomIds"/>[k] in
    /// frame <paramref name="frame"/>, or −1. Returns false when the result has no row for that frame.
    /// </summary>
    public bool Match(int frame, ReadOnlySpan<int> atomIds, Span<int> rowOfAtom)
    {
        rowOfAtom.Fill(-1);
        if (!_rowsByFrame.TryGetValue(frame, out var rows)) return false;
        bool ascending = true;
        for (int k = 1; k < atomIds.Length && ascending; k++) ascending = atomIds[k] > atomIds[k - 1];
        Dictionary<int, int>? position = null;
        if (!ascending)
        {
            position = new Dictionary<int, int>(atomIds.Length);
            for (int k = 0; k < atomIds.Length; k++) position.TryAdd(atomIds[k], k);
        }
        foreach (var r in rows)
        {
            int id = _atomIds[r];
            int k = position is null ? atomIds.BinarySearch(id) : position.GetValueOrDefault(id, -1);
            if (k >= 0) rowOfAtom[k] = r;
        }
        return true;
    }

    /// <summary>
    /// Copies <paramref name="columns"/> values per row from <paramref name="values"/> (rows × columns,
    /// row-major) into <paramref name="destination"/> (atoms × columns) for the atoms the frame has;
    /// other atoms get <paramref name="missing"/>.
    /// </summary>
    public bool Fill(int frame, ReadOnlySpan<int> atomIds, Span<double> destination, int columns, Func<int, int, double> values, double missing)
    {
        var rowOfAtom = atomIds.Length <= 4096 ? stackalloc int[atomIds.Length] : new int[atomIds.Length];
        bool found = Match(frame, atomIds, rowOfAtom);
        for (int k = 0; k < atomIds.Length; k++)
        {
            int r = rowOfAtom[k];
            for (int c = 0; c < columns; c++) destination[k * columns + c] = r >= 0 ? values(r, c) : missing;
        }
        return found;
    }
}
