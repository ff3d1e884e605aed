using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>
/// Cluster labels laid out as a (frames × atoms) grid in time order: frames ascending, atom ids
/// ascending. Cells the labels do not cover hold <see cref="Missing"/>; noise stays −1. Transition
/// counting, residence times and population flows all walk this grid, so the (frame, atom id) keys
/// are resolved once, whatever order the labelled rows came in.
/// </summary>
public sealed class LabelGrid
{
    /// <summary>Cell value for an (frame, atom) pair that has no label.</summary>
    public const int Missing = -2;

    private LabelGrid(int[] frames, int[] atomIds, int[] cells, int clusterCount, bool complete)
    {
        Frames = frames;
        AtomIds = atomIds;
        Cells = cells;
        ClusterCount = clusterCount;
        IsComplete = complete;
    }

    /// <summary>Distinct frames, ascending (grid row t is Frames[t]).</summary>
    public int[] Frames { get; }

    /// <summary>Distinct atom ids, ascending (grid column i is AtomIds[i]).</summary>
    public int[] AtomIds { get; }

    /// <summary>Row-major (frames × atoms) labels: 0..K−1, −1 noise, −2 missing.</summary>
    public int[] Cells { get; }

    public int ClusterCount { get; }
    public int FrameCount => Frames.Length;
    public int AtomCount => AtomIds.Length;

    /// <summary>True when every (frame, atom) cell holds a label.</summary>
    public bool IsComplete { get; }

    public int this[int frame, int atom] => Cells[(long)frame * AtomIds.Length + atom];

    public ReadOnlySpan<int> Row(int frame) => Cells.AsSpan(frame * AtomIds.Length, AtomIds.Length);

    /// <summary>Lays the labels out in time order; a repeated (frame, atom id) key is an error.</summary>
    public static LabelGrid From(ClusterLabels labels)
    {
        if (labels.RowCount == 0)
            throw new SoapLensException("LabelsEmpty", ErrorKind.InvalidArgument, "The cluster labels hold no rows.", labels);
        // Fast path: the usual frame-major grid with ascending frames and ids is used as it is.
        if (TryAscendingGrid(labels, out var gf, out var ga))
            return new LabelGrid(gf, ga, labels.Labels, labels.ClusterCount, true);

        var frames = SortedDistinct(labels.Frames);
        var atoms = SortedDistinct(labels.AtomIds);
        long size = (long)frames.Length * atoms.Length;
        if (size > Array.MaxLength)
            throw new SoapLensException("LabelsTooSparse", ErrorKind.InvalidArgument,
                $"The labels span {frames.Length} frames × {atoms.Length} atom ids, too many to lay out as a grid.", labels);
        var cells = new int[size];
        Array.Fill(cells, Missing);
        int filled = 0;
        for (int r = 0; r < labels.RowCount; r++)
        {
            int t = Array.BinarySearch(frames, labels.Frames[r]);
            int i = Array.BinarySearch(atoms, labels.AtomIds[r]);
            long c = (long)t * atoms.Length + i;
            if (cells[c] != Missing)
                throw new SoapLensException("DuplicateLabelKey", ErrorKind.InvalidData,
                    $"The labels hold atom id {labels.AtomIds[r]} twice in frame {labels.Frames[r]} (row {r}).", labels);
            cells[c] = labels.Labels[r];
            filled++;
        }
        return new LabelGrid(frames, atoms, cells, labels.ClusterCount, filled == cells.Length);
    }

    // One linear pass, no hashing: the first frame's block fixes the atom ids, every later block
    // must repeat them under a larger frame number.
    private static bool TryAscendingGrid(ClusterLabels labels, out int[] frames, out int[] atoms)
    {
        frames = atoms = [];
        var f = labels.Frames;
        var a = labels.AtomIds;
        int n = f.Length, width = 1;
        while (width < n && f[width] == f[0]) width++;
        if (n % width != 0) return false;
        for (int i = 1; i < width; i++) if (a[i] <= a[i - 1]) return false;
        int count = n / width;
        var fr = new int[count];
        for (int t = 0, r = 0; t < count; t++)
        {
            int frame = f[r];
            if (t > 0 && frame <= fr[t - 1]) return false;
            fr[t] = frame;
            for (int i = 0; i < width; i++, r++)
                if (f[r] != frame || a[r] != a[i]) return false;
        }
        frames = fr;
        atoms = a[..width];
        return true;
    }

    private static int[] SortedDistinct(int[] values)
    {
        var s = (int[])values.Clone();
        Array.Sort(s);
        int n = 0;
        for (int i = 0; i < s.Length; i++)
            if (i == 0 || s[i] != s[n - 1]) s[n++] = s[i];
        Array.Resize(ref s, n);
        return s;
    }

    /// <summary>Grid row of a frame number, or −1.</summary>
    public int FrameIndex(int frame)
    {
        int t = Array.BinarySearch(Frames, frame);
        return t >= 0 ? t : -1;
    }

    /// <summary>Grid column of an atom id, or −1.</summary>
    public int AtomIndex(int atomId)
    {
        int i = Array.BinarySearch(AtomIds, atomId);
        return i >= 0 ? i : -1;
    }
}
