using System.Text.Json;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;
using Xunit.Abstractions;

namespace SoapLens.Tests.EndToEnd;

/// <summary>
/// The paper's Cu(211) protocol on cu211-long through the stages, once for the class (see
/// shared/data/reference/e2e-cu211-long/README.md): the 216 highest atoms of frame 0 as centres,
/// SOAP (r_cut 6, n = l = 8, Full, normalised) and LENS (r_cut 6) over all 720 atoms, LENS smoothed
/// with window 20 (the paper) or 3 (= raw LENS), order 2, clipped, 10 frames trimmed at each end;
/// SOAP-only and SOAP&amp;LENS rows; PCA ≥ 99.5 %. Only small results are kept.
/// </summary>
public sealed class Cu211LongProtocol
{
    /// <summary>One analysis: PCA, soft HDBSCAN* labels and what the README tabulates for them.</summary>
    public sealed record Variant(string Name, PcaResult Pca, Dataset Lens, ClusterLabels Labels, int HardNoise, int[] HardSizes,
        TransitionMatrix Transitions, ClusterMerge Merge);

    public const double CnCutoff = 3.1;

    public Cu211LongProtocol()
    {
        var steps = new ProtocolSteps();
        var traj = steps.Import(SharedData.Trajectory("cu211-long", "cu211-long.extxyz"));
        Centres = steps.SelectTop(traj, 216);
        var soap = steps.Soap(traj, new SoapSpectrumOptions { RCut = 6, NMax = 8, LMax = 8, Centers = Centres, Layout = SoapLayout.Full, Normalize = true });
        Raw = steps.Lens(traj, new GetLensSignalOptions { RCut = 6, Centres = Centres });
        var lens20 = steps.Smooth(Raw, new SavitzkyGolayOptions { WindowLength = 20, PolyOrder = 2, Clip = true, Trim = true });
        var lens3 = steps.Smooth(Raw, new SavitzkyGolayOptions { WindowLength = 3, PolyOrder = 2, Clip = true, Trim = true, TrimLength = 10 });
        Trims = [(lens20.TrimStart, lens20.TrimEnd), (lens3.TrimStart, lens3.TrimEnd)];

        var soapOnly = steps.Join(soap, lens20, soapOnly: true);
        SoapOnlyColumns = soapOnly.ColumnCount;
        var soapPca = steps.Pca(soapOnly, 0.995);
        soapOnly = null;
        var join20 = steps.Join(soap, lens20);
        JoinColumns = join20.ColumnCount;
        JoinedFrames = join20.DistinctFrames();
        var lens20Column = ProtocolSteps.Column(join20, SoapLensJoin.LensColumn);
        var pca20 = steps.Pca(join20, 0.995);
        join20 = null;
        var join3 = steps.Join(soap, lens3);
        soap = null;
        var lens3Column = ProtocolSteps.Column(join3, SoapLensJoin.LensColumn);
        var pca3 = steps.Pca(join3, 0.995);
        join3 = null;

        Compatible = new()
        {
            ["soap"] = Compatibly(steps, soapPca),
            ["soaplens W20"] = Compatibly(steps, pca20),
            ["soaplens W3"] = Compatibly(steps, pca3),
        };
        SoapOnly = Cluster(steps, "soap", soapPca, lens20Column);
        Window20 = Cluster(steps, "soaplens W20", pca20, lens20Column);
        Window3 = Cluster(steps, "soaplens W3", pca3, lens3Column);
        Lens3Column = lens3Column;
        Coordination = CoordinationNumbers(traj, lens20Column);
        Timings = steps.Timings;
    }

    public AtomSelection Centres { get; }
    public LensSignal Raw { get; }
    public (int Start, int End)[] Trims { get; }
    public int SoapOnlyColumns { get; }
    public int JoinColumns { get; }
    public int[] JoinedFrames { get; }
    public Dataset Lens3Column { get; }
    public Variant SoapOnly { get; }
    public Variant Window20 { get; }
    public Variant Window3 { get; }

