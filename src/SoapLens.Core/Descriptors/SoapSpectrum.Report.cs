using SoapLens.Plots;

namespace SoapLens.Descriptors;

/// <summary>SOAP spectra in the report: every parameter and the mean spectrum with its spread.</summary>
public sealed partial class SoapSpectrum : IReportContent
{
    string IReportContent.ReportTitle => $"SOAP spectra ({FrameCount} frames × {CentreCount} centres × {FeatureCount} features)";

    IReadOnlyDictionary<string, object> IReportContent.ReportParameters => ReportContent.Parameters(Attributes(),
        ("frames", ReportContent.FrameRange(FrameIndices)), ("centres", CentreCount), ("features", FeatureCount),
        ("storage", SinglePrecision ? "float32" : "float64"));

    IEnumerable<string> IReportContent.ReportInputs => SourcePath is null ? [] : [SourcePath];

    IEnumerable<ReportFigure> IReportContent.ReportFigures(ReportContext context) =>
        [context.Draw("soap-spectrum", "Mean SOAP power spectrum over every centre and frame, with a ± 1 standard deviation band; shaded blocks are the angular channels l.",
            FigureKind.Spectrum, this)];
}
