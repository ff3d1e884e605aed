using System.Xml;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Plots;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Plots;

/// <summary>
/// Every figure kind drawn through <see cref="Figures.Render"/> from real results (cu211-small
/// through the real stages, and the hdbscan-5d reference input at 8 and 12 clusters), checked for
/// what a reader needs to see, and saved to TestResults/figures/gallery to be looked at.
/// </summary>
public class FigureGalleryTests
{
    private static Cu211Analysis A => Cu211Analysis.Value;

    private static string Draw(string file, FigureKind kind, object input, FigureRequest? request = null, int minDrawing = 1)
    {
        var svg = Figures.Render(kind, input, request ?? new FigureRequest());
        SvgAssert.Valid(svg, minDrawing);
        var dir = Path.Combine(SvgAssert.ArtefactFolder, "gallery");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, file), svg);
        return svg;
    }

    private static string Text(string svg)
    {
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(svg);
        return string.Join("\n", doc.GetElementsByTagName("text").Cast<XmlElement>().Select(t => t.InnerText));
    }

    [Fact]
    public void Every_kind_is_offered_for_the_results_that_feed_it()
    {
        Assert.Equal([FigureKind.Spectrum], Figures.KindsFor(A.Soap));
        Assert.Contains(FigureKind.Variance, Figures.KindsFor(A.Pca));
        Assert.Contains(FigureKind.AtomPath, Figures.KindsFor(A.Pca));
        Assert.Equal([FigureKind.TimeSeries], Figures.KindsFor(A.LensSmooth));
        Assert.Contains(FigureKind.Scatter, Figures.KindsFor(A.Tica));
        Assert.Contains(FigureKind.PopulationFlow, Figures.KindsFor(A.Merge));
        Assert.Equal([FigureKind.Variance], Figures.KindsFor(new object[] { A.Pca, A.SoapLensPca }));
        var covered = A.All.SelectMany(Figures.KindsFor).ToHashSet();
        Assert.Equal(Enum.GetValues<FigureKind>().ToHashSet(), covered);
    }

    [Fact]
    public void Pca_plane_straight_from_the_result_in_macro_cluster_colours()
    {
        var svg = Draw("cu211-pca-macro.svg", FigureKind.Scatter, A.Pca, new FigureRequest { Labels = A.Merge.Labels });
        var text = Text(svg);
        Assert.Contains("PC1 (", text);
        Assert.Contains("% of the variance)", text);
        Assert.Contains("macro-cluster", text);
        // A macro-cluster is drawn in its first member's colour, as in the dendrogram.
        int first = Array.IndexOf(A.Merge.Map, 0);
        Assert.Contains($"fill=\"{Palette.Default.ColourOf(first)}\"", svg);
        Assert.Contains("every point drawn", text);
        Draw("cu211-pca-kmeans.svg", FigureKind.Scatter, A.Pca, new FigureRequest { Labels = A.SoapLabels, Columns = ["pc1", "pc3"] });
    }

    [Fact]
    public void Cumulative_variance_marks_the_kept_components_and_the_target()
    {
        var svg = Draw("cu211-variance.svg", FigureKind.Variance, A.Pca);
        var text = Text(svg);
        // pca-cu211: 4 components reach 99.5 %; Invoke-Pca -Variance 0.995 kept them.
        Assert.Equal(4, A.Pca.ComponentCount);
        Assert.Contains("4 components kept (99.7 %); 99.5 % reached with 4", text);
        Assert.Contains("unexplained variance (%, log)", text);
        var compared = Draw("cu211-variance-soap-vs-soap-lens.svg", FigureKind.Variance, new object[] { A.Pca, A.SoapLensPca });
        var ct = Text(compared);
        Assert.Contains("SOAP Full normalised: ", ct);
        Assert.Contains("SOAP&LENS: ", ct);
    }

    [Fact]
    public void Atom_path_follows_the_most_mobile_atom_unless_one_is_named()
    {
        var svg = Draw("cu211-atom-path.svg", FigureKind.AtomPath, A.Pca, new FigureRequest { Labels = A.Merge.Labels }, 19);
        var text = Text(svg);
        Assert.Contains("Chosen automatically: atom ", text);
        Assert.Contains("20 positions of atom", text);
        var named = Draw("cu211-atom-path-1.svg", FigureKind.AtomPath, A.Pca, new FigureRequest { AtomId = 1 });
        Assert.Contains("Path of atom 1", Text(named));
        var ex = Assert.Throws<SoapLens.Pipeline.SoapLensException>(() => Figures.Render(FigureKind.AtomPath, A.Pca, new FigureRequest { AtomId = 99999 }));
        Assert.Equal("AtomNotFound", ex.ErrorId);
    }

    [Fact]
    public void Lens_time_series_coloured_by_k_means_or_by_thresholds()
    {
        var svg = Draw("cu211-lens-kmeans.svg", FigureKind.TimeSeries, A.LensSmooth, new FigureRequest { Labels = A.LensLabels });
        var text = Text(svg);
        Assert.Contains("LENS time series", text);
        Assert.Contains("cluster (KMeans)", text);
        Assert.Contains("(mean ", text);
        Assert.Contains("savgol w=11 p=2", text);
        Assert.Contains("300 of 720 series drawn", text);
        var raw = Draw("cu211-lens-thresholds.svg", FigureKind.TimeSeries, A.Lens, new FigureRequest { Thresholds = [0.15, 0.05] });
        var rt = Text(raw);
        Assert.Contains("< 0.05", rt);
        Assert.Contains("0.05 – 0.15", rt);
        Assert.Contains("≥ 0.15", rt);
        Assert.Contains("Raw values", rt);
        // The LENS labels key the smoothed signal's rows exactly; the raw signal has the same keys here (no trim).
        Draw("cu211-lens-raw-kmeans.svg", FigureKind.TimeSeries, A.Lens, new FigureRequest { Labels = A.LensLabels });
    }

    [Fact]
    public void Cv_projection_as_a_plane_and_a_time_series()
    {
        var svg = Draw("cu211-tica.svg", FigureKind.Scatter, A.Tica, new FigureRequest { Labels = A.Merge.Labels });
        Assert.Contains("TICA projection of PCA of SOAP", Text(svg));
        Draw("cu211-tica-series.svg", FigureKind.TimeSeries, A.Tica, new FigureRequest { Labels = A.Merge.Labels, Columns = ["tic1"] });
    }

    [Fact]
    public void Mean_soap_spectrum_with_its_angular_blocks()
    {
        var svg = Draw("cu211-soap-spectrum.svg", FigureKind.Spectrum, A.Soap);
        var text = Text(svg);
        Assert.Contains("l=0", text);
        Assert.Contains("l=8", text);
        Assert.Contains("14,400 vectors (20 frames × 720 centres)", text);
    }

    [Fact]
    public void Dynamics_figures_of_the_cu211_analysis()
    {
        Draw("cu211-chord-micro.svg", FigureKind.Chord, A.Transitions);
        Draw("cu211-heatmap-micro.svg", FigureKind.Heatmap, A.Transitions, minDrawing: 36);
        var dendrogram = Draw("cu211-dendrogram.svg", FigureKind.Dendrogram, A.Merge);
        Assert.Contains("cut 1", Text(dendrogram));
        Draw("cu211-chord-macro.svg", FigureKind.Chord, A.Merge);
        Draw("cu211-heatmap-macro.svg", FigureKind.Heatmap, A.Merge);
        var flow = Draw("cu211-flow-macro.svg", FigureKind.PopulationFlow, A.Merge, new FigureRequest { Frames = [0, 5, 10, 19] });
        Assert.Contains("frame 19", Text(flow));
        Draw("cu211-lens-chord.svg", FigureKind.Chord, A.LensLabels);
        Draw("cu211-lens-heatmap.svg", FigureKind.Heatmap, A.LensLabels);
    }

    private static readonly Lazy<Dataset> s_plane = new(() =>
    {
        var a = Npy.Load(SharedData.Reference("hdbscan-5d", "input.npy"));
        return Dataset.FromGrid(a.ToDoubleArray(), Enumerable.Range(0, 20).ToArray(), Enumerable.Range(1, 720).ToArray(), 5,
            ["PC1", "PC2", "PC3", "PC4", "PC5"], "SOAP&LENS PCA (hdbscan-5d)");
    });

    private static ClusterLabels Soft(string variant)
    {
        var l = Npy.Load(SharedData.Reference("hdbscan-5d", $"{variant}_soft_labels.npy")).ToInt64Array().Select(v => (int)v).ToArray();
        var d = s_plane.Value;
        return new ClusterLabels(l, d.Frames, d.AtomIds, l.Max() + 1, "HDBSCAN soft");
    }

    [Theory]
    [InlineData("mcs80", 8)]
    [InlineData("mcs30", 12)]
    public void Hdbscan_reference_clusters_at_realistic_counts(string variant, int clusters)
    {
        var labels = Soft(variant);
        Assert.Equal(clusters, labels.ClusterCount);
        var tm = TransitionMatrix.FromLabels(labels);
        var merge = ClusterMerge.Compute(tm, 1.0, labels);
        Draw($"hdbscan-{variant}-scatter.svg", FigureKind.Scatter, s_plane.Value, new FigureRequest { Labels = labels });
        Draw($"hdbscan-{variant}-scatter-macro.svg", FigureKind.Scatter, s_plane.Value, new FigureRequest { Labels = merge.Labels });
        Draw($"hdbscan-{variant}-chord.svg", FigureKind.Chord, tm);
        var heat = Draw($"hdbscan-{variant}-heatmap.svg", FigureKind.Heatmap, tm, minDrawing: clusters * clusters);
        Assert.Contains($">{Heatmap.Format(100 * tm.Probabilities[clusters - 1, clusters - 1])}<", heat);
        Draw($"hdbscan-{variant}-dendrogram.svg", FigureKind.Dendrogram, merge, minDrawing: clusters - 1);
        Draw($"hdbscan-{variant}-flow.svg", FigureKind.PopulationFlow, merge, new FigureRequest { Frames = [0, 5, 10, 19] });
        Draw($"hdbscan-{variant}-chord-macro.svg", FigureKind.Chord, merge, new FigureRequest { IncludeSelf = true });
    }
}
