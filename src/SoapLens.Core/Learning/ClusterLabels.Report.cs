using System.Globalization;
using SoapLens.Plots;

namespace SoapLens.Learning;

/// <summary>
/// Cluster labels in the report: populations per cluster and their flow between frames; the chord
/// diagram and heat map too when the report holds no transition matrix counted from them.
/// </summary>
public sealed partial class ClusterLabels : IReportContent
{
    string IReportContent.ReportTitle => Parameters.ContainsKey("merge_map")
        ? $"Macro-cluster labels ({ClusterCount} clusters)"
        : $"Clusters: {Method} ({ClusterCount} clusters)";

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(Parameters,
        ("method", Method), ("clusters", ClusterCount), ("points", RowCount), ("noise", NoiseCount),
        ("frames", ReportContent.FrameRange(Frames.Distinct().Order().ToArray())));

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context)
    {
        if (Frames.Distinct().Take(2).Count() < 2) yield break; // one frame: no dynamics to draw
        if (!context.HasMatrixOf(this))
        {
            yield return context.Draw("chord", "Chord diagram of the transitions between these clusters (lag 1 frame).", Plots.FigureKind.Chord, this);
            yield return context.Draw("transition-matrix", "Transition probabilities (%) between these clusters (lag 1 frame).", Plots.FigureKind.Heatmap, this);
        }
        yield return context.Draw("populations", "Cluster populations at five evenly spread frames; bands: atoms moving between clusters.", Plots.FigureKind.PopulationFlow, this);
    }

    ReportTable? IReportContent.ReportSummary
    {
        get
        {
            var pops = Populations();
            long total = Math.Max(1, RowCount);
            var rows = new List<string[]>();
            for (int c = 0; c < ClusterCount; c++)
            {
                var row = new List<string> { ClusterNames[c], pops[c].ToString("N0", CultureInfo.InvariantCulture), ChordDiagram.Pct(pops[c], total) };
                if (Probabilities is not null)
                {
                    double s = 0;
                    for (int i = 0; i < RowCount; i++) if (Labels[i] == c) s += Probabilities[i];
                    row.Add(pops[c] > 0 ? (s / pops[c]).ToString("0.###", CultureInfo.InvariantCulture) : "—");
                }
                rows.Add(row.ToArray());
            }
            if (NoiseCount > 0) rows.Add(["noise", NoiseCount.ToString("N0", CultureInfo.InvariantCulture), ChordDiagram.Pct(NoiseCount, total), .. Probabilities is null ? Array.Empty<string>() : ["—"]]);
            string[] header = Probabilities is null ? ["cluster", "points", "share"] : ["cluster", "points", "share", "mean probability"];
            return new ReportTable("Populations", header, rows);
        }
    }
}
