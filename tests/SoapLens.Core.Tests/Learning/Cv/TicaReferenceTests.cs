using SoapLens.Learning.Cv;
using Xunit.Abstractions;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>TICA (reversible estimator) and non-reversible VAMP against the numpy/scipy reference (README §2, §3).</summary>
public sealed class TicaReferenceTests
{
    private readonly ITestOutputHelper _out;

    public TicaReferenceTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [MemberData(nameof(CvReference.Cases), MemberType = typeof(CvReference))]
    public void Tica_matches_the_reference(string system, string features)
    {
        var data = CvReference.Features(system, features);
        var r = Tica.Fit(data, new TicaOptions { Lag = CvReference.Lag, ComponentCount = 2, Regularization = 1e-10 });
        string p = $"tica_{system}_{features}_";
        var m = r.Model;
        var errors = new Dictionary<string, double>
        {
            ["mean (rel)"] = CvReference.RelativeError(m.Mean, CvReference.Array(p + "mean")),
            ["C00 (rel)"] = CvReference.RelativeError(m.C00!, CvReference.Array(p + "C00")),
            ["C0t (rel)"] = CvReference.RelativeError(m.C0t!, CvReference.Array(p + "C0t")),
            ["eigenvalues (abs)"] = CvReference.AbsoluteError(m.Eigenvalues, CvReference.Array(p + "eigenvalues")),
            ["eigenvectors (rel)"] = CvReference.RelativeError(m.Eigenvectors!, CvReference.Array(p + "eigenvectors")),
            ["timescales (rel)"] = CvReference.RelativeError(m.Timescales, CvReference.Array(p + "timescales_frames")),
            ["vamp2 (abs)"] = Math.Abs(m.Vamp2 - CvReference.Scalar(p + "vamp2")),
            ["vamp2 cumulative (abs)"] = CvReference.AbsoluteError(m.Vamp2Cumulative, CvReference.Array(p + "vamp2_cumulative")),
            ["projection first 100 (rel)"] = CvReference.RelativeError(r.Projection.AsSpan(0, 200), CvReference.Array(p + "proj_first100")),
        };
        foreach (var (k, v) in errors) _out.WriteLine($"{system}_{features} {k}: {v:E2}");
        Assert.True(errors["mean (rel)"] < 1e-12, $"mean {errors["mean (rel)"]:E2}");
        Assert.True(errors["C00 (rel)"] < 1e-12, $"C00 {errors["C00 (rel)"]:E2}");
        Assert.True(errors["C0t (rel)"] < 1e-12, $"C0t {errors["C0t (rel)"]:E2}");
        Assert.True(errors["eigenvalues (abs)"] < 1e-10, $"eigenvalues {errors["eigenvalues (abs)"]:E2}");
        Assert.True(errors["eigenvectors (rel)"] < 1e-8, $"eigenvectors {errors["eigenvectors (rel)"]:E2}");
        Assert.True(errors["timescales (rel)"] < 1e-8, $"timescales {errors["timescales (rel)"]:E2}");
        Assert.True(errors["vamp2 (abs)"] < 1e-10, $"vamp2 {errors["vamp2 (abs)"]:E2}");
        Assert.True(errors["vamp2 cumulative (abs)"] < 1e-10);
        Assert.True(errors["projection first 100 (rel)"] < 1e-8, $"projection {errors["projection first 100 (rel)"]:E2}");
    }

    [Theory]
    [MemberData(nameof(CvReference.Cases), MemberType = typeof(CvReference))]
    public void Non_reversible_vamp_matches_the_reference(string system, string features)
    {
        var data = CvReference.Features(system, features);
        var s = Vamp.Score(data, new VampOptions { Lag = CvReference.Lag, Regularization = 1e-10 });
        string p = $"vampnr_{system}_{features}_";
        var c = s.Covariances!;
        var errors = new Dictionary<string, double>
        {
            ["mean0 (rel)"] = CvReference.RelativeError(c.Mean0, CvReference.Array(p + "mean0")),
            ["meant (rel)"] = CvReference.RelativeError(c.MeanT, CvReference.Array(p + "meant")),
            ["C00 (rel)"] = CvReference.RelativeError(c.C00, CvReference.Array(p + "C00")),
            ["C0t (rel)"] = CvReference.RelativeError(c.C0t, CvReference.Array(p + "C0t")),
            ["Ctt (rel)"] = CvReference.RelativeError(c.Ctt, CvReference.Array(p + "Ctt")),
            ["koopman (rel)"] = CvReference.RelativeError(s.Koopman!, CvReference.Array(p + "koopman")),
            ["singular values (abs)"] = CvReference.AbsoluteError(s.SingularValues, CvReference.Array(p + "singular_values")),
            ["vamp1 (abs)"] = Math.Abs(s.Vamp1 - CvReference.Scalar(p + "vamp1")),
            ["vamp2 (abs)"] = Math.Abs(s.Vamp2 - CvReference.Scalar(p + "vamp2")),
        };
        foreach (var (k, v) in errors) _out.WriteLine($"{system}_{features} {k}: {v:E2}");
        foreach (var k in new[] { "mean0 (rel)", "meant (rel)", "C00 (rel)", "C0t (rel)", "Ctt (rel)" })
            Assert.True(errors[k] < 1e-12, $"{k} {errors[k]:E2}");
        Assert.True(errors["koopman (rel)"] < 1e-8, $"koopman {errors["koopman (rel)"]:E2}");
        Assert.True(errors["singular values (abs)"] < 1e-10, $"singular values {errors["singular values (abs)"]:E2}");
        Assert.True(errors["vamp1 (abs)"] < 1e-10);
        Assert.True(errors["vamp2 (abs)"] < 1e-10);
        Assert.Equal(s.Vamp2, s.Score, 15);
    }

    [Theory]
    [MemberData(nameof(CvReference.Cases), MemberType = typeof(CvReference))]
    public void Reversible_vamp_score_equals_the_tica_vamp2(string system, string features)
    {
        var data = CvReference.Features(system, features);
        var s = Vamp.Score(data, new VampOptions { Lag = CvReference.Lag, Reversible = true, ComponentCount = 1 });
        var cumulative = CvReference.Array($"tica_{system}_{features}_vamp2_cumulative");
        Assert.True(Math.Abs(s.Score - cumulative[0]) < 1e-10, $"{s.Score} vs {cumulative[0]}");
        Assert.True(Math.Abs(s.Vamp2 - cumulative[^1]) < 1e-10);
        Assert.True(CvReference.AbsoluteError(s.SingularValues, CvReference.Array($"tica_{system}_{features}_eigenvalues")) < 1e-10);
    }
}
