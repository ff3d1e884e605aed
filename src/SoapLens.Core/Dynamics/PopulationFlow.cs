using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Dynamics;

/// <summary>
/// Cluster populations at a few chosen frames and the atoms moving between clusters from each
/// chosen frame to the next (the paper's Fig. 4e flow chart). Categories are the clusters, plus a
/// last "noise" category when any chosen frame has noise. Only atoms labelled at both frames of a
/// step take part in that step's flows.
/// </summary>
public sealed class PopulationFlow
{
    public PopulationFlow(int[] frames, string[] categories, long[][] populations, long[][,] flows, int clusterCount)
    {
        if (populations.Length != frames.Length || flows.Length != Math.Max(frames.Length - 1, 0))
            throw new ArgumentException("One population vector per frame and one flow matrix per step are needed.");
        Frames = frames;
        Categories = categories;
        Populations = populations;
        Flows = flows;
        ClusterCount = clusterCount;
    }

    /// <summary>The chosen frames, ascending.</summary>
    public int[] Frames { get; }

    /// <summary>Cluster names, then "noise" when present.</summary>
    public string[] Categories { get; }

    /// <summary>Populations[s][c]: atoms in category c at frame s.</summary>
    public long[][] Populations { get; }

    /// <summary>Flows[s][a, b]: atoms in category a at frame s and b at frame s + 1.</summary>
    public long[][,] Flows { get; }

    public int ClusterCount { get; }
    public bool HasNoise => Categories.Length > ClusterCount;

    /// <summary>Evenly spread frames of the labels, first and last included.</summary>
    public static int[] DefaultFrames(ClusterLabels labels, int count = 5)
    {
        var grid = LabelGrid.From(labels);
        count = Math.Clamp(count, 1, grid.FrameCount);
        if (count == 1) return [grid.Frames[0]];
        return Enumerable.Range(0, count).Select(s => grid.Frames[(int)Math.Round(s * (grid.FrameCount - 1) / (double)(count - 1))]).Distinct().ToArray();
    }

    public static PopulationFlow FromLabels(ClusterLabels labels, int[]? frames = null)
    {
        var grid = LabelGrid.From(labels);
        frames ??= DefaultFrames(labels);
        var chosen = frames.Distinct().OrderBy(f => f).ToArray();
        if (chosen.Length < 2)
            throw SoapLensException.Argument("A population flow needs at least two frames.", frames);
        var rows = new int[chosen.Length];
        for (int s = 0; s < chosen.Length; s++)
        {
            rows[s] = grid.FrameIndex(chosen[s]);
            if (rows[s] < 0)
                throw new SoapLensException("FrameNotLabelled", ErrorKind.ObjectNotFound,
                    $"Frame {chosen[s]} is not in the labels (they cover frames {grid.Frames[0]}..{grid.Frames[^1]}, {grid.FrameCount} in all).", chosen[s]);
        }
        int k = grid.ClusterCount;
        bool noise = false;
        foreach (var r in rows)
            foreach (var c in grid.Row(r)) if (c == -1) { noise = true; break; }
        int m = noise ? k + 1 : k;
        int Category(int label) => label >= 0 ? label : label == -1 ? k : -1;
        var pops = new long[chosen.Length][];
        for (int s = 0; s < chosen.Length; s++)
        {
            pops[s] = new long[m];
            foreach (var c in grid.Row(rows[s]))
                if (Category(c) is var cat and >= 0) pops[s][cat]++;
        }
        var flows = new long[chosen.Length - 1][,];
        for (int s = 0; s + 1 < chosen.Length; s++)
        {
            var f = new long[m, m];
            var a = grid.Row(rows[s]);
            var b = grid.Row(rows[s + 1]);
            for (int i = 0; i < a.Length; i++)
            {
                int x = Category(a[i]), y = Category(b[i]);
                if (x >= 0 && y >= 0) f[x, y]++;
            }
            flows[s] = f;
        }
        var names = noise ? [.. labels.ClusterNames, "noise"] : (string[])labels.ClusterNames.Clone();
        return new PopulationFlow(chosen, names, pops, flows, k);
    }
}
