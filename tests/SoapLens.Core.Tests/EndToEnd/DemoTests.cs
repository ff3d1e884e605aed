using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Plots;
using SoapLens.Tests.Support;
using Xunit.Abstractions;

namespace SoapLens.Tests.EndToEnd;

/// <summary>
/// examples/demo.ps1 step by step through the stages, on the bundled examples/data/cu211-demo.extxyz
/// with the script's parameters, writing the same figures and report into a scratch folder: proves
/// in CI (where pwsh is absent) that the README's one-command demo works from the repository alone.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DemoTests(ITestOutputHelper output)
{
    [Fact]
    public void The_demo_pipeline_runs_from_the_bundled_file_to_figures_and_a_report()
    {
        var steps = new ProtocolSteps();
        var traj = steps.Import(Path.Combine(RepoPaths.Root, "examples", "data", "cu211-demo.extxyz"));
        Assert.Equal(20, traj.CountFrames());
        var soap = steps.Soap(traj, new SoapSpectrumOptions { RCut = 6, NMax = 8, LMax = 8, Layout = SoapLayout.Full, Normalize = true });
        var lens = steps.Smooth(steps.Lens(traj, new GetLensSignalOptions { RCut = 6 }),
            new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Clip = true, Trim = true });
        var rows = steps.Join(soap, lens);
        Assert.Equal(15 * 720, rows.RowCount);
        Assert.Equal(577, rows.ColumnCount);
        Assert.True(rows.IsGrid(out var frames, out _));
        Assert.Equal(Enumerable.Range(2, 15), frames);

        var pca = steps.Pca(rows, 0.995);
        Assert.True(pca.Model.KeptVarianceRatio > 0.995);
        var labels = steps.Hdbscan(pca, 80);
        Assert.True(labels.ClusterCount >= 2, $"{labels}");
        Assert.Equal(0, labels.NoiseCount); // soft labels place every row
        var tm = steps.Transitions(labels);
        Assert.Equal(14L * 720, tm.TotalTransitions);
        for (int a = 0; a < tm.ClusterCount; a++)
            Assert.Equal(1.0, Enumerable.Range(0, tm.ClusterCount).Sum(b => tm.Probabilities[a, b]), 12);
        var merge = steps.Merge(tm, labels);
        Assert.InRange(merge.MacroCount, 1, labels.ClusterCount);
        var meanLens = ClusterOrdering.Means(labels, lens.ToDataset(), 0);
        Assert.All(meanLens, m => Assert.InRange(m, 0.0, 1.0));

        using var dir = new TempDir();
        Figure(tm, dir.File("chord.svg"), FigureKind.Chord, new FigureRequest { Options = new FigureOptions { Title = "Cu(211) demo: SOAP&LENS clusters" } });
        Figure(tm, dir.File("transitions.svg"), FigureKind.Heatmap);
        Figure(merge, dir.File("dendrogram.svg"), FigureKind.Dendrogram);
        Figure(pca, dir.File("pca.svg"), FigureKind.Scatter, new FigureRequest { Labels = labels });
        Figure(pca, dir.File("variance.svg"), FigureKind.Variance);
        Figure(lens, dir.File("lens.svg"), FigureKind.TimeSeries, new FigureRequest { Labels = labels });

        var host = new RecordingHost(dir.Path);
        var report = new ExportReportStage(host, new ExportReportOptions { Path = "report", Title = "SoapLens demo: Cu(211), 20 frames", Force = true });
        report.Begin();
        foreach (var r in new object[] { soap, lens, pca, labels, tm, merge }) report.Process(r);
        report.End();
        Assert.Empty(host.Errors);
        var index = Path.Combine(dir.Path, "report", "index.html");
        Assert.True(File.Exists(index));
        var html = File.ReadAllText(index);
        Assert.Contains("SoapLens demo: Cu(211), 20 frames", html);
        Assert.True(Directory.GetFiles(Path.Combine(dir.Path, "report"), "*.svg", SearchOption.AllDirectories).Length >= 4);

        output.WriteLine($"{rows}; PCA {pca.ComponentCount} components; {labels}; populations {string.Join(" ", labels.Populations())}; " +
            $"mean LENS {string.Join(" ", meanLens.Select(m => m.ToString("F3")))}; {merge}");
        output.WriteLine(string.Join(", ", steps.Timings.Select(t => $"{t.Step} {t.Seconds:F2} s")) + $"; total {steps.Timings.Sum(t => t.Seconds):F1} s");
    }

    /// <summary>Export-SoapLensFigure's stage: one SVG file, no error.</summary>
    private static void Figure(object input, string path, FigureKind kind, FigureRequest? request = null)
    {
        var host = new RecordingHost();
        var stage = new ExportFigureStage(host, new ExportFigureOptions { Path = path, Kind = kind, Request = request ?? new FigureRequest(), Force = true });
        stage.Begin();
        stage.Process(input);
        stage.End();
        Assert.Empty(host.Errors);
        var svg = File.ReadAllText(path);
        Assert.Contains("<svg", svg);
        Assert.EndsWith("</svg>", svg.TrimEnd());
    }
}
