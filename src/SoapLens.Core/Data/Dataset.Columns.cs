namespace SoapLens.Data;

/// <summary>A dataset's columns as trajectory columns for Export-Trajectory (LENS, PCA scores, ...).</summary>
public sealed partial class Dataset : IPerAtomColumns
{
    private PerAtomRowIndex? _rowIndex;

    IReadOnlyList<string> IPerAtomColumns.ColumnNames => ColumnNames;

    /// <summary>Atoms or frames the dataset has no row for get NaN.</summary>
    bool IPerAtomColumns.TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        _rowIndex ??= new PerAtomRowIndex(Frames, AtomIds);
        return _rowIndex.Fill(frameIndex, atomIds, destination, ColumnCount, (r, c) => Values[(long)r * ColumnCount + c], double.NaN);
    }
}
