using SoapLens.Plots;

namespace SoapLens.Dynamics;

/// <summary>A transition matrix in the report: its chord diagram and heat map, populations and staying probabilities.</summary>
public sealed partial class TransitionMatrix : IReportContent
{
    string IReportContent.ReportTitle => $"Transition matrix ({ClusterCount} clusters, lag {Lag})";

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(Parameters,
        ("lag (frames)", Lag), ("stride (frames)", Stride), ("transitions counted", RowSums.Sum()), ("pairs with noise", NoisePairs),
        ("pairs with a missing label", MissingPairs));

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context) =>
    [
        context.Draw("chord", "Chord diagram of the transitions: arc ∝ transitions leaving each cluster (staying included), ribbon ends ∝ counts each way, ribbon colour = dominant direction.",
            FigureKind.Chord, this),
        context.Draw("transition-matrix", $"Transition probabilities (%) from the cluster at t (rows) to the cluster at t + {Lag} frame(s) (columns); colour on a log scale.",
            FigureKind.Heatmap, this),
    ];

    ReportTable? IReportContent.ReportSummary => PopulationTable(this, "Clusters");

    /// <summary>Per cluster: population, transitions leaving, probability of staying.</summary>
    internal static ReportTable PopulationTable(TransitionMatrix tm, string caption)
    {
        long total = Math.Max(1, tm.Populations.Sum());
        var rows = new List<string[]>();
        for (int a = 0; a < tm.ClusterCount; a++)
            rows.Add([tm.ClusterNames[a], tm.Populations[a].ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                ChordDiagram.Pct(tm.Populations[a], total), tm.RowSums[a].ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                tm.RowSums[a] > 0 ? Heatmap.Format(100 * tm.Probabilities[a, a]) + " %" : "—"]);
        return new ReportTable(caption, ["cluster", "points", "share", "transitions leaving", "staying"], rows);
    }
}