    /// <summary>Neighbours within 3.1 Å (all atoms, minimum image) of every row's centre at the row's frame: the README's CN diagnostic.</summary>
    public int[] Coordination { get; }

    public List<(string Step, double Seconds)> Timings { get; }

    /// <summary>What HDBSCAN* with hdbscan's own spanning tree (-Algorithm HdbscanBoruvkaKdTree) gives on the same PCA scores.</summary>
    public sealed record CompatibleRun(int Noise, int[] HardSizes, int[] SoftSizes, int[] MacroSizes);

    public Dictionary<string, CompatibleRun> Compatible { get; }

    private static CompatibleRun Compatibly(ProtocolSteps steps, PcaResult pca)
    {
        var labels = steps.Hdbscan(pca, 80, soft: true, algorithm: HdbscanAlgorithm.HdbscanBoruvkaKdTree);
        var model = (HdbscanModel)labels.Model!;
        var merge = steps.Merge(steps.Transitions(labels), labels);
        return new CompatibleRun(model.NoiseCount, model.Populations(), labels.Populations(), merge.Labels!.Populations());
    }

    private static Variant Cluster(ProtocolSteps steps, string name, PcaResult pca, Dataset lens)
    {
        var labels = steps.Hdbscan(pca, 80, soft: true);
        var model = (HdbscanModel)labels.Model!;
        var tm = steps.Transitions(labels);
        return new Variant(name, pca, lens, labels, model.NoiseCount, model.Populations(), tm, steps.Merge(tm, labels));
    }

    private static int[] CoordinationNumbers(Trajectory traj, Dataset rows)
    {
        var top = traj.Topology;
        var rowsOfFrame = new Dictionary<int, List<int>>();
        for (int r = 0; r < rows.RowCount; r++)
        {
            if (!rowsOfFrame.TryGetValue(rows.Frames[r], out var list)) rowsOfFrame[rows.Frames[r]] = list = [];
            list.Add(r);
        }
        var cn = new int[rows.RowCount];
        double c2 = CnCutoff * CnCutoff;
        foreach (var f in traj.ReadFrames())
        {
            if (!rowsOfFrame.TryGetValue(f.Index, out var list)) continue;
            var x = f.Positions;
            foreach (var r in list)
            {
                Assert.True(top.TryIndexOf(rows.AtomIds[r], out int i));
                int count = 0;
                for (int j = 0; j < f.AtomCount; j++)
                {
                    if (j == i) continue;
                    double dx = x[3 * j] - x[3 * i], dy = x[3 * j + 1] - x[3 * i + 1], dz = x[3 * j + 2] - x[3 * i + 2];
                    f.Cell!.MinimumImage(ref dx, ref dy, ref dz, f.Pbc);
                    if (dx * dx + dy * dy + dz * dz < c2) count++;
                }
                cn[r] = count;
            }
        }
        return cn;
    }
}

