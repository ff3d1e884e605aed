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
}
