using SoapLens.Plots;

namespace SoapLens.Dynamics;

/// <summary>A LENS signal in the report: its time series coloured by the labels computed on it (the paper's "LENS time-series and classification").</summary>
public sealed partial class LensSignal : IReportContent
{
    string IReportContent.ReportTitle => $"LENS ({CentreCount} centres × {TransitionCount} values, {SmoothingText})";

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(null,
        ("r_cut (Å)", RCut), ("delay (frames)", Delay), ("smoothing", SmoothingText), ("centres", CentreDescription),
        ("environment", EnvironmentDescription), ("frames", ReportContent.FrameRange(FrameIndices)),
        ("values per centre", TransitionCount), ("trimmed (start, end)", $"{TrimStart}, {TrimEnd}"), ("leading zero (SOAPify layout)", LeadingZero),
        ("source", Source));

    IEnumerable<string> IReportContent.ReportInputs => [Source];

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context)
    {
        var labels = context.LabelsFor(ToDataset());
        return [context.Draw("lens-series", $"LENS of every centre along time (left) and the distribution of all values (right). {ReportContext.ColouredBy(labels)}",
            FigureKind.TimeSeries, this, new FigureRequest { Labels = labels })];
    }
}
