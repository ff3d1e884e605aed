using SoapLens.Plots;

namespace SoapLens.Learning;

/// <summary>A PCA in the report: the plane of the first two components coloured by the report's labels, the cumulative variance, and the most mobile atom's path.</summary>
public sealed partial class PcaResult : IReportContent
{
    string IReportContent.ReportTitle => $"PCA of {SourceName} ({Model.FeatureCount} → {ComponentCount} components)";

    private string SourceName => Projection.Source.StartsWith("PCA of ", StringComparison.Ordinal) ? Projection.Source[7..] : Projection.Source;

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(null,
        ("input", SourceName), ("samples", Model.SampleCount), ("features", Model.FeatureCount), ("components kept", ComponentCount),
        ("chosen by", Model.Selection switch
        {
            PcaSelection.Variance => $"cumulative variance ≥ {Model.VarianceThreshold:G6}",
            PcaSelection.Count => "a given count",
            _ => "all components",
        }),
        ("variance kept", $"{100 * Model.KeptVarianceRatio:0.####} %"),
        ("explained variance ratio", Model.ExplainedVarianceRatio.Take(Math.Max(ComponentCount, 5)).ToArray()),
        ("total variance", Model.TotalVariance));

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context)
    {
        var labels = context.LabelsFor(Projection);
        if (ComponentCount >= 2)
            yield return context.Draw("pca-plane", $"The first two principal components. {ReportContext.ColouredBy(labels)}", FigureKind.Scatter, this,
                new FigureRequest { Labels = labels });
        yield return context.Draw("pca-variance", "Cumulative explained variance (left) and the variance left unexplained on a log scale (right); rings mark the components kept.",
            FigureKind.Variance, this);
        var all = context.Results.OfType<PcaResult>().ToList();
        if (all.Count > 1 && ReferenceEquals(all[^1], this))
            yield return context.Draw("pca-variance-compared", "Cumulative explained variance of every PCA in this report (as the paper's Fig. S4).",
                FigureKind.Variance, all);
        if (ComponentCount >= 2 && Projection.Frames.Distinct().Take(2).Count() == 2)
            yield return context.Draw("atom-path", $"The path of the atom that travels furthest on the PC1–PC2 plane, coloured by time (as the paper's Fig. 2c). {ReportContext.ColouredBy(labels)}",
                FigureKind.AtomPath, this, new FigureRequest { Labels = labels });
    }
}
