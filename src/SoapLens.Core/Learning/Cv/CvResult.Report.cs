using SoapLens.Plots;

namespace SoapLens.Learning.Cv;

/// <summary>A collective-variable result in the report: its projection as a plane (two or more CVs) or a time series (one), coloured by the report's labels.</summary>
public abstract partial class CvResult : IReportContent
{
    string IReportContent.ReportTitle => ToString() ?? Kind;

    /// <summary>The method's name for figure titles.</summary>
    internal string MethodName => Kind switch
    {
        TicaResult.ResultKind => "TICA",
        EigenfunctionCvResult.ResultKind => "Neural eigenfunction",
        AutoencoderCvResult.ResultKind => "Autoencoder",
        _ => Kind,
    };

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(Describe(),
        ("input", Source), ("rows", RowCount), ("components", ComponentCount));

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context)
    {
        var data = ToDataset();
        var labels = context.LabelsFor(data);
        return ComponentCount >= 2
            ? [context.Draw("cv-plane", $"The first two components ({ColumnNames[0]}, {ColumnNames[1]}). {ReportContext.ColouredBy(labels)}", FigureKind.Scatter, this,
                new FigureRequest { Labels = labels })]
            : [context.Draw("cv-series", $"{ColumnNames[0]} of every atom along time, with its distribution. {ReportContext.ColouredBy(labels)}", FigureKind.TimeSeries, this,
                new FigureRequest { Labels = labels })];
    }
}
