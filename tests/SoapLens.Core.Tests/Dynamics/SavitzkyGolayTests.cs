using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

public class SavitzkyGolayTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData("savgol_w20_p2_interp.npy", 20, 2, SavitzkyGolayMode.Interp)]
    [InlineData("savgol_w21_p3_mirror.npy", 21, 3, SavitzkyGolayMode.Mirror)]
    [InlineData("savgol_w5_p2_nearest.npy", 5, 2, SavitzkyGolayMode.Nearest)]
    [InlineData("savgol_w7_p2_wrap.npy", 7, 2, SavitzkyGolayMode.Wrap)]
    [InlineData("savgol_w9_p4_constant.npy", 9, 4, SavitzkyGolayMode.Constant)]
    public void Matches_scipy_savgol_filter(string file, int window, int order, SavitzkyGolayMode mode)
    {
        var input = Npy.Load(SharedData.Reference("lens-cu211", "lens_rc6_delay1.npy"));
        var expected = Npy.Load(SharedData.Reference("savgol", file));
        int t = input.Shape[0], atoms = input.Shape[1], rows = expected.Shape[0];
        Assert.Equal(t, expected.Shape[1]);
        var x = input.ToDoubleArray();
        var e = expected.ToDoubleArray();
        var filter = new SavitzkyGolayFilter(new SavitzkyGolayOptions { WindowLength = window, PolyOrder = order, Mode = mode }, t);
        var series = new double[t];
        var y = new double[t];
        double worst = 0;
        for (int a = 0; a < rows; a++)
        {
            for (int k = 0; k < t; k++) series[k] = x[k * atoms + a];
            filter.Apply(series, y);
            for (int k = 0; k < t; k++) worst = Math.Max(worst, Math.Abs(y[k] - e[a * t + k]));
        }
        output.WriteLine($"{file}: max |savgol - scipy| = {worst:e3}");
        Assert.True(worst <= 1e-12, $"max |savgol - scipy| = {worst:e3}");
    }

    [Fact]
    public void Coefficients_match_savgol_coeffs()
    {
        // scipy.signal.savgol_coeffs(5, 2) = [-3, 12, 17, 12, -3] / 35
        Assert.Equal(new[] { -3 / 35.0, 12 / 35.0, 17 / 35.0, 12 / 35.0, -3 / 35.0 }, SavitzkyGolay.Coefficients(5, 2), new Tol(1e-15));
        // savgol_coeffs(5, 2, deriv=1) = [0.2, 0.1, 0, -0.1, -0.2] (conv order: reversed)
        Assert.Equal(new[] { 0.2, 0.1, 0, -0.1, -0.2 }, SavitzkyGolay.Coefficients(5, 2, deriv: 1), new Tol(1e-15));
        // savgol_coeffs(5, 2, pos=4, deriv=1, use='dot') · [1, 0, 1, 4, 9] = 6 (slope of (t-1)² at t = 4)
        var c = SavitzkyGolay.Coefficients(5, 2, deriv: 1, pos: 4, useConv: false);
        Assert.Equal(6.0, c[0] * 1 + c[1] * 0 + c[2] * 1 + c[3] * 4 + c[4] * 9, 12);
        // Even window: evaluated at the midpoint, so the weights are symmetric.
        var even = SavitzkyGolay.Coefficients(20, 2);
        for (int j = 0; j < 10; j++) Assert.Equal(even[j], even[19 - j], 14);
        Assert.Equal(1.0, even.Sum(), 14);
        // deriv > polyorder gives zeros, as in SciPy.
        Assert.All(SavitzkyGolay.Coefficients(7, 2, deriv: 3), v => Assert.Equal(0.0, v));
        // Delta scales derivatives: second derivative of t² sampled with spacing 0.5 is 2.
        var d2 = SavitzkyGolay.Coefficients(7, 3, deriv: 2, delta: 0.5, useConv: false);
        double s = 0;
        for (int j = 0; j < 7; j++) { double tt = 0.5 * (j - 3); s += d2[j] * tt * tt; }
        Assert.Equal(2.0, s, 12);
    }

    [Fact]
    public void Documented_scipy_examples()
    {
        double[] x = [2, 2, 5, 2, 1, 0, 1, 4, 9];
        Assert.Equal(new[] { 1.66, 3.17, 3.54, 2.86, 0.66, 0.17, 1.0, 4.0, 9.0 },
            SavitzkyGolay.Filter(x, new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2 }), new Tol(0.005));
        Assert.Equal(new[] { 1.74, 3.03, 3.54, 2.86, 0.66, 0.17, 1.0, 4.6, 7.97 },
            SavitzkyGolay.Filter(x, new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Mode = SavitzkyGolayMode.Nearest }), new Tol(0.005));
    }

    [Fact]
    public void Polynomials_of_the_filter_order_pass_unchanged_in_every_mode_inside()
    {
        var x = Enumerable.Range(0, 40).Select(t => 0.3 - 0.1 * t + 0.02 * t * t).ToArray();
        foreach (var mode in Enum.GetValues<SavitzkyGolayMode>())
            foreach (int w in new[] { 7, 8 })
            {
                var y = SavitzkyGolay.Filter(x, new SavitzkyGolayOptions { WindowLength = w, PolyOrder = 2, Mode = mode });
                // An even window reports the fit half a sample later (SciPy 1.10): y[i] = p(i + 0.5).
                double shift = w % 2 == 0 ? 0.5 : 0;
                int from = mode == SavitzkyGolayMode.Interp ? 0 : w, to = mode == SavitzkyGolayMode.Interp ? 40 - w / 2 : 40 - w;
                for (int i = from; i < to; i++)
                {
                    double t = i + (mode == SavitzkyGolayMode.Interp && i < w / 2 ? 0 : shift);
                    Assert.Equal(0.3 - 0.1 * t + 0.02 * t * t, y[i], 10);
                }
            }
    }

    [Fact]
    public void Extension_modes_follow_ndimage_also_beyond_one_length()
    {
        // Window 9 on a 3-sample series reaches 4 samples past each end.
        double[] x = [1, 2, 4];
        var w = new SavitzkyGolayOptions { WindowLength = 9, PolyOrder = 0 }; // moving average
        double Avg(params double[] v) => v.Average();
        // mirror (period 4): ... 4 2 | 1 2 4 | 2 1 2 4 ...
        Assert.Equal(Avg(2, 1, 2, 4, 1, 2, 4, 2, 1), SavitzkyGolay.Filter(x, w with { Mode = SavitzkyGolayMode.Mirror })[0], 14);
        // wrap (period 3)
        Assert.Equal(Avg(2, 4, 1, 2, 4, 1, 2, 4, 1), SavitzkyGolay.Filter(x, w with { Mode = SavitzkyGolayMode.Wrap })[1], 14);
        // nearest / constant
        Assert.Equal(Avg(1, 1, 1, 1, 1, 2, 4, 4, 4), SavitzkyGolay.Filter(x, w with { Mode = SavitzkyGolayMode.Nearest })[0], 14);
        Assert.Equal(Avg(0.5, 0.5, 0.5, 1, 2, 4, 0.5, 0.5, 0.5), SavitzkyGolay.Filter(x, w with { Mode = SavitzkyGolayMode.Constant, Cval = 0.5 })[1], 14);
    }

    [Fact]
    public void Invalid_parameters_are_refused_like_scipy()
    {
        Assert.Throws<SoapLensException>(() => SavitzkyGolay.Coefficients(5, 5));
        Assert.Throws<SoapLensException>(() => SavitzkyGolay.Filter(new double[10], new SavitzkyGolayOptions { WindowLength = 11, PolyOrder = 2 }));
        var ok = SavitzkyGolay.Filter(new double[10], new SavitzkyGolayOptions { WindowLength = 11, PolyOrder = 2, Mode = SavitzkyGolayMode.Mirror });
        Assert.Equal(10, ok.Length);
        Assert.Throws<SoapLensException>(() => new SavitzkyGolayFilter(new SavitzkyGolayOptions { WindowLength = 7, PolyOrder = 2, Trim = true }, 6));
    }

    [Fact]
    public void Lens_signal_smoothing_clips_and_trims_like_the_paper()
    {
        var frames = LensFixtures.Cu211.Take(40).ToList();
        var raw = LensCalculator.Compute(frames, frames[0].Topology, LensFixtures.All(720), null, new LensOptions { RCut = 6 });
        var opts = new SavitzkyGolayOptions { WindowLength = 20, PolyOrder = 2, Clip = true, Trim = true };
        var s = raw.Smooth(opts, threads: 2);
        Assert.Equal(39 - 20, s.TransitionCount);
        Assert.Equal(10, s.TrimStart);
        Assert.Equal(10, s.TrimEnd);
        Assert.Equal(raw.StartFrames[10..29], s.StartFrames);
        Assert.Same(opts, s.Smoothing);
        Assert.True(s.Clipped);
        Assert.Equal(raw.NeighbourCounts, s.NeighbourCounts);
        for (int i = 0; i < 720; i += 29)
        {
            var full = SavitzkyGolay.Filter(raw.Series(i), opts with { Clip = false, Trim = false });
            var expect = full[10..29].Select(v => Math.Clamp(v, 0, 1)).ToArray();
            Assert.Equal(expect, s.Series(i).ToArray());
        }
        Assert.All(s.Values, v => Assert.InRange(v, 0.0, 1.0));
    }

    [Fact]
    public void Dataset_smoothing_works_per_atom_along_frames()
    {
        // Two atoms, rows interleaved frame-major, one atom listed with shuffled frames.
        int frames = 12;
        var rowsF = new List<int>(); var rowsA = new List<int>(); var vals = new List<double>();
        var order = Enumerable.Range(0, frames).Reverse().ToArray();
        for (int k = 0; k < frames; k++)
        {
            rowsF.Add(k); rowsA.Add(5); vals.Add(Math.Sin(k)); vals.Add(k * k);
            rowsF.Add(order[k]); rowsA.Add(9); vals.Add(Math.Cos(order[k])); vals.Add(-order[k]);
        }
        var d = new Dataset(vals.ToArray(), rowsF.Count, 2, rowsF.ToArray(), rowsA.ToArray(), ["a", "b"], "test");
        var opts = new SavitzkyGolayOptions { WindowLength = 5, PolyOrder = 2, Trim = true };
        var s = TimeSeriesSmoothing.Smooth(d, opts);
        Assert.Equal(2 * (frames - 4), s.RowCount);
        var a5 = SavitzkyGolay.Filter(Enumerable.Range(0, frames).Select(k => Math.Sin(k)).ToArray(), opts);
        var c9 = SavitzkyGolay.Filter(Enumerable.Range(0, frames).Select(k => Math.Cos(k)).ToArray(), opts);
        for (int r = 0; r < s.RowCount; r++)
        {
            int f = s.Frames[r];
            Assert.InRange(f, 2, frames - 3);
            Assert.Equal(s.AtomIds[r] == 5 ? a5[f] : c9[f], s[r, 0], 15);
        }
        Assert.Equal(5L, s.Parameters["savgol_window_length"]);
    }

    private sealed class Tol(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
