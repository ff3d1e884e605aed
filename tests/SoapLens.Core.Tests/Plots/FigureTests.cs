using System.Xml;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Plots;
using SoapLens.Tests.Dynamics;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Plots;

/// <summary>
/// Every figure rendered from the reference data: valid self-contained SVG with content, saved to
/// TestResults/figures for a human to look at.
/// </summary>
public class FigureTests
{
    private static readonly Lazy<(ClusterLabels Labels, TransitionMatrix Tm, ClusterMerge Merge)> s_ref = new(() =>
    {
        var labels = TransitionReferenceTests.ReferenceLabels();
        var tm = TransitionMatrix.FromLabels(labels);
        return (labels, tm, ClusterMerge.Compute(tm, 1.0, labels));
    });

    private static (double[] X, double[] Y) Plane()
    {
        var a = Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy"));
        int n = a.Shape[0], d = a.Shape[1];
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++) { x[i] = a.GetDouble((long)i * d); y[i] = a.GetDouble((long)i * d + 1); }
        return (x, y);
    }

    private static int CountElements(string svg, string name)
    {
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(svg);
        return doc.GetElementsByTagName(name).Count;
    }

    [Fact]
    public void Chord_diagram_of_micro_and_macro_clusters()
    {
        var (_, tm, merge) = s_ref.Value;
        var svg = ChordDiagram.Render(tm.Counts, tm.ClusterNames);
        SvgAssert.Valid(svg);
        // One arc per cluster plus one ribbon per connected pair.
        int pairs = 0;
        for (int a = 0; a < 8; a++) for (int b = a + 1; b < 8; b++) if (tm.Counts[a, b] + tm.Counts[b, a] > 0) pairs++;
        Assert.Equal(8 + pairs, CountElements(svg, "path"));
        SvgAssert.Save("chord-micro.svg", svg);
        var macroPalette = new FigureOptions { Palette = Palette.Default.ForResult(merge.MacroNames, merge.Macro.Parameters) };
        var self = ChordDiagram.Render(merge.Macro.Counts, merge.MacroNames, macroPalette, includeSelf: true);
        SvgAssert.Valid(self);
        SvgAssert.Save("chord-macro-self.svg", self);
    }

    [Fact]
    public void Heatmap_writes_every_value()
    {
        var (_, tm, merge) = s_ref.Value;
        var svg = Heatmap.Render(tm.Probabilities, tm.ClusterNames);
        SvgAssert.Valid(svg, 64);
        Assert.Contains($">{Heatmap.Format(100 * tm.Probabilities[0, 0])}<", svg);
        SvgAssert.Save("heatmap-micro.svg", svg);
        SvgAssert.Save("heatmap-macro.svg", Heatmap.Render(merge.Macro.Probabilities, merge.MacroNames,
            new FigureOptions { Palette = Palette.Default.ForResult(merge.MacroNames, merge.Macro.Parameters) }));
    }

    [Fact]
    public void Dendrogram_with_cut()
    {
        var (_, tm, merge) = s_ref.Value;
        var svg = Dendrogram.Render(merge.Linkage!, tm.ClusterNames, merge.Threshold, merge.Map, merge.MacroNames,
            new FigureOptions { Palette = Palette.Default.ForMerge(tm.ClusterNames, merge.Map, merge.MacroNames) });
        SvgAssert.Valid(svg, 7);
        Assert.Equal(7, CountElements(svg, "path")); // one link per merge
        Assert.Contains(">cut 1<", svg);
        SvgAssert.Save("dendrogram.svg", svg);
    }

    [Fact]
    public void Population_flow_between_frames()
    {
        var (_, _, merge) = s_ref.Value;
        var flow = PopulationFlow.FromLabels(merge.Labels!, [0, 5, 10, 19]);
        var svg = FlowDiagram.Render(flow, new FigureOptions { Palette = Palette.Default.ForResult(merge.MacroNames, merge.Labels!.Parameters) });
        SvgAssert.Valid(svg);
        SvgAssert.Save("flow.svg", svg);
    }

    [Fact]
    public void Scatter_draws_points_or_density_cells_and_says_which()
    {
        var (labels, _, merge) = s_ref.Value;
        var (x, y) = Plane();
        var svg = ScatterPlot.Render(x, y, merge.Labels!.Labels, merge.MacroNames,
            new FigureOptions { Palette = Palette.Default.ForResult(merge.MacroNames, merge.Labels.Parameters) });
        Assert.Equal(x.Length, CountElements(svg, "circle"));
        SvgAssert.Valid(svg);
        Assert.Contains("every point drawn", svg);
        SvgAssert.Save("scatter-points.svg", svg);
        var dense = ScatterPlot.Render(x, y, labels.Labels, labels.ClusterNames, scatter: new ScatterOptions { MaxPoints = 1000 });
        SvgAssert.Valid(dense);
        Assert.Equal(0, CountElements(dense, "circle"));
        Assert.Contains("density cells", dense);
        SvgAssert.Save("scatter-density.svg", dense);
    }

    [Fact]
    public void Scatter_of_a_million_points_stays_small()
    {
        var (x0, y0) = Plane();
        var labels0 = TransitionReferenceTests.ReferenceLabels().Labels;
        const int n = 1_000_000;
        var x = new double[n];
        var y = new double[n];
        var l = new int[n];
        var rng = new Random(11);
        for (int i = 0; i < n; i++)
        {
            int j = i % x0.Length;
            x[i] = x0[j] + 0.01 * (rng.NextDouble() - 0.5);
            y[i] = y0[j] + 0.01 * (rng.NextDouble() - 0.5);
            l[i] = labels0[j];
        }
        var svg = ScatterPlot.Render(x, y, l, TransitionMatrix.DefaultNames(8));
        SvgAssert.Valid(svg);
        Assert.True(svg.Length < 3_000_000, $"the SVG is {svg.Length} characters");
        Assert.Contains("1,000,000 points", svg);
        SvgAssert.Save("scatter-million.svg", svg);
    }

    [Fact]
    public void Atom_path_coloured_by_time()
    {
        var (labels, _, merge) = s_ref.Value;
        var (x, y) = Plane();
        // The atom that travels furthest on the plane.
        int best = 0;
        double bestLength = -1;
        for (int i = 0; i < 720; i++)
        {
            double len = 0;
            for (int t = 1; t < 20; t++) len += Math.Abs(x[t * 720 + i] - x[(t - 1) * 720 + i]) + Math.Abs(y[t * 720 + i] - y[(t - 1) * 720 + i]);
            if (len > bestLength) { bestLength = len; best = i; }
        }
        var px = Enumerable.Range(0, 20).Select(t => x[t * 720 + best]).ToArray();
        var py = Enumerable.Range(0, 20).Select(t => y[t * 720 + best]).ToArray();
        var times = Enumerable.Range(0, 20).Select(t => (double)t).ToArray();
        var svg = AtomPathPlot.Render(px, py, times, x, y, null, [], $"atom {best + 1}");
        SvgAssert.Valid(svg, 19);
        SvgAssert.Save("atom-path.svg", svg);
        var coloured = AtomPathPlot.Render(px, py, times, x, y, merge.Labels!.Labels, merge.MacroNames, $"atom {best + 1}");
        SvgAssert.Valid(coloured);
        SvgAssert.Save("atom-path-clusters.svg", coloured);
    }

    [Fact]
    public void Lens_time_series_coloured_by_class()
    {
        var lens = Npy.Load(SharedData.Reference("lens-cu211", "lens_rc6_delay1.npy"));
        int frames = lens.Shape[0], atoms = lens.Shape[1];
        var values = new double[atoms * frames];
        var classes = new int[atoms * frames];
        double[] thresholds = [0.05, 0.15];
        for (int i = 0; i < atoms; i++)
            for (int t = 0; t < frames; t++)
            {
                double v = lens.GetDouble((long)t * atoms + i);
                values[i * frames + t] = v;
                classes[i * frames + t] = v < thresholds[0] ? 0 : v < thresholds[1] ? 1 : 2;
            }
        var time = Enumerable.Range(0, frames).Select(t => (double)t).ToArray();
        var svg = TimeSeriesPlot.Render(time, values, classes, ["static", "mobile", "very mobile"], thresholds: thresholds);
        SvgAssert.Valid(svg);
        Assert.Contains("300 of 720 series", svg);
        SvgAssert.Save("lens-series.svg", svg);
    }

    [Fact]
    public void Cumulative_explained_variance()
    {
        var evr = Npy.Load(SharedData.Reference("pca-cu211", "explained_variance_ratio.npy")).ToDoubleArray();
        var svg = VariancePlot.Render(evr, target: 0.995);
        SvgAssert.Valid(svg);
        Assert.Contains("99.5 % reached with 4", svg); // the README: 4 components reach 99.5 %
        SvgAssert.Save("variance.svg", svg);
    }

    [Fact]
    public void Palette_is_consistent_and_names_override_numbers()
    {
        var p = Palette.Default;
        Assert.Equal(p.ColourOf(3), p.For(["a", "b", "c", "d"])[3]);
        var named = p.With("bulk", "#00ff00");
        Assert.Equal("#00ff00", named.ColourOf(5, "bulk"));
        Assert.Equal(p.ColourOf(5), named.ColourOf(5, "other"));
        var many = Enumerable.Range(0, 40).Select(i => p.ColourOf(i)).ToArray();
        Assert.Equal(40, many.Distinct().Count());
        Assert.NotEqual(p.Noise, p.ColourOf(0));
    }

    [Fact]
    public void Macro_clusters_take_the_colour_of_their_first_member()
    {
        var p = Palette.Default.ForMerge(["a", "b", "c", "d"], [1, 0, 1, 2], ["b", "a+c", "d"]);
        Assert.Equal(Palette.Default.ColourOf(1), p.ColourOf(0, "b"));
        Assert.Equal(Palette.Default.ColourOf(0), p.ColourOf(1, "a+c"));
        Assert.Equal(Palette.Default.ColourOf(3), p.ColourOf(2, "d"));
        var merge = s_ref.Value.Merge;
        var fromParameters = Palette.Default.ForResult(merge.MacroNames, merge.Labels!.Parameters);
        Assert.Equal(Palette.Default.ColourOf(6), fromParameters.ColourOf(2, "6+7"));
        var recounted = TransitionMatrix.FromLabels(merge.Labels);
        Assert.Equal(Palette.Default.ColourOf(6), Palette.Default.ForResult(recounted.ClusterNames, recounted.Parameters).ColourOf(2, "6+7"));
    }

    [Fact]
    public void Text_is_escaped()
    {
        var svg = Heatmap.Render(new double[,] { { 1, 0 }, { 0.5, 0.5 } }, ["<a&b>", "\"q\""], new FigureOptions { Title = "x < y & z" });
        SvgAssert.Valid(svg);
        Assert.Contains("&lt;a&amp;b&gt;", svg);
    }
}
