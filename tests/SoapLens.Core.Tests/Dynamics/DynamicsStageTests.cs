using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Plots;
using SoapLens.Tests.Plots;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

/// <summary>The stages behind Get-TransitionMatrix, Merge-Cluster, Get-ResidenceTime and Export-SoapLensFigure.</summary>
public class DynamicsStageTests
{
    private static readonly ClusterLabels Labels = TransitionReferenceTests.ReferenceLabels();

    [Fact]
    public void Get_transition_matrix_emits_one_matrix_per_input_and_reports_bad_input()
    {
        var host = new RecordingHost();
        var stage = new GetTransitionMatrixStage(host, new TransitionMatrixOptions { Lag = 2 });
        stage.Begin();
        stage.Process(Labels);
        stage.Process("not labels");
        stage.End();
        var tm = Assert.IsType<TransitionMatrix>(Assert.Single(host.Output));
        Assert.Equal(2, tm.Lag);
        Assert.Equal("InputNotLabelled", Assert.Single(host.Errors).ErrorId);
    }

    [Fact]
    public void Get_transition_matrix_warns_about_noise()
    {
        var host = new RecordingHost();
        var stage = new GetTransitionMatrixStage(host, new TransitionMatrixOptions());
        stage.Begin();
        stage.Process(TransitionMatrixTests.Small([[0, 1, 2], [0, 1, -1], [1, 1, 2]]));
        Assert.Single(host.Output);
        Assert.Contains(host.Warnings, w => w.Contains("2 of 6"));
    }

    [Fact]
    public void Bad_lag_is_refused_before_any_input()
    {
        var stage = new GetTransitionMatrixStage(new RecordingHost(), new TransitionMatrixOptions { Lag = 0 });
        Assert.Throws<SoapLensException>(stage.Begin);
    }

    [Fact]
    public void Merge_cluster_takes_a_matrix_or_labels_and_relabels()
    {
        var host = new RecordingHost();
        var stage = new MergeClusterStage(host, new MergeClusterOptions { Labels = Labels });
        stage.Begin();
        stage.Process(TransitionMatrix.FromLabels(Labels));
        stage.Process(Labels);
        stage.Process(Dataset.FromMatrix([1, 2], 2, 1));
        Assert.Equal(2, host.Output.Count);
        foreach (var o in host.Output)
        {
            var m = Assert.IsType<ClusterMerge>(o);
            Assert.Equal(6, m.MacroCount);
            Assert.NotNull(m.Labels);
        }
        Assert.Equal("InputNotMergeable", Assert.Single(host.Errors).ErrorId);

        var byMap = new RecordingHost();
        var mapped = new MergeClusterStage(byMap, new MergeClusterOptions { Map = new Dictionary<string, string> { ["6"] = "bulk", ["7"] = "bulk" } });
        mapped.Begin();
        mapped.Process(Labels);
        var merge = Assert.IsType<ClusterMerge>(Assert.Single(byMap.Output));
        Assert.Equal(7, merge.MacroCount);
        Assert.Equal("bulk", merge.Labels!.ClusterNames[6]);
    }

    [Fact]
    public void Residence_time_stage_emits_runs()
    {
        var host = new RecordingHost();
        var stage = new GetResidenceTimeStage(host, new ResidenceTimeOptions { TimeStep = 0.3, TimeUnit = "ns" });
        stage.Begin();
        stage.Process(Labels);
        var r = Assert.IsType<ResidenceTimes>(Assert.Single(host.Output));
        Assert.Equal("ns", r.TimeUnit);
        Assert.Throws<SoapLensException>(new GetResidenceTimeStage(host, new ResidenceTimeOptions { TimeStep = -1 }).Begin);
    }

    private static (RecordingHost Host, string Path) Export(TempDir tmp, object input, FigureKind kind, bool force = false, bool passThru = false,
        bool whatIf = false, FigureRequest? request = null, string file = "f.svg")
    {
        var host = new RecordingHost(tmp.Path) { ShouldProcessAnswer = !whatIf };
        var stage = new ExportFigureStage(host, new ExportFigureOptions { Path = file, Kind = kind, Force = force, PassThru = passThru, Request = request ?? new() });
        stage.Begin();
        stage.Process(input);
        stage.End();
        return (host, tmp.File(file));
    }