/// <summary>e2e-cu211-long: the oracle numbers at the README's tolerances.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class E2eCu211LongTests(Cu211LongProtocol run, ITestOutputHelper output) : IClassFixture<Cu211LongProtocol>
{
    private static readonly JsonElement Ref20 = Summary.Load("e2e-cu211-long", "summary.json");
    private static readonly JsonElement Ref3 = Summary.Load("e2e-cu211-long", "summary_win3.json");

    [Fact]
    public void Centres_rows_and_columns_follow_the_protocol()
    {
        Assert.Equal(Ref20.GetProperty("data").GetProperty("centres_ids").Ints(), run.Centres.Ids);
        Assert.Equal([(10, 10), (10, 10)], run.Trims);
        Assert.Equal(Enumerable.Range(10, 380), run.JoinedFrames);
        Assert.Equal(577, run.JoinColumns);
        Assert.Equal(576, run.SoapOnlyColumns);
        Assert.Equal(Ref20.GetProperty("results").GetProperty("soaplens").GetProperty("n_rows").GetInt32(), run.Window20.Pca.RowCount);
        Assert.Equal(82080, run.SoapOnly.Pca.RowCount);
        foreach (var (step, seconds) in run.Timings) output.WriteLine($"{step,-28} {seconds,7:F2} s");
        output.WriteLine($"{"protocol total",-28} {run.Timings.Sum(t => t.Seconds),7:F2} s");
        output.WriteLine($"peak working set of the test process so far: {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
    }

    [Fact]
    public void Window_3_with_order_2_is_the_raw_lens_of_t_to_t_plus_1()
    {
        var lens = run.Lens3Column;
        for (int r = 0; r < lens.RowCount; r++)
        {
            int c = run.Raw.IndexOfCentre(lens.AtomIds[r]);
            Assert.Equal(run.Raw[c, lens.Frames[r]], lens[r, 0], 1e-12);
            Assert.Equal(lens.Frames[r], run.Raw.StartFrames[lens.Frames[r]]);
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(3)]
    public void Smoothed_lens_statistics_of_the_rows_match(int window)
    {
        var data = (window == 20 ? Ref20 : Ref3).GetProperty("data");
        var lens = (window == 20 ? run.Window20 : run.Window3).Lens;
        var values = Enumerable.Range(0, lens.RowCount).Select(r => lens[r, 0]).ToArray();
        // Quantiles 50, 90, 99, 99.9 % (numpy's linear interpolation), printed to 5 decimals.
        var sorted = values.Order().ToArray();
        var expect = data.GetProperty("lens_smoothed_quantiles_50_90_99_999").Doubles();
        double[] q = [0.5, 0.9, 0.99, 0.999];
        for (int i = 0; i < q.Length; i++)
        {
            double pos = q[i] * (sorted.Length - 1);
            int lo = (int)Math.Floor(pos);
            double v = sorted[lo] + (pos - lo) * (sorted[Math.Min(lo + 1, sorted.Length - 1)] - sorted[lo]);
            Assert.InRange(v - expect[i], -5.0001e-6, 5.0001e-6);
        }
        // Mean smoothed LENS by coordination number: the same rows carry the same values.
        Assert.Equal(data.GetProperty("adatom_rows_CN<=5").GetInt32(), run.Coordination.Count(c => c <= 5));
        double worst = 0;
        foreach (var p in data.GetProperty("mean_lens_smoothed_by_CN").EnumerateObject())
        {
            int cn = int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture);
            var rows = Enumerable.Range(0, values.Length).Where(r => run.Coordination[r] == cn).ToArray();
            Assert.NotEmpty(rows);
            double mean = rows.Average(r => values[r]);
            worst = Math.Max(worst, Math.Abs(mean - p.Value.GetDouble()));
            Assert.Equal(p.Value.GetDouble(), mean, 1e-12);
        }
        output.WriteLine($"W {window}: worst |Δ mean LENS by CN| {worst:G3}");
    }

    [Theory]
    [InlineData("soap")]
    [InlineData("soaplens W20")]
    [InlineData("soaplens W3")]
    public void Pca_keeps_five_components_at_99_5_percent(string variant)
    {
        var (v, r) = variant switch
        {
            "soap" => (run.SoapOnly, Ref20.GetProperty("results").GetProperty("soap")),
            "soaplens W20" => (run.Window20, Ref20.GetProperty("results").GetProperty("soaplens")),
            _ => (run.Window3, Ref3.GetProperty("results").GetProperty("soaplens")),
        };
        Assert.Equal(r.GetProperty("pca_n_components").GetInt32(), v.Pca.ComponentCount);
        var expect = r.GetProperty("pca_cum_evr").Doubles();
        var cum = v.Pca.Model.CumulativeVarianceRatio();
        for (int i = 0; i < expect.Length; i++) Assert.InRange(cum[i] - expect[i], -5.0001e-6, 5.0001e-6);
        output.WriteLine($"{variant}: {v.Pca.ComponentCount} components, cumulative EVR {string.Join(", ", cum.Take(expect.Length).Select(x => x.ToString("F6")))}");
    }

    private (Cu211LongProtocol.Variant V, JsonElement Ref, JsonElement Results, double LensTolerance) Case(string variant) => variant switch
    {
        "soap W20" => (run.SoapOnly, Ref20, Ref20.GetProperty("results").GetProperty("soap"), 0.005),
        "soap W3" => (run.SoapOnly, Ref3, Ref3.GetProperty("results").GetProperty("soap"), 0.01),
        "soaplens W20" => (run.Window20, Ref20, Ref20.GetProperty("results").GetProperty("soaplens"), 0.005),
        _ => (run.Window3, Ref3, Ref3.GetProperty("results").GetProperty("soaplens"), 0.01),
    };

    /// <summary>Mean smoothed LENS per cluster with the LENS of the case's window (SOAP-only labels do not depend on it).</summary>
    private double[] MeanLens(string variant) =>
        ClusterOrdering.Means(Case(variant).V.Labels, variant.EndsWith("W3") ? run.Lens3Column : run.Window20.Lens, 0);

    private double[] MeanCn(ClusterLabels labels)
    {
        var sum = new double[labels.ClusterCount];
        var n = new int[labels.ClusterCount];
        for (int r = 0; r < labels.RowCount; r++) { sum[labels.Labels[r]] += run.Coordination[r]; n[labels.Labels[r]]++; }
        return sum.Select((x, c) => x / n[c]).ToArray();
    }

    /// <summary>
    /// match[c] = our cluster for reference cluster c. The reference has no per-row labels, so clusters
    /// are matched on what it tabulates per cluster: soft fraction, mean smoothed LENS and mean CN
    /// (the permutation with the smallest total difference).
    /// </summary>
    private int[] Match(string variant)
    {
        var (v, _, r, _) = Case(variant);
        var clusters = r.GetProperty("per_cluster").EnumerateArray().ToArray();
        int k = clusters.Length, n = v.Labels.RowCount;
        Assert.Equal(k, v.Labels.ClusterCount);
        var size = v.Labels.Populations();
        var lens = MeanLens(variant);
        var cn = MeanCn(v.Labels);
        int[]? best = null;
        double bestCost = double.MaxValue;
        foreach (var perm in Permutations(k))
        {
            double cost = 0;
            for (int c = 0; c < k; c++)
            {
                var rc = clusters[c];
                int o = perm[c];
                cost += Math.Abs(size[o] / (double)n - rc.GetProperty("size_soft").GetDouble() / n)
                    + Math.Abs(lens[o] - rc.GetProperty("mean_lens_smoothed").GetDouble())
                    + Math.Abs(cn[o] - rc.GetProperty("mean_CN").GetDouble()) / 12;
            }
            if (cost < bestCost) { bestCost = cost; best = perm; }
        }
        return best!;
    }

    private static IEnumerable<int[]> Permutations(int k)
    {
        if (k == 0) { yield return []; yield break; }
        foreach (var p in Permutations(k - 1))
            for (int i = 0; i <= p.Length; i++)
                yield return [.. p[..i], k - 1, .. p[i..]];
    }

    public static TheoryData<string> Variants => new() { "soap W20", "soap W3", "soaplens W20", "soaplens W3" };

    /// <summary>
    /// With hdbscan's own tree the whole chain is the reference's to the row: noise, hard and soft
    /// cluster sizes in hdbscan's numbering, and the macro-cluster sizes after the merge at 1.
    /// </summary>
    [Theory]
    [MemberData(nameof(Variants))]
    public void Hdbscan_with_hdbscans_tree_reproduces_the_reference_populations_exactly(string variant)
    {
        var (_, _, r, _) = Case(variant);
        var c = run.Compatible[variant.StartsWith("soap W", StringComparison.Ordinal) ? "soap" : variant];
        output.WriteLine($"{variant}: noise {c.Noise}, hard [{string.Join(", ", c.HardSizes)}], soft [{string.Join(", ", c.SoftSizes)}], macro [{string.Join(", ", c.MacroSizes)}]");
        Assert.Equal(r.GetProperty("hdbscan_n_noise").GetInt32(), c.Noise);
        Assert.Equal(r.GetProperty("hdbscan_cluster_sizes_hard").Ints(), c.HardSizes);
        Assert.Equal(r.GetProperty("soft_cluster_sizes").Ints(), c.SoftSizes);
        Assert.Equal(r.GetProperty("macro_sizes").Ints().Order(), c.MacroSizes.Order());
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Hdbscan_gives_the_reference_clusters_with_matching_soft_populations_and_mean_lens(string variant)
    {
        var (v, _, r, tol) = Case(variant);
        Assert.Equal(r.GetProperty("hdbscan_n_clusters").GetInt32(), v.Labels.ClusterCount);
        Assert.Equal(v.Pca.Projection.Frames, v.Labels.Frames);
        Assert.Equal(run.Window20.Lens.Frames, v.Labels.Frames);
        Assert.Equal(run.Window20.Lens.AtomIds, v.Labels.AtomIds);
        var match = Match(variant);
        var clusters = r.GetProperty("per_cluster").EnumerateArray().ToArray();
        var size = v.Labels.Populations();
        var lens = MeanLens(variant);
        var cn = MeanCn(v.Labels);
        int n = v.Labels.RowCount;
        double worstSize = 0, worstLens = 0;
        for (int c = 0; c < clusters.Length; c++)
        {
            int o = match[c];
            double refSize = clusters[c].GetProperty("size_soft").GetDouble(), refLens = clusters[c].GetProperty("mean_lens_smoothed").GetDouble();
            // ≥ 98 % of the soft labels agreeing after matching implies every matched population within 2 % of the rows.
            Assert.True(Math.Abs(size[o] - refSize) <= 0.02 * n, $"{variant} cluster {c}: {size[o]} rows, reference {refSize}");
            Assert.InRange(lens[o] - refLens, -tol, tol);
            worstSize = Math.Max(worstSize, Math.Abs(size[o] - refSize) / n);
            worstLens = Math.Max(worstLens, Math.Abs(lens[o] - refLens));
            output.WriteLine($"{variant} ref cluster {c} -> {o}: soft {size[o]} (ref {refSize}), hard {v.HardSizes[o]} (ref {clusters[c].GetProperty("size_hard").GetInt32()}), " +
                $"mean LENS {lens[o]:F4} (ref {refLens:F4}), mean CN {cn[o]:F2} (ref {clusters[c].GetProperty("mean_CN").GetDouble():F2})");
        }
        output.WriteLine($"{variant}: noise {v.HardNoise} (ref {r.GetProperty("hdbscan_n_noise").GetInt32()}); worst |Δ population| / N {worstSize:G3}, |Δ mean LENS| {worstLens:G3}");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Transition_probabilities_and_macro_clusters_match(string variant)
    {
        var (v, _, r, _) = Case(variant);
        var match = Match(variant);
        var expect = r.GetProperty("transition_probabilities").Matrix();
        int k = match.Length;
        double worst = 0;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double d = v.Transitions.Probabilities[match[a], match[b]] - expect[a, b];
                Assert.InRange(d, -0.02, 0.02);
                worst = Math.Max(worst, Math.Abs(d));
            }
        // Macro-clusters: the same groups. SciPy's fcluster numbers them by the linkage's leaf order, which
        // follows the cluster numbers; HDBSCAN* numbers can be a permutation of hdbscan's (tie-breaking,
        // docs/Invoke-Hdbscan.md), so the numbers are compared on the matrix put in the reference's order.
        var refMacro = r.GetProperty("macro_of_cluster").Ints();
        var ours = v.Merge.FClusterNumbers();
        Assert.Equal(r.GetProperty("n_macro").GetInt32(), v.Merge.MacroCount);
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
                Assert.Equal(refMacro[a] == refMacro[b], ours[match[a]] == ours[match[b]]);
        var counts = new long[k, k];
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++) counts[a, b] = v.Transitions.Counts[match[a], match[b]];
        var inReferenceOrder = ClusterMerge.Compute(new TransitionMatrix(counts), 1.0);
        Assert.Equal(refMacro, inReferenceOrder.FClusterNumbers());
        var refLinkage = r.GetProperty("linkage").Matrix();
        double worstHeight = 0;
        for (int m = 0; m < k - 1; m++) worstHeight = Math.Max(worstHeight, Math.Abs(inReferenceOrder.Linkage![m, 2] - refLinkage[m, 2]));
        output.WriteLine($"{variant}: worst |Δ P| {worst:G3}; macro map (reference order) {string.Join(" ", inReferenceOrder.FClusterNumbers())}, " +
            $"worst |Δ linkage height| {worstHeight:G3}; ours {v.Merge}");
    }

    [Fact]
    public void Window_20_gives_no_diffusing_atom_cluster_and_the_adatom_rows_sit_in_the_soap_edge_cluster()
    {
        double soapMax = MeanLens("soap W20").Max(), joinMax = MeanLens("soaplens W20").Max();
        var check = Ref20.GetProperty("paper_finding_check");
        double ratio = joinMax / soapMax;
        output.WriteLine($"W 20: highest mean LENS SOAP&LENS {joinMax:F4} / SOAP-only {soapMax:F4} = {ratio:F3} (reference {check.GetProperty("ratio_to_max_soap_only").GetDouble():F3})");
        Assert.True(ratio < 1.5, $"ratio {ratio}");
        // CN ≤ 5 rows: (nearly) all in the SOAP-only cluster of highest mean LENS, the step edge (718 of 726).
        var soap = run.SoapOnly.Labels;
        int edge = Array.IndexOf(MeanLens("soap W20"), soapMax);
        var adatoms = Enumerable.Range(0, soap.RowCount).Where(r => run.Coordination[r] <= 5).ToArray();
        int inEdge = adatoms.Count(r => soap.Labels[r] == edge);
        output.WriteLine($"CN <= 5 rows in the SOAP-only edge cluster: {inEdge} of {adatoms.Length} (reference 718 of 726)");
        Assert.True(inEdge >= 0.95 * adatoms.Length);
    }

    [Fact]
    public void Window_3_gives_one_short_lived_high_lens_cluster_that_merges_back()
    {
        var soapMean = MeanLens("soap W3");
        var joinMean = MeanLens("soaplens W3");
        var high = Enumerable.Range(0, joinMean.Length).Where(c => joinMean[c] >= 1.5 * soapMean.Max()).ToArray();
        int h = Assert.Single(high);
        double ratio = joinMean[h] / soapMean.Max();
        output.WriteLine($"W 3: cluster {h}: mean LENS {joinMean[h]:F4}, {run.Window3.Labels.Populations()[h]} rows, ratio {ratio:F3} (reference 2.432), " +
            $"P(stay) {run.Window3.Transitions.Probabilities[h, h]:F3} (reference 0.39)");
        Assert.InRange(ratio, 2.4 - 0.1, 2.4 + 0.1);
        var w3 = run.Window3.Labels;
        var rowsOfH = Enumerable.Range(0, w3.RowCount).Where(r => w3.Labels[r] == h).ToArray();
        output.WriteLine($"  its rows: {rowsOfH.Select(r => w3.AtomIds[r]).Distinct().Count()} distinct atoms (reference 82), " +
            $"mean CN {rowsOfH.Average(r => run.Coordination[r]):F2} (reference 6.69)");
        var map = run.Window3.Merge.Map;
        Assert.True(map.Count(m => m == map[h]) >= 2, "the high-LENS cluster is merged with another at the macro level");
    }
}
