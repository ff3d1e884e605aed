using SoapLens.Data;

namespace SoapLens.Learning;

/// <summary>Cluster labels as a trajectory column ("cluster") for Export-Trajectory.</summary>
public sealed partial class ClusterLabels : IPerAtomColumns
{
    private PerAtomRowIndex? _rowIndex;

    IReadOnlyList<string> IPerAtomColumns.ColumnNames { get; } = ["cluster"];

    /// <summary>Atoms or frames without a label get −1, like noise: "in no cluster".</summary>
    bool IPerAtomColumns.TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination)
    {
        _rowIndex ??= new PerAtomRowIndex(Frames, AtomIds);
        return _rowIndex.Fill(frameIndex, atomIds, destination, 1, (r, _) => Labels[r], -1);
    }
}
