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
    public sealed record Variant(string Name, PcaResult Pca, Dataset Lens);

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

        SoapOnly = new Variant("soap", soapPca, lens20Column);
        Window20 = new Variant("soaplens W20", pca20, lens20Column);
        Window3 = new Variant("soaplens W3", pca3, lens3Column);
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
}
