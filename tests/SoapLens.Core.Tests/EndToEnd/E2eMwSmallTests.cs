using System.Text.Json;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using Xunit.Abstractions;

namespace SoapLens.Tests.EndToEnd;

/// <summary>
/// The paper's ice/water protocol on mw-small through the stages, once for the class (see
/// shared/data/reference/e2e-mw-small/README.md): SOAP (O, r_cut 6, n = l = 8, Full, normalised),
/// LENS (r_cut 6) smoothed with window 100, order 2, clipped, 10 frames trimmed at each end;
/// Join-SoapLens and the SOAP-only rows; PCA ≥ 99 %; Gaussian mixture of 3, seed 0, classes ordered
/// by mean smoothed LENS; transitions at τ = 1 frame. Only small results are kept.
/// </summary>
public sealed class MwSmallProtocol
{
    public sealed record Variant(PcaModel Pca, ClusterLabels Labels, double[] MeanLens, double[] MeanRawLens, double[] Fractions,
        TransitionMatrix Transitions, long[][] ZHistograms, int RowCount);

    /// <summary>
    /// The reference's "2 Å bins" are numpy.histogram(z, bins=36, range=(0, Lz)): 36 equal bins of
    /// Lz/36 = 1.975 Å (with exactly 2 Å the ice bilayers straddle other bin edges).
    /// </summary>
    public const int ZBins = 36;

    public MwSmallProtocol()
    {
        var steps = new ProtocolSteps();
        var traj = steps.Import(SharedData.Trajectory("mw-small", "mw-small.extxyz"));
        var raw = steps.Lens(traj, new GetLensSignalOptions { RCut = 6 });
        var lens = steps.Smooth(raw, new SavitzkyGolayOptions { WindowLength = 100, PolyOrder = 2, Clip = true, Trim = true, TrimLength = 10 });
        LensTrim = (lens.TrimStart, lens.TrimEnd, lens.StartFrames[0], lens.StartFrames[^1]);
        var soap = steps.Soap(traj, new SoapSpectrumOptions { RCut = 6, NMax = 8, LMax = 8, Layout = SoapLayout.Full, Normalize = true });

        // Per-row keys and positions for the diagnostics: z of each molecule at its row's frame, raw LENS of t -> t+1.
        var soapOnly = steps.Join(soap, lens, soapOnly: true);
        SoapOnlyColumns = soapOnly.ColumnCount;
        var soapPca = steps.Pca(soapOnly, 0.99);
        var soapLabels = steps.GaussianMixture(soapPca, 3, seed: 0);
        soapOnly = null;

        var joined = steps.Join(soap, lens);
        soap = null;
        JoinColumns = joined.ColumnCount;
        JoinedFrames = joined.DistinctFrames();
        var lensColumn = ProtocolSteps.Column(joined, SoapLensJoin.LensColumn);
        var joinPca = steps.Pca(joined, 0.99);
        joined = null;
        var joinLabels = steps.GaussianMixture(joinPca, 3, seed: 0);

        var z = RowHeights(traj, lensColumn, out double lz);
        BoxZ = lz;
        var rawColumn = RawLens(raw, lensColumn);
        Soap = Summarise(steps, soapPca.Model, ClusterOrdering.ByMean(soapLabels, lensColumn, "lens"), lensColumn, rawColumn, z, lz);
        SoapLens = Summarise(steps, joinPca.Model, ClusterOrdering.ByMean(joinLabels, lensColumn, "lens"), lensColumn, rawColumn, z, lz);
        Timings = steps.Timings;
    }

    public (int Start, int End, int FirstFrame, int LastFrame) LensTrim { get; }
    public int SoapOnlyColumns { get; }
    public int JoinColumns { get; }
    public int[] JoinedFrames { get; }
    public double BoxZ { get; }
    public Variant Soap { get; }
    public Variant SoapLens { get; }
    public List<(string Step, double Seconds)> Timings { get; }

    private static Variant Summarise(ProtocolSteps steps, PcaModel pca, ClusterLabels labels, Dataset lens, double[] rawLens, double[] z, double lz)
    {
        int k = labels.ClusterCount, n = labels.RowCount;
        var mean = ClusterOrdering.Means(labels, lens, 0);
        var rawSum = new double[k];
        var size = new long[k];
        var hist = Enumerable.Range(0, k).Select(_ => new long[ZBins]).ToArray();
        for (int r = 0; r < n; r++)
        {
            int l = labels.Labels[r];
            rawSum[l] += rawLens[r];
            size[l]++;
            double zw = z[r] - lz * Math.Floor(z[r] / lz);
            hist[l][Math.Min(ZBins - 1, (int)(zw / (lz / ZBins)))]++;
        }
        return new Variant(pca, labels, mean, rawSum.Select((s, i) => s / size[i]).ToArray(), size.Select(s => (double)s / n).ToArray(),
            steps.Transitions(labels), hist, n);
    }

