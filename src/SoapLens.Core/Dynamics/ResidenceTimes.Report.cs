using System.Globalization;
using SoapLens.Plots;

namespace SoapLens.Dynamics;

/// <summary>Residence times in the report: one row per cluster (complete stays, and all stays including the censored first and last).</summary>
public sealed partial class ResidenceTimes : IReportContent
{
    string IReportContent.ReportTitle => $"Residence times ({ClusterCount} clusters)";

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(Parameters,
        ("time step", $"{TimeStep.ToString("G6", CultureInfo.InvariantCulture)} {TimeUnit}"), ("stays", RunCount),
        ("censored", "first and last stay of every atom (their true length is longer)"));

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context) => [];

    ReportTable? IReportContent.ReportSummary
    {
        get
        {
            static string T(double v) => double.IsNaN(v) ? "—" : v.ToString("G4", CultureInfo.InvariantCulture);
            var rows = Summary().Select(s => new[]
            {
                s.Name, s.Stays.ToString(CultureInfo.InvariantCulture), s.CompleteStays.ToString(CultureInfo.InvariantCulture),
                T(s.MeanComplete), T(s.MedianComplete), T(s.MeanAll), T(s.Longest),
            }).ToList();
            return new ReportTable($"Stays per cluster (times in {TimeUnit})",
                ["cluster", "stays", "complete", "mean complete", "median complete", "mean all", "longest"], rows);
        }
    }
}
