using System.Text.RegularExpressions;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Plots;
using SoapLens.Tests.Dynamics;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Plots;

/// <summary>The HTML report: its files, and the page as headless Chromium shows it.</summary>
public class ReportTests
{
    private static Report ReferenceReport()
    {
        var labels = TransitionReferenceTests.ReferenceLabels();
        var tm = TransitionMatrix.FromLabels(labels);
        var merge = ClusterMerge.Compute(tm, 1.0, labels);
        var a = Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy"));
        var pca = Dataset.FromGrid(a.ToDoubleArray(), Enumerable.Range(0, 20).ToArray(), Enumerable.Range(1, 720).ToArray(), 5,
            ["PC1", "PC2", "PC3", "PC4", "PC5"], "SOAP&LENS PCA", new Dictionary<string, object> { ["source"] = "hdbscan-5d/input.npy" });
        var report = new Report("Cu(211) reference: transitions and macro-clusters");
        foreach (var r in new object[] { pca, labels, tm, merge, ResidenceTimes.FromLabels(labels, 0.3, "ns") }) report.Add(r);
        return report;
    }

    [Fact]
    public void Report_folder_holds_the_page_and_valid_figures()
    {
        using var tmp = new TempDir();
        var folder = tmp.File("report");
        var sections = ReferenceReport().Write(folder, force: false);
        Assert.Equal(5, sections.Count);
        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        var sources = Regex.Matches(html, "<img src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(sections.Sum(s => s.Figures.Count), sources.Count);
        Assert.True(sources.Count >= 7, $"only {sources.Count} figures");
        foreach (var s in sources) SvgAssert.Valid(File.ReadAllText(Path.Combine(folder, s)));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        Assert.Contains("Provenance", html);
        Assert.Contains("hdbscan-5d/input.npy", html);
        // The scatter found the macro labels for the PCA rows.
        Assert.Contains("6+7", File.ReadAllText(Path.Combine(folder, sources[0])));
        Assert.Throws<SoapLens.Pipeline.SoapLensException>(() => ReferenceReport().Write(folder, force: false));
    }

    [Fact]
    public async Task Report_opens_in_headless_chromium_without_errors_and_every_figure_is_visible()
    {
        Assert.True(HeadlessChromium.Executable() is not null, "chromium is not installed: apt-get install chromium (.ci/apt-packages lists it).");
        var folder = Path.Combine(SvgAssert.ArtefactFolder, "report");
        ReferenceReport().Write(folder, force: true);
        await using var chrome = await HeadlessChromium.StartAsync();
        await chrome.NavigateAsync(Path.Combine(folder, "index.html"));
        var images = (await chrome.EvaluateAsync(
            "Array.from(document.images).map(i => { const r = i.getBoundingClientRect(); " +
            "return { src: i.getAttribute('src'), w: r.width, h: r.height, natural: i.naturalWidth, done: i.complete }; })"))!.AsArray();
        await chrome.ScreenshotAsync(Path.Combine(SvgAssert.ArtefactFolder, "report.png"));
        Assert.Empty(chrome.Errors);
        Assert.True(images.Count >= 7);
        foreach (var img in images)
        {
            var src = (string?)img!["src"];
            Assert.True((bool)img["done"]! && (double)img["natural"]! > 0, $"{src} did not load");
            Assert.True((double)img["w"]! > 200 && (double)img["h"]! > 200, $"{src} is drawn {img["w"]}×{img["h"]}");
        }
    }
}

public class ReportStageTests
{
    [Fact]
    public void Stage_collects_results_and_writes_once_at_the_end()
    {
        using var tmp = new TempDir();
        var labels = TransitionReferenceTests.ReferenceLabels();
        var host = new SoapLens.Pipeline.RecordingHost(tmp.Path);
        var stage = new SoapLens.Pipeline.Stages.ExportReportStage(host, new() { Path = "rep", PassThru = true, Title = "t" });
        stage.Begin();
        stage.Process(labels);
        stage.Process(42);
        Assert.False(Directory.Exists(tmp.File("rep")));
        stage.End();
        Assert.True(File.Exists(Path.Combine(tmp.File("rep"), "index.html")));
        Assert.Equal("InputNotReportable", Assert.Single(host.Errors).ErrorId);
        Assert.Same(labels, Assert.Single(host.Output));
        Assert.True(host.AllProgressCompleted);

        var whatIf = new SoapLens.Pipeline.RecordingHost(tmp.Path) { ShouldProcessAnswer = false };
        var s2 = new SoapLens.Pipeline.Stages.ExportReportStage(whatIf, new() { Path = "rep2" });
        s2.Begin();
        s2.Process(labels);
        s2.End();
        Assert.False(Directory.Exists(tmp.File("rep2")));
    }
}
