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

    /// <summary>The whole cu211-small analysis (SOAP, PCA, k-means, transitions, merge, residence times, TICA, LENS, smoothing, LENS k-means, SOAP&amp;LENS PCA).</summary>
    private static Report AnalysisReport()
    {
        var report = new Report("cu211-small: SOAP, LENS and their dynamics");
        foreach (var r in Cu211Analysis.Value.All) report.Add(r);
        return report;
    }

    [Fact]
    public void Report_of_a_whole_analysis_has_every_figure_kind_parameters_and_provenance()
    {
        using var tmp = new TempDir();
        var folder = tmp.File("analysis");
        var sections = AnalysisReport().Write(folder, force: false);
        var figures = sections.SelectMany(s => s.Figures).ToList();
        Assert.All(figures, f => Assert.Null(f.Problem));
        Assert.Equal(Enum.GetValues<FigureKind>().ToHashSet(), figures.Select(f => f.Kind!.Value).ToHashSet());
        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        foreach (var f in Directory.GetFiles(Path.Combine(folder, "figures"))) SvgAssert.Valid(File.ReadAllText(f));
        Assert.Equal(figures.Count, Directory.GetFiles(Path.Combine(folder, "figures")).Length);
        // Parameters of every result, and the summary tables.
        Assert.Contains("<td>r_cut (Å)</td><td>6</td>", html);
        Assert.Contains("<td>n_clusters</td><td>10</td>", html);
        Assert.Contains("<td>smoothing</td><td>savgol w=11 p=2 interp clip</td>", html);
        Assert.Contains("<caption>Stays per cluster (times in ps)</caption>", html);
        Assert.Contains("<caption>Macro-clusters</caption>", html);
        // Provenance: the trajectory with its size, versions, machine.
        var traj = new FileInfo(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"));
        Assert.Contains(traj.FullName, html);
        Assert.Contains($"{traj.Length / 1048576.0:0.#} MiB".Replace(',', '.'), html);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, html);
        Assert.Contains(Environment.MachineName, html);
        // The LENS series are coloured by the k-means made on them, the PCA plane by the macro-clusters.
        var lens = sections.Single(s => s.Title.StartsWith("LENS") && s.Title.Contains("savgol")).Figures.Single();
        Assert.Contains("3 KMeans clusters", lens.Caption);
        var plane = sections.First(s => s.Title.StartsWith("PCA of SOAP Full")).Figures.First();
        Assert.Contains("macro-clusters", plane.Caption);
        // The labels that a transition matrix of the report already counts draw no second chord.
        Assert.DoesNotContain(sections.Single(s => s.Title.StartsWith("Clusters: KMeans (10")).Figures, f => f.Kind == FigureKind.Chord);
        Assert.Contains(sections.Single(s => s.Title.StartsWith("Clusters: KMeans (3")).Figures, f => f.Kind == FigureKind.Chord);
    }

    [Fact]
    public async Task Report_opens_in_headless_chromium_without_errors_and_every_figure_is_visible()
    {
        Assert.True(HeadlessChromium.Executable() is not null, "chromium is not installed: apt-get install chromium (.ci/apt-packages lists it).");
        var folder = Path.Combine(SvgAssert.ArtefactFolder, "report");
        var sections = AnalysisReport().Write(folder, force: true);
        await using var chrome = await HeadlessChromium.StartAsync();
        await chrome.NavigateAsync(Path.Combine(folder, "index.html"));
        var images = (await chrome.EvaluateAsync(
            "Array.from(document.images).map(i => { const r = i.getBoundingClientRect(); " +
            "return { src: i.getAttribute('src'), kind: i.closest('figure').dataset.kind, w: r.width, h: r.height, natural: i.naturalWidth, done: i.complete }; })"))!.AsArray();
        await chrome.ScreenshotAsync(Path.Combine(SvgAssert.ArtefactFolder, "report.png"));
        Assert.Empty(chrome.Errors);
        Assert.Equal(sections.Sum(s => s.Figures.Count), images.Count);
        Assert.Equal(Enum.GetNames<FigureKind>().ToHashSet(), images.Select(i => (string)i!["kind"]!).ToHashSet());
        foreach (var img in images)
        {
            var src = (string?)img!["src"];
            Assert.True((bool)img["done"]! && (double)img["natural"]! > 0, $"{src} did not load");
            Assert.True((double)img["w"]! > 300 && (double)img["h"]! > 300, $"{src} is drawn {img["w"]}×{img["h"]}");
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

public class ReportProvenanceTests
{
    // A result whose second figure cannot be drawn from it.
    private sealed class HalfDrawable : IReportContent
    {
        public string ReportTitle => "half drawable";
        public IReadOnlyDictionary<string, object> ReportParameters => new Dictionary<string, object> { ["answer"] = 42 };
        public IEnumerable<string> ReportInputs => ["/nowhere/input.xyz"];
        public IEnumerable<ReportFigure> ReportFigures(ReportContext context)
        {
            var d = SoapLens.Data.Dataset.FromGrid([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], [5, 6], [1, 2], 2, ["a", "b"], "tiny");
            yield return context.Draw("plane", "a plane", FigureKind.Scatter, d);
            yield return context.Draw("tree", "a dendrogram", FigureKind.Dendrogram, d);
        }
    }

    [Fact]
    public void Stage_adds_provenance_lines_and_a_figure_that_cannot_be_drawn_says_why()
    {
        using var tmp = new TempDir();
        var host = new SoapLens.Pipeline.RecordingHost(tmp.Path);
        var stage = new SoapLens.Pipeline.Stages.ExportReportStage(host, new()
        {
            Path = "rep", Provenance = new Dictionary<string, string> { ["PowerShell"] = "7.9.9-test" },
        });
        stage.Begin();
        stage.Process(new HalfDrawable());
        // One frame: no dynamics to draw, only the table.
        stage.Process(new SoapLens.Learning.ClusterLabels([0, 1, 1], [5, 5, 5], [1, 2, 3], 2, "test"));
        stage.End();
        Assert.Empty(host.Errors);
        var folder = tmp.File("rep");
        var html = File.ReadAllText(Path.Combine(folder, "index.html"));
        Assert.Contains("<td>PowerShell</td><td>7.9.9-test</td>", html);
        Assert.Contains("<td>/nowhere/input.xyz</td><td>—</td>", html);
        Assert.Contains("<p class=\"problem\">Not drawn — a dendrogram: A Dendrogram figure cannot be drawn from a Dataset.", html);
        Assert.Single(Directory.GetFiles(Path.Combine(folder, "figures")));
        Assert.Contains("<caption>Populations</caption>", html);
    }
}
