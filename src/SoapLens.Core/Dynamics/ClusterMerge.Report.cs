using System.Globalization;
using SoapLens.Plots;

namespace SoapLens.Dynamics;

/// <summary>A merge in the report: the dendrogram with its cut, the macro-cluster chord, heat map and population flow.</summary>
public sealed partial class ClusterMerge : IReportContent
{
    string IReportContent.ReportTitle => $"Macro-clusters ({MicroCount} → {MacroCount})";

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(null,
        ("method", Method), ("distance", "1 − Pearson correlation of the probability rows"), ("linkage", "average"),
        ("threshold", double.IsNaN(Threshold) ? "none (map given)" : Threshold.ToString("G6", CultureInfo.InvariantCulture)),
        ("macro-clusters", string.Join("   ", Groups().Select((g, m) => $"{MacroNames[m]} = {{{string.Join(", ", g.Select(a => MicroNames[a]))}}}"))),
        ("relabelled points", Labels?.RowCount));

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context)
    {
        if (Linkage is not null)
            yield return context.Draw("dendrogram", "Average-linkage dendrogram of the transition-probability rows (distance 1 − correlation); the dashed line is the cut, colours the macro-clusters.",
                FigureKind.Dendrogram, this);
        yield return context.Draw("macro-chord", "Chord diagram of the transitions between macro-clusters.", FigureKind.Chord, this);
        yield return context.Draw("macro-matrix", "Transition probabilities (%) between macro-clusters.", FigureKind.Heatmap, this);
        if (Labels is not null && Labels.Frames.Distinct().Take(2).Count() == 2)
            yield return context.Draw("macro-populations", "Macro-cluster populations at five evenly spread frames; bands: atoms moving between macro-clusters (as the paper's Fig. 4e).",
                FigureKind.PopulationFlow, this);
    }

    ReportTable? IReportContent.ReportSummary => TransitionMatrix.PopulationTable(Macro, "Macro-clusters");
}
