using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;
using Xunit.Abstractions;

namespace SoapLens.Tests.EndToEnd;

/// <summary>
/// The examples/ recipes without an oracle, run through the stages with the recipes' parameters
/// (pwsh is not available in CI): every step succeeds and gives the shapes and orderings the
/// recipe prints. The e2e classes check the recipes that have reference numbers.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RecipeTests(ITestOutputHelper output)
{
    /// <summary>examples/water-tip4p.ps1: GROMACS xtc + gro, oxygen centres and LENS environment, SOAP species H, O.</summary>
    [Fact]
    public void Water_tip4p_recipe_gives_1729_columns_and_three_classes_ordered_by_lens()
    {
        var steps = new ProtocolSteps();
        var dir = SharedData.Trajectory("dynsight-water");
        var host = new RecordingHost();
        var import = new ImportTrajectoryStage(host, new ImportTrajectoryOptions { TopologyPath = Path.Combine(dir, "test_coex.gro") });
        import.Begin();
        import.Process(Path.Combine(dir, "test_coex.xtc"), literal: true);
        var traj = Assert.IsType<Trajectory>(Assert.Single(host.Output));
        Assert.Empty(host.Errors);

        var selectHost = new RecordingHost();
        var select = new SelectAtomStage(selectHost, new SelectAtomOptions { Species = ["O"] });
        select.Begin();
        select.Process(traj);
        var oxygens = Assert.IsType<AtomSelection>(Assert.Single(selectHost.Output));
        Assert.Equal(2048, oxygens.Count);

        var soap = steps.Soap(traj, new SoapSpectrumOptions
        {
            RCut = 6, NMax = 8, LMax = 8, Species = ["H", "O"], Centers = oxygens, Layout = SoapLayout.Full, Normalize = true,
        });
        Assert.Equal(1728, soap.FeatureCount);
        var lens = steps.Lens(traj, new GetLensSignalOptions { RCut = 6, Centres = oxygens, Environment = oxygens });
        Assert.Equal(5, lens.TransitionCount);

        var lensClasses = steps.KMeans(lens, 3, seed: 0);
        var centres = ((KMeansModel)lensClasses.Model!).Centres;
        Assert.True(centres[0] < centres[1] && centres[1] < centres[2], "1-D k-means classes are numbered by increasing mean");

        var lensRows = lens.ToDataset();
        foreach (var soapOnly in new[] { true, false })
        {
            var rows = steps.Join(soap, lens, soapOnly);
            Assert.Equal(soapOnly ? 1728 : 1729, rows.ColumnCount);
            Assert.Equal(5 * 2048, rows.RowCount);
            Assert.Equal("H-H l0 n0 n0", rows.ColumnNames[0]);
            Assert.Equal("O-O l8 n7 n7", rows.ColumnNames[1727]);
            var pca = steps.Pca(rows, 0.99);
            Assert.InRange(pca.ComponentCount, 1, 1728);
            var classes = ClusterOrdering.ByMean(steps.GaussianMixture(pca, 3, seed: 0), lensRows, "lens");
            var mean = ClusterOrdering.Means(classes, lensRows, 0);
            Assert.True(mean[0] <= mean[1] && mean[1] <= mean[2]);
            var tm = steps.Transitions(classes);
            Assert.Equal(4L * 2048, tm.TotalTransitions);
            output.WriteLine($"{(soapOnly ? "SOAP" : "SOAP&LENS")}: {pca.ComponentCount} components, populations {string.Join(" ", classes.Populations())}, " +
                $"mean LENS {string.Join(" ", mean.Select(m => m.ToString("F3")))}");
        }
        output.WriteLine(string.Join(", ", steps.Timings.Select(t => $"{t.Step} {t.Seconds:F2} s")));
    }

    /// <summary>examples/au309.ps1: non-periodic nanoparticle, r_cut 4.48, LENS window 100 trimmed by window/2, k-means of LENS, HDBSCAN* 150.</summary>
    [Fact]
    public void Au309_recipe_gives_lens_classes_and_hdbscan_clusters_on_the_same_rows()
    {
        var steps = new ProtocolSteps();
        var traj = steps.Import(SharedData.Trajectory("au309", "au309.extxyz"));
        var soap = steps.Soap(traj, new SoapSpectrumOptions { RCut = 4.48, NMax = 8, LMax = 8, NonPeriodic = true, Layout = SoapLayout.Full, Normalize = true });
        Assert.False(soap.Pbc.Any);
        var lens = steps.Smooth(steps.Lens(traj, new GetLensSignalOptions { RCut = 4.48 }),
            new SavitzkyGolayOptions { WindowLength = 100, PolyOrder = 2, Clip = true, Trim = true });
        Assert.Equal((50, 50, 199), (lens.TrimStart, lens.TrimEnd, lens.TransitionCount));

        var lensClasses = steps.KMeans(lens, 4, seed: 0);
        var centres = ((KMeansModel)lensClasses.Model!).Centres;
        Assert.Equal(4, centres.Length);
        Assert.True(centres.Zip(centres.Skip(1)).All(p => p.First < p.Second), "LENS classes numbered by increasing mean");
        var lensTm = steps.Transitions(lensClasses);
        Assert.Equal(198L * 309, lensTm.TotalTransitions);

        var lensRows = lens.ToDataset();
        foreach (var soapOnly in new[] { true, false })
        {
            var rows = steps.Join(soap, lens, soapOnly);
            Assert.Equal(199 * 309, rows.RowCount);
            Assert.Equal(soapOnly ? 576 : 577, rows.ColumnCount);
            var pca = steps.Pca(rows, 0.995);
            var labels = steps.Hdbscan(pca, 150);
            Assert.True(labels.ClusterCount >= 2, labels.ToString());
            Assert.Equal(0, labels.NoiseCount);
            var tm = steps.Transitions(labels);
            var merge = steps.Merge(tm, labels);
            Assert.InRange(merge.MacroCount, 1, labels.ClusterCount);
            var mean = ClusterOrdering.Means(labels, lensRows, 0);
            output.WriteLine($"{(soapOnly ? "SOAP" : "SOAP&LENS")}: {pca.ComponentCount} components, {labels}, populations {string.Join(" ", labels.Populations())}, " +
                $"mean LENS {string.Join(" ", mean.Select(m => m.ToString("F3")))}; {merge}");
        }
        output.WriteLine($"LENS k-means centres {string.Join(" ", centres.Select(c => c.ToString("F3")))}, populations {string.Join(" ", lensClasses.Populations())}");
        output.WriteLine(string.Join(", ", steps.Timings.Select(t => $"{t.Step} {t.Seconds:F2} s")) + $"; total {steps.Timings.Sum(t => t.Seconds):F1} s");
    }
}