    [Fact]
    public void Export_figure_writes_a_valid_svg_and_honours_WhatIf_Force_and_PassThru()
    {
        using var tmp = new TempDir();
        var tm = TransitionMatrix.FromLabels(Labels);
        var (whatIf, path) = Export(tmp, tm, FigureKind.Chord, whatIf: true);
        Assert.False(File.Exists(path));
        Assert.Single(whatIf.ShouldProcessCalls);

        var (host, _) = Export(tmp, tm, FigureKind.Chord, passThru: true);
        Assert.Same(tm, Assert.Single(host.Output));
        SvgAssert.Valid(File.ReadAllText(path));

        var (again, _) = Export(tmp, tm, FigureKind.Heatmap);
        Assert.Equal("FileExists", Assert.Single(again.Errors).ErrorId);
        var (forced, _) = Export(tmp, tm, FigureKind.Heatmap, force: true);
        Assert.Empty(forced.Errors);
        Assert.Contains("Transition probabilities", File.ReadAllText(path));
    }

    [Fact]
    public void Export_figure_refuses_a_second_input_and_unsuitable_input()
    {
        using var tmp = new TempDir();
        var host = new RecordingHost(tmp.Path);
        var stage = new ExportFigureStage(host, new ExportFigureOptions { Path = "two.svg", Kind = FigureKind.Chord });
        stage.Begin();
        stage.Process(Labels);
        stage.Process(Labels);
        Assert.Equal("OneFigurePerFile", Assert.Single(host.Errors).ErrorId);

        var (bad, path) = Export(tmp, Dataset.FromMatrix([1, 2, 3, 4], 2, 2), FigureKind.Dendrogram, file: "bad.svg");
        Assert.Equal("FigureInputUnsupported", Assert.Single(bad.Errors).ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Every_figure_kind_draws_from_the_results_it_accepts()
    {
        using var tmp = new TempDir();
        var merge = ClusterMerge.Compute(TransitionMatrix.FromLabels(Labels), 1.0, Labels);
        var a = SoapLens.IO.Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy"));
        var data = Dataset.FromGrid(a.ToDoubleArray(), Enumerable.Range(0, 20).ToArray(), Enumerable.Range(1, 720).ToArray(), 5,
            ["PC1", "PC2", "PC3", "PC4", "PC5"], "pca");
        var cases = new (object Input, FigureKind Kind, FigureRequest Request, string File)[]
        {
            (merge, FigureKind.Dendrogram, new(), "dendrogram.svg"),
            (merge, FigureKind.Chord, new() { IncludeSelf = true }, "chord-macro.svg"),
            (merge, FigureKind.Heatmap, new(), "heatmap-macro.svg"),
            (merge, FigureKind.PopulationFlow, new() { Frames = [0, 5, 10, 15, 19] }, "flow-macro.svg"),
            (Labels, FigureKind.PopulationFlow, new(), "flow-micro.svg"),
            (data, FigureKind.Scatter, new() { Labels = merge.Labels, Columns = ["PC1", "pc3"] }, "scatter-pc1-pc3.svg"),
            (data, FigureKind.AtomPath, new() { AtomId = 705, Labels = merge.Labels }, "path-705.svg"),
        };
        foreach (var (input, kind, request, file) in cases)
        {
            Assert.Contains(kind, Figures.KindsFor(input));
            var (host, path) = Export(tmp, input, kind, request: request, file: file);
            Assert.Empty(host.Errors);
            var svg = File.ReadAllText(path);
            SvgAssert.Valid(svg);
            SvgAssert.Save("stage-" + file, svg);
        }
        var (noAtom, _) = Export(tmp, data, FigureKind.AtomPath, request: new() { AtomId = 99999 }, file: "none.svg");
        Assert.Equal("AtomNotFound", Assert.Single(noAtom.Errors).ErrorId);
        var (badColumn, _) = Export(tmp, data, FigureKind.Scatter, request: new() { Columns = ["PC1", "PC9"] }, file: "col.svg");
        Assert.Contains("PC9", Assert.Single(badColumn.Errors).Message);
    }
}
