namespace SoapLens.Data;

/// <summary>
/// Finds rows by (frame, atom id) in a keyed table: the lookup behind
/// <see cref="IPerAtomColumns.TryGetFrame"/> for any row-major result (projections, datasets).
/// Built once, on first use.
/// </summary>
public sealed class RowKeyIndex
{
    private readonly Dictionary<long, int> _rows;
    private readonly HashSet<int> _frames;

    public RowKeyIndex(int[] frames, int[] atomIds)
    {
        if (frames.Length != atomIds.Length) throw new ArgumentException("One frame and one atom id per row are needed.");
        _rows = new Dictionary<long, int>(frames.Length, RowKey.Comparer);
        _frames = new HashSet<int>();
        for (int r = 0; r < frames.Length; r++)
        {
            _rows.TryAdd(Key(frames[r], atomIds[r]), r);
            _frames.Add(frames[r]);
        }
    }

    private static long Key(int frame, int atomId) => ((long)frame << 32) | (uint)atomId;

    public bool HasFrame(int frame) => _frames.Contains(frame);

    public bool TryGetRow(int frame, int atomId, out int row) => _rows.TryGetValue(Key(frame, atomId), out row);

    /// <summary>
    /// Copies the rows of <paramref name="atomIds"/> at <paramref name="frame"/> from a row-major
    /// table of <paramref name="columnCount"/> columns into <paramref name="destination"/> (atoms ×
    /// columns); atoms without a row get NaN. False when the table has nothing for that frame.
    /// </summary>
    public bool FillFrame(double[] values, int columnCount, int frame, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        if (destination.Length < atomIds.Length * columnCount)
            throw new ArgumentException("The destination must hold atoms × columns values.", nameof(destination));
        if (!HasFrame(frame)) return false;
        for (int i = 0; i < atomIds.Length; i++)
        {
            var dst = destination.Slice(i * columnCount, columnCount);
            if (TryGetRow(frame, atomIds[i], out int r)) values.AsSpan((int)((long)r * columnCount), columnCount).CopyTo(dst);
            else dst.Fill(double.NaN);
        }
        return true;
    }
}
