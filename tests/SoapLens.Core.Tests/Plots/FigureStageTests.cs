using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Plots;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Plots;

/// <summary>Export-SoapLensFigure's stage for the kinds that take real results: the variance figure compares every PCA piped in.</summary>
public class FigureStageTests
{
    private static Cu211Analysis A => Cu211Analysis.Value;

    [Fact]
    public void Variance_collects_every_pca_piped_in_and_draws_them_at_the_end()
    {
        using var tmp = new TempDir();
        var host = new RecordingHost(tmp.Path);
        var stage = new ExportFigureStage(host, new ExportFigureOptions
        {
            Path = "variance.svg", Kind = FigureKind.Variance, PassThru = true, Request = new FigureRequest { VarianceTarget = 0.99 },
        });
        stage.Begin();
        stage.Process(A.Pca);
        stage.Process(A.SoapLensPca);
        stage.Process(A.SoapLabels);
        Assert.False(File.Exists(tmp.File("variance.svg")));
        stage.End();
        Assert.Equal("FigureInputUnsupported", Assert.Single(host.Errors).ErrorId);
        Assert.Equal([A.Pca, A.SoapLensPca], host.Output);
        var svg = File.ReadAllText(tmp.File("variance.svg"));
        SvgAssert.Valid(svg);
        Assert.Contains("SOAP&amp;LENS: 4 components kept", svg);
        Assert.Contains("99 % reached with 3", svg); // pca-cu211: cumulative 99.43 % at 3 components
    }

    [Fact]
    public void Time_series_and_spectrum_through_the_stage()
    {
        using var tmp = new TempDir();
        foreach (var (kind, input, file) in new (FigureKind, object, string)[] { (FigureKind.TimeSeries, A.LensSmooth, "lens.svg"), (FigureKind.Spectrum, A.Soap, "soap.svg") })
        {
            var host = new RecordingHost(tmp.Path);
            var stage = new ExportFigureStage(host, new ExportFigureOptions { Path = file, Kind = kind, Request = new FigureRequest { Labels = A.LensLabels } });
            stage.Begin();
            stage.Process(input);
            stage.End();
            Assert.Empty(host.Errors);
            SvgAssert.Valid(File.ReadAllText(tmp.File(file)));
        }
    }
}