    /// <summary>z (Å) of every row's molecule at the row's frame, and the box length along z.</summary>
    private static double[] RowHeights(SoapLens.Trajectories.Trajectory traj, Dataset rows, out double lz)
    {
        var wanted = new HashSet<int>(rows.Frames);
        var zOf = new Dictionary<int, double[]>();
        double boxZ = double.NaN;
        var top = traj.Topology;
        foreach (var f in traj.ReadFrames())
        {
            if (!wanted.Contains(f.Index)) continue;
            var zs = new double[f.AtomCount];
            for (int a = 0; a < zs.Length; a++) zs[a] = f.Positions[3 * a + 2];
            zOf[f.Index] = zs;
            boxZ = f.Cell!.Length(2);
        }
        lz = boxZ;
        var z = new double[rows.RowCount];
        for (int r = 0; r < z.Length; r++)
        {
            Assert.True(top.TryIndexOf(rows.AtomIds[r], out int a));
            z[r] = zOf[rows.Frames[r]][a];
        }
        return z;
    }

    /// <summary>The raw δ(t, t+1) of every row.</summary>
    private static double[] RawLens(LensSignal raw, Dataset rows)
    {
        var transition = new Dictionary<int, int>();
        for (int k = 0; k < raw.TransitionCount; k++) transition[raw.StartFrames[k]] = k;
        var v = new double[rows.RowCount];
        for (int r = 0; r < v.Length; r++) v[r] = raw[raw.IndexOfCentre(rows.AtomIds[r]), transition[rows.Frames[r]]];
        return v;
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    /// <summary>The e2e protocols run alone: each uses every core and several hundred MB.</summary>
    public const string Name = "End-to-end protocols";
}

/// <summary>e2e-mw-small: the oracle numbers at the README's tolerances.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class E2eMwSmallTests(MwSmallProtocol run, ITestOutputHelper output) : IClassFixture<MwSmallProtocol>
{
    private static readonly JsonElement Ref = Summary.Load("e2e-mw-small", "summary.json");
    private static JsonElement Results(string variant) => Ref.GetProperty("results").GetProperty(variant);
    private MwSmallProtocol.Variant Of(string variant) => variant == "soap" ? run.Soap : run.SoapLens;

    [Fact]
    public void Rows_are_frames_10_to_138_times_1200_molecules_with_576_plus_1_columns()
    {
        Assert.Equal((10, 10, 10, 138), run.LensTrim);
        Assert.Equal(Enumerable.Range(10, 129), run.JoinedFrames);
        Assert.Equal(577, run.JoinColumns);
        Assert.Equal(576, run.SoapOnlyColumns);
        Assert.Equal(Results("soaplens").GetProperty("n_rows").GetInt32(), run.SoapLens.RowCount);
        Assert.Equal(Results("soap").GetProperty("n_rows").GetInt32(), run.Soap.RowCount);
        Assert.Equal(71.111926, run.BoxZ, 6);
        foreach (var (step, seconds) in run.Timings) output.WriteLine($"{step,-28} {seconds,7:F2} s");
        output.WriteLine($"{"protocol total",-28} {run.Timings.Sum(t => t.Seconds),7:F2} s");
        output.WriteLine($"peak working set of the test process so far: {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
    }

    [Theory]
    [InlineData("soap")]
    [InlineData("soaplens")]
    public void Pca_keeps_the_reference_component_count(string variant)
    {
        var r = Results(variant);
        var pca = Of(variant).Pca;
        Assert.Equal(r.GetProperty("pca_n_components").GetInt32(), pca.ComponentCount);
        // The reference prints the cumulative ratios rounded to 5 decimals.
        var expect = r.GetProperty("pca_cum_evr").Doubles();
        var cum = pca.CumulativeVarianceRatio();
        for (int i = 0; i < expect.Length; i++) Assert.InRange(cum[i] - expect[i], -5.0001e-6, 5.0001e-6);
        output.WriteLine($"{variant}: {pca.ComponentCount} components, cumulative EVR {string.Join(", ", cum.Take(expect.Length).Select(x => x.ToString("F6")))}");
    }

    [Theory]
    [InlineData("soap")]
    [InlineData("soaplens")]
    public void Classes_match_in_fraction_mean_lens_and_z_histogram(string variant)
    {
        var classes = Results(variant).GetProperty("classes_ordered_by_mean_lens").EnumerateArray().ToArray();
        var v = Of(variant);
        Assert.Equal(3, v.Labels.ClusterCount);
        double worstFraction = 0, worstMean = 0, worstBin = 0;
        for (int c = 0; c < 3; c++)
        {
            worstFraction = Math.Max(worstFraction, Math.Abs(v.Fractions[c] - classes[c].GetProperty("fraction").GetDouble()));
            worstMean = Math.Max(worstMean, Math.Abs(v.MeanLens[c] - classes[c].GetProperty("mean_lens_smoothed").GetDouble()));
            var rc = classes[c];
            Assert.InRange(v.Fractions[c] - rc.GetProperty("fraction").GetDouble(), -0.01, 0.01);
            Assert.InRange(v.MeanLens[c] - rc.GetProperty("mean_lens_smoothed").GetDouble(), -0.005, 0.005);
            Assert.InRange(v.MeanRawLens[c] - rc.GetProperty("mean_lens_raw").GetDouble(), -0.005, 0.005);
            // Per-class z histograms (36 bins over [0, Lz), z wrapped) within 2 % of the class size per bin.
            var hist = rc.GetProperty("z_hist_2A_bins").Ints();
            double size = rc.GetProperty("size").GetDouble();
            Assert.Equal(MwSmallProtocol.ZBins, hist.Length);
            for (int b = 0; b < hist.Length; b++)
                worstBin = Math.Max(worstBin, Math.Abs(v.ZHistograms[c][b] - hist[b]) / size);
            for (int b = 0; b < hist.Length; b++)
                Assert.True(Math.Abs(v.ZHistograms[c][b] - hist[b]) <= 0.02 * size,
                    $"{variant} class {c} bin {b}: {v.ZHistograms[c][b]} rows, reference {hist[b]} (class size {size})");
        }
        output.WriteLine($"{variant}: worst |Δ fraction| {worstFraction:G3}, |Δ mean LENS| {worstMean:G3}, |Δ z-bin| / class size {worstBin:G3}");
    }

    [Theory]
    [InlineData("soap")]
    [InlineData("soaplens")]
    public void Transition_probabilities_match(string variant)
    {
        var expect = Results(variant).GetProperty("transition_probabilities").Matrix();
        var p = Of(variant).Transitions.Probabilities;
        double worst = 0;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
            {
                Assert.InRange(p[a, b] - expect[a, b], -0.01, 0.01);
                worst = Math.Max(worst, Math.Abs(p[a, b] - expect[a, b]));
            }
        output.WriteLine($"{variant}: worst |Δ P| {worst:G3} (reference rounded to 5 decimals)");
        Assert.Equal(128L * 1200, Of(variant).Transitions.TotalTransitions);
    }

    [Fact]
    public void The_paper_finding_holds_ice_interface_liquid_by_lens_and_the_middle_class_sits_at_the_interfaces()
    {
        var s = run.SoapLens;
        // Ordered by LENS: ice (0) < interface (1) < liquid (2), well separated.
        Assert.True(s.MeanLens[0] < 0.1 && s.MeanLens[1] is > 0.2 and < 0.4 && s.MeanLens[2] > 0.55);
        // Where is each class along z? The ice class fills the slab interior; the middle class is nearly
        // absent there (interfaces only) and the liquid class is absent from the slab.
        var ice = s.ZHistograms[0];
        var interior = Enumerable.Range(0, MwSmallProtocol.ZBins).Where(b => ice[b] > 0.9 * (ice[b] + s.ZHistograms[1][b] + s.ZHistograms[2][b])).ToArray();
        Assert.True(interior.Length >= 8, $"ice-dominated bins: {string.Join(",", interior)}");
        double Share(int c) => interior.Sum(b => (double)s.ZHistograms[c][b]) / s.ZHistograms[c].Sum();
        Assert.True(Share(0) > 0.7, $"ice class in the ice bins: {Share(0)}"); // reference: 0.79
        Assert.True(Share(1) < 0.01, $"interface class in the ice bins: {Share(1)}");
        Assert.True(Share(2) < 0.01, $"liquid class in the ice bins: {Share(2)}");
        // ... and slow: every class stays put with P ≥ 0.95 at 10 ps, while SOAP alone splits the liquid
        // into two fast-interconverting classes.
        for (int c = 0; c < 3; c++) Assert.True(s.Transitions.Probabilities[c, c] > 0.95);
        Assert.True(run.Soap.Transitions.Probabilities[1, 1] < 0.5 && run.Soap.Transitions.Probabilities[2, 2] < 0.7);
    }
}
