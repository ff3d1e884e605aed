using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>Which VAMP score: r = 1 or r = 2 in 1 + Σ σ_i^r.</summary>
public enum VampScoreKind
{
    Vamp1 = 1,
    Vamp2 = 2,
}

/// <summary>Options of a VAMP score.</summary>
public sealed record VampOptions
{
    public int Lag { get; init; } = 1;
    /// <summary>Singular values counted in the score; null = all.</summary>
    public int? ComponentCount { get; init; }
    public VampScoreKind Score { get; init; } = VampScoreKind.Vamp2;
    /// <summary>Use the reversible (TICA) estimator: σ = TICA eigenvalues. Default: non-reversible VAMP.</summary>
    public bool Reversible { get; init; }
    /// <summary>Relative regularisation of C00 and Cττ (ε = Regularization · trace).</summary>
    public double Regularization { get; init; } = 1e-10;
    public int Threads { get; init; }
}

/// <summary>
/// The VAMP score of a feature set at one lag (reference README §3): the Koopman matrix
/// K = C00^{-1/2} C0τ Cττ^{-1/2} of the mean-free features, its singular values σ_i and
/// VAMP-r = 1 + Σ σ_i^r, where the 1 is the constant singular function removed by the mean.
/// With the reversible estimator K is the whitened symmetrised C0τ and σ are the TICA eigenvalues
/// (|λ| enters the score), so VAMP-2 equals the TICA result's.
/// </summary>
public sealed class VampScore : IBundleConvertible
{
    public const string Kind = "VampScore";

    public VampScore(int lag, bool reversible, VampScoreKind scoreKind, int componentCount, double[] singularValues,
        double[]? koopman, LaggedCovariance? covariances, double regularization, long pairCount, string source)
    {
        if (componentCount < 1 || componentCount > singularValues.Length)
            throw SoapLensException.Argument($"ComponentCount must be 1..{singularValues.Length}, got {componentCount}.", componentCount);
        Lag = lag;
        Reversible = reversible;
        ScoreKind = scoreKind;
        ComponentCount = componentCount;
        SingularValues = singularValues;
        Koopman = koopman;
        Covariances = covariances;
        Regularization = regularization;
        PairCount = pairCount;
        Source = source;
    }

    public int Lag { get; }
    public bool Reversible { get; }
    public string Estimator => Reversible ? "reversible" : "non-reversible";
    public VampScoreKind ScoreKind { get; }
    public int ComponentCount { get; }
    public int Dimension => SingularValues.Length;
    /// <summary>Singular values of K, descending (TICA eigenvalues when reversible).</summary>
    public double[] SingularValues { get; }
    /// <summary>The d × d Koopman matrix in whitened coordinates (null when rebuilt from a projection-only file).</summary>
    public double[]? Koopman { get; }
    public LaggedCovariance? Covariances { get; }
    public double Regularization { get; }
    public long PairCount { get; }
    public string Source { get; }

    /// <summary>The chosen score over the first ComponentCount singular values.</summary>
    public double Score => ScoreOf((int)ScoreKind, ComponentCount);
    public double Vamp1 => ScoreOf(1, Dimension);
    public double Vamp2 => ScoreOf(2, Dimension);
    /// <summary>−τ/ln σ_i in frames (NaN for σ ≤ 0).</summary>
    public double[] Timescales => TicaModel.ImpliedTimescales(SingularValues, Lag);

    /// <summary>1 + Σ_{i&lt;k} |σ_i|^r.</summary>
    public double ScoreOf(int r, int k)
    {
        double s = 1;
        for (int i = 0; i < Math.Min(k, SingularValues.Length); i++) s += Math.Pow(Math.Abs(SingularValues[i]), r);
        return s;
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        int d = Dimension;
        b.Add("singular_values", NdArray.Of(SingularValues), "mode");
        b.Add("timescales", NdArray.Of(Timescales), "mode");
        if (Koopman is not null) b.Add("koopman", NdArray.Of(Koopman, d, d), "feature", "feature_t");
        if (Covariances is { } c)
        {
            b.Add("c00", NdArray.Of(c.C00, d, d), "feature", "feature_b");
            b.Add("c0t", NdArray.Of(c.C0t, d, d), "feature", "feature_b");
            b.Add("ctt", NdArray.Of(c.Ctt, d, d), "feature", "feature_b");
            b.Add("mean0", NdArray.Of(c.Mean0), "feature");
            b.Add("meant", NdArray.Of(c.MeanT), "feature");
        }
        b.Attributes["method"] = "VAMP";
        b.Attributes["estimator"] = Estimator;
        b.Attributes["lag"] = (long)Lag;
        b.Attributes["score_kind"] = ScoreKind.ToString().ToUpperInvariant();
        b.Attributes["component_count"] = (long)ComponentCount;
        b.Attributes["score"] = Score;
        b.Attributes["vamp1"] = Vamp1;
        b.Attributes["vamp2"] = Vamp2;
        b.Attributes["regularization"] = Regularization;
        b.Attributes["pair_count"] = PairCount;
        b.Attributes["source"] = Source;
        return b;
    }

