using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>
/// Several datasets treated as independent trajectories of the same features (deeptime's list of
/// trajectories): they are stacked into one dataset whose keys keep the parts apart — a part
/// whose rows share one frame becomes frames 0, 1, ... (one series), and every part's atom ids are
/// renumbered so that no two parts share one — so time-lagged pairs never cross from one part into
/// another. Models are fitted once on the stack; <see cref="Slice"/> gives each part its rows back.
/// </summary>
public sealed class TrajectoryParts
{
    private TrajectoryParts(IReadOnlyList<Dataset> parts, Dataset combined, int[] offsets)
    {
        Parts = parts;
        Combined = combined;
        Offsets = offsets;
    }

    public IReadOnlyList<Dataset> Parts { get; }
    /// <summary>The stacked dataset (the only part itself when there is one).</summary>
    public Dataset Combined { get; }
    /// <summary>First row of each part in <see cref="Combined"/>.</summary>
    public int[] Offsets { get; }

    public static TrajectoryParts Combine(IReadOnlyList<Dataset> parts)
    {
        if (parts.Count == 0) throw SoapLensException.Argument("No input datasets.");
        if (parts.Count == 1) return new TrajectoryParts(parts, parts[0], [0]);
        int d = parts[0].ColumnCount;
        for (int p = 1; p < parts.Count; p++)
            if (parts[p].ColumnCount != d)
                throw SoapLensException.Argument(
                    $"Input {p + 1} ({parts[p].Source}) has {parts[p].ColumnCount} columns but input 1 ({parts[0].Source}) has {d}; piped trajectories must have the same features.", parts[p].Source);
        long rows = parts.Sum(x => (long)x.RowCount);
        if (rows * d > Array.MaxLength) throw SoapLensException.Argument($"{rows} rows x {d} columns are too many to stack in memory.");
        var values = new double[rows * d];
        var frames = new int[rows];
        var atoms = new int[rows];
        var offsets = new int[parts.Count];
        int r0 = 0, atomBase = 0;
        for (int p = 0; p < parts.Count; p++)
        {
            var x = parts[p];
            offsets[p] = r0;
            x.Values.AsSpan().CopyTo(values.AsSpan(r0 * d));
            bool single = x.Frames.All(f => f == x.Frames[0]);
            var local = new Dictionary<int, int>();
            for (int r = 0; r < x.RowCount; r++)
            {
                if (single) { frames[r0 + r] = r; atoms[r0 + r] = atomBase; }
                else
                {
                    frames[r0 + r] = x.Frames[r];
                    if (!local.TryGetValue(x.AtomIds[r], out int a)) local[x.AtomIds[r]] = a = local.Count;
                    atoms[r0 + r] = checked(atomBase + a);
                }
            }
            atomBase = checked(atomBase + (single ? 1 : local.Count));
            r0 += x.RowCount;
        }
        var combined = new Dataset(values, (int)rows, d, frames, atoms, parts[0].ColumnNames, $"{parts.Count} trajectories");
        return new TrajectoryParts(parts, combined, offsets);
    }

    /// <summary>Rows of part <paramref name="part"/> of a rows × k array over <see cref="Combined"/>.</summary>
    public double[] Slice(double[] combinedRows, int k, int part) =>
        Parts.Count == 1 ? combinedRows : combinedRows.AsSpan(Offsets[part] * k, Parts[part].RowCount * k).ToArray();

    /// <summary>True when every row of part <paramref name="part"/> has the same frame (read as one series).</summary>
    public bool IsSingleSeries(int part) => Parts[part].Frames.All(f => f == Parts[part].Frames[0]);
}
