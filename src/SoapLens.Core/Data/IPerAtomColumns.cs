namespace SoapLens.Data;

/// <summary>
/// Per-atom values keyed by (frame, atom id) that can be written as extra columns of a trajectory
/// (cluster labels, LENS, PCA scores) so that OVITO or VMD can colour atoms by them.
/// </summary>
public interface IPerAtomColumns
{
    /// <summary>Column names (one or more per result, e.g. "cluster", or "pc1", "pc2").</summary>
    IReadOnlyList<string> ColumnNames { get; }

    /// <summary>
    /// Fills <paramref name="destination"/> (atoms × columns, row-major) with the values for the
    /// atoms <paramref name="atomIds"/> at source frame <paramref name="frameIndex"/>. Atoms the result
    /// does not cover get NaN (integer results may use their own "none" value: ClusterLabels writes −1),
    /// also when the frame is missing entirely. Returns false when the result has nothing for that frame.
    /// </summary>
    bool TryGetFrame(int frameIndex, ReadOnlySpan<int> atomIds, Span<double> destination);
}