    public static VampScore FromBundle(DataBundle b)
    {
        var sv = b.Get("singular_values").Values.ToDoubleArray();
        int d = sv.Length;
        bool rev = b.GetAttribute("estimator", "non-reversible") == "reversible";
        LaggedCovariance? cov = null;
        if (b.Find("c00") is { } c00 && b.Find("c0t") is { } c0t && b.Find("ctt") is { } ctt && b.Find("mean0") is { } m0 && b.Find("meant") is { } mt)
            cov = new LaggedCovariance(d, b.GetAttribute("pair_count", 0L), rev, m0.Values.ToDoubleArray(), mt.Values.ToDoubleArray(),
                c00.Values.ToDoubleArray(), c0t.Values.ToDoubleArray(), ctt.Values.ToDoubleArray());
        var kind = Enum.TryParse<VampScoreKind>(b.GetAttribute("score_kind", "VAMP2"), true, out var k) ? k : VampScoreKind.Vamp2;
        return new VampScore(checked((int)b.GetAttribute("lag", 1L)), rev, kind, checked((int)b.GetAttribute("component_count", (long)d)), sv,
            b.Find("koopman")?.Values.ToDoubleArray(), cov, b.GetAttribute("regularization", double.NaN), b.GetAttribute("pair_count", 0L),
            b.GetAttribute("source", Kind));
    }

    public override string ToString() =>
        $"{ScoreKind.ToString().ToUpperInvariant()} = {Score.ToString("G6", CultureInfo.InvariantCulture)} at lag {Lag} ({ComponentCount} of {Dimension} components, {Estimator})";
}

/// <summary>VAMP scores of datasets.</summary>
public static class Vamp
{
    public static VampScore Score(Dataset data, VampOptions options, CancellationToken cancel = default, Action<long, long>? progress = null)
    {
        var pairs = TimeLaggedPairs.Build(data, options.Lag);
        var cov = LaggedCovariance.Estimate(data.Values, data.ColumnCount, pairs.Start, pairs.End, options.Reversible, options.Threads, cancel, progress);
        return FromCovariances(cov, options, data.Source);
    }

    /// <summary>Koopman matrix and singular values from (reversible or not) covariances.</summary>
    public static VampScore FromCovariances(LaggedCovariance cov, VampOptions options, string source = "covariances")
    {
        if (!(options.Regularization >= 0)) throw SoapLensException.Argument($"Regularization must be zero or positive, got {options.Regularization}.");
        int d = cov.Dimension;
        int k = options.ComponentCount ?? d;
        if (k < 1 || k > d) throw SoapLensException.Argument($"ComponentCount must be between 1 and the {d} columns of the data, got {k}.", k);
        var c00r = DenseMath.Regularise(cov.C00, d, options.Regularization, out _);
        var s0 = DenseMath.InverseSquareRoot(c00r, d, "instantaneous");
        double[] koopman, sigma;
        if (cov.Reversible)
        {
            koopman = DenseMath.Symmetrise(DenseMath.Multiply(DenseMath.Multiply(s0, cov.C0t, d, d, d), s0, d, d, d), d);
            sigma = DenseMath.SymmetricEigen(koopman, d).Values;
        }
        else
        {
            var cttr = DenseMath.Regularise(cov.Ctt, d, options.Regularization, out _);
            var st = DenseMath.InverseSquareRoot(cttr, d, "time-lagged");
            koopman = DenseMath.Multiply(DenseMath.Multiply(s0, cov.C0t, d, d, d), st, d, d, d);
            sigma = DenseMath.SingularValues(koopman, d, d);
        }
        return new VampScore(options.Lag, cov.Reversible, options.Score, k, sigma, koopman, cov, options.Regularization, cov.PairCount, source);
    }
}
