using MathNet.Numerics.LinearAlgebra;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>The variational loss a network eigenfunction model maximises (as a negative loss).</summary>
public enum VariationalLoss
{
    /// <summary>VAMP-2 of the reversible estimator: 1 + tr(C00⁻¹C0τC00⁻¹C0τ) = 1 + Σλ_i².</summary>
    Vamp2,
    /// <summary>Sum of the generalised Rayleigh quotients of the transfer operator: 1 + tr(C00⁻¹C0τ) = 1 + Σλ_i.</summary>
    Rayleigh,
}

/// <summary>Options of the network eigenfunction method.</summary>
public sealed record EigenfunctionCvOptions : NetworkTrainingOptions
{
    public EigenfunctionCvOptions() => BatchSize = 1000;

    /// <summary>Lag τ in frames.</summary>
    public int Lag { get; init; } = 1;
    public VariationalLoss Loss { get; init; } = VariationalLoss.Vamp2;
}

/// <summary>
/// Leading eigenfunctions of the transfer operator learned by a network f: R^D → R^k (the
/// "eigenfunction" family of the second seed). The loss is minus a variational score of the
/// reversible (symmetrised) covariances of the network outputs over a mini-batch of time-lagged
/// pairs — VAMP-2 (default) or the Rayleigh-quotient sum — which the true leading eigenfunctions
/// maximise. After training, TICA on the outputs at the same lag rotates them into eigenfunction
/// estimates ordered by eigenvalue (ef1 = slowest), mean-free with unit variance, and gives the
/// eigenvalues and implied timescales.
/// </summary>
public static class EigenfunctionCv
{
    /// <summary>Added to the diagonal of C00 of the network outputs (absolute): keeps the inverse finite.</summary>
    public const double LossRegularization = 1e-6;

    public static EigenfunctionCvResult Train(Dataset data, EigenfunctionCvOptions o, CancellationToken cancel = default, Action<EpochReport>? onEpoch = null)
    {
        o.Validate();
        int n = data.RowCount, d = data.ColumnCount, k = o.ComponentCount;
        var pairs = TimeLaggedPairs.Build(data, o.Lag);
        var (training, validation) = pairs.SplitByTime(o.ValidationFraction, o.Seed);
        var (mean, scale) = NetworkTrainer.Standardisation(data.Values, n, d);
        var z = NetworkTrainer.Standardise(data.Values, n, d, mean, scale);
        var sizes = new[] { d }.Concat(o.Hidden).Append(k).ToArray();
        var acts = o.Hidden.Select(_ => o.Activation).Append(Activation.Identity).ToArray();
        var rng = new SeededRandom(o.Seed);
        var net = DenseNetwork.Create(sizes, acts, rng);
        var runner = new BatchRunner(net, z, o.Threads, cancel);
        int top = net.LayerCount - 1;

        (double, double[]?) Objective(ReadOnlySpan<int> items, bool withGradient)
        {
            int m = items.Length;
            var rows = new int[2 * m];
            for (int i = 0; i < m; i++) { rows[i] = pairs.Start[items[i]]; rows[m + i] = pairs.End[items[i]]; }
            if (!withGradient) return (Loss(runner.Infer(rows, top), m, k, o.Loss, LossRegularization, null), null);
            var f = runner.Forward(rows, top);
            var df = new double[f.Length];
            double loss = Loss(f, m, k, o.Loss, LossRegularization, df);
            return (loss, runner.Backward(df, top));
        }

        var history = NetworkTrainer.Fit(net, o, training, validation, Objective, rng, cancel, onEpoch);
        var outputs = runner.InferAll(top);
        var cov = LaggedCovariance.Estimate(outputs, k, pairs.Start, pairs.End, reversible: true, o.Threads, cancel);
        var model = TicaModel.Fit(cov, o.Lag, 1e-10, Enumerable.Range(1, k).Select(i => $"f{i}").ToArray());
        var projection = model.Transform(outputs, n, k, kineticMap: false, o.Threads, cancel);
        var parts = new NetworkCvParts(net, mean, scale, history, o.Lag, model.Eigenvalues, o);
        return new EigenfunctionCvResult(parts, o.Loss, model.Mean, model.Eigenvectors!, projection, n, k, data.Frames, data.AtomIds, data.Source);
    }

    /// <summary>One network trained on the pooled pairs of several trajectories; one result (projection) per trajectory.</summary>
    public static EigenfunctionCvResult[] Train(TrajectoryParts parts, EigenfunctionCvOptions o, CancellationToken cancel = default, Action<EpochReport>? onEpoch = null)
    {
        var all = Train(parts.Combined, o, cancel, onEpoch);
        if (parts.Parts.Count == 1) return [all];
        var shared = new NetworkCvParts(all.Network, all.InputMean, all.InputScale, all.History, all.Lag, all.Eigenvalues, all.Settings);
        return parts.Parts.Select((x, i) => new EigenfunctionCvResult(shared, all.LossKind, all.OutputMean, all.Rotation,
            parts.Slice(all.Projection, all.ComponentCount, i), x.RowCount, all.ComponentCount, x.Frames, x.AtomIds, x.Source)).ToArray();
    }

    /// <summary>
    /// The loss −(1 + S) of network outputs f (rows 0..m−1 = x_t, m..2m−1 = x_{t+τ}, k columns) with
    /// S = tr(C00⁻¹C0τC00⁻¹C0τ) (VAMP-2) or tr(C00⁻¹C0τ) (Rayleigh), C00 and C0τ the reversible
    /// estimates with pooled mean and C00 + εI. When <paramref name="dF"/> is given it receives dLoss/df:
    /// with G00 = ∂L/∂C00 and G0τ = ∂L/∂C0τ (both symmetric), dL/dA = (A·G00 + B·G0τ)/m and
    /// dL/dB = (B·G00 + A·G0τ)/m, minus their pooled column mean (the mean's own dependence).
    /// </summary>
    internal static double Loss(ReadOnlySpan<double> f, int m, int k, VariationalLoss kind, double epsilon, double[]? dF)
    {
        var mu = new double[k];
        for (int r = 0; r < 2 * m; r++)
            for (int j = 0; j < k; j++) mu[j] += f[r * k + j];
        for (int j = 0; j < k; j++) mu[j] /= 2.0 * m;
        var a = new double[m * k];
        var b = new double[m * k];
        for (int r = 0; r < m; r++)
            for (int j = 0; j < k; j++)
            {
                a[r * k + j] = f[r * k + j] - mu[j];
                b[r * k + j] = f[(m + r) * k + j] - mu[j];
            }
        var c00 = Matrix<double>.Build.Dense(k, k);
        var c0t = Matrix<double>.Build.Dense(k, k);
        for (int r = 0; r < m; r++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    double ai = a[r * k + i], bi = b[r * k + i], aj = a[r * k + j], bj = b[r * k + j];
                    c00[i, j] += ai * aj + bi * bj;
                    c0t[i, j] += ai * bj + bi * aj;
                }
        c00 = c00 / (2.0 * m) + epsilon * Matrix<double>.Build.DenseIdentity(k);
        c0t /= 2.0 * m;
        var inv = c00.Inverse();
        var q = inv * c0t; // C00⁻¹C0τ
        Matrix<double> g00, g0t;
        double score;
        if (kind == VariationalLoss.Vamp2)
        {
            score = (q * q).Trace();
            var p = q * inv; // C00⁻¹C0τC00⁻¹
            g0t = -2.0 * p;
            g00 = 2.0 * p * c0t * inv;
        }
        else
        {
            score = q.Trace();
            g0t = -inv;
            g00 = q * inv;
        }
        if (dF is null) return -(1 + score);
        g00 = 0.5 * (g00 + g00.Transpose());
        g0t = 0.5 * (g0t + g0t.Transpose());
        var colMean = new double[k];
        for (int r = 0; r < m; r++)
            for (int j = 0; j < k; j++)
            {
                double da = 0, db = 0;
                for (int i = 0; i < k; i++)
                {
                    da += a[r * k + i] * g00[i, j] + b[r * k + i] * g0t[i, j];
                    db += b[r * k + i] * g00[i, j] + a[r * k + i] * g0t[i, j];
                }
                dF[r * k + j] = da / m;
                dF[(m + r) * k + j] = db / m;
                colMean[j] += (da + db) / m;
            }
        for (int j = 0; j < k; j++) colMean[j] /= 2.0 * m;
        for (int r = 0; r < 2 * m; r++)
            for (int j = 0; j < k; j++) dF[r * k + j] -= colMean[j];
        return -(1 + score);
    }
}

/// <summary>
/// Learned transfer-operator eigenfunctions: the projection (rows × k, columns ef1..efk, slowest
/// first, mean-free, unit variance), their eigenvalues and implied timescales, the trained network
/// and its training history.
/// </summary>
public sealed class EigenfunctionCvResult : NetworkCvResult
{
    public const string ResultKind = "EigenfunctionCvResult";

    public EigenfunctionCvResult(NetworkCvParts parts, VariationalLoss loss, double[] outputMean, double[] rotation, double[] projection,
        int rowCount, int componentCount, int[] frames, int[] atomIds, string source)
        : base(parts, projection, rowCount, componentCount, frames, atomIds, "ef", source)
    {
        if (outputMean.Length != componentCount || rotation.Length != componentCount * componentCount)
            throw new ArgumentException("The output mean and rotation must match the component count.");
        LossKind = loss;
        OutputMean = outputMean;
        Rotation = rotation;
    }

    public VariationalLoss LossKind { get; }
    /// <summary>Mean of the raw network outputs (the TICA mean on the outputs).</summary>
    public double[] OutputMean { get; }
    /// <summary>k × k row-major: CVs = (outputs − OutputMean) · Rotation.</summary>
    public double[] Rotation { get; }
    /// <summary>1 + Σλ_i² of the learned CVs over all pairs.</summary>
    public double Vamp2 => 1 + Eigenvalues.Sum(l => l * l);

    protected override string Kind => ResultKind;
    protected override string Method => "EigenfunctionCV";

    /// <summary>The CVs of new data (same columns as the training data), rows in input order.</summary>
    public double[] Transform(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        var z = StandardiseInput(data);
        var runner = new BatchRunner(Network!, z, threads, cancel);
        var f = runner.InferAll(Network!.LayerCount - 1);
        var model = new TicaModel(Lag, OutputMean, Eigenvalues, Rotation, 1e-10, 0, 0, Enumerable.Range(1, ComponentCount).Select(i => $"f{i}").ToArray());
        return model.Transform(f, data.RowCount, ComponentCount, false, threads, cancel);
    }

    protected override IReadOnlyDictionary<string, object> Describe()
    {
        var d = new Dictionary<string, object>(base.Describe()) { ["loss"] = LossKind.ToString(), ["vamp2"] = Vamp2 };
        return d;
    }

    public override DataBundle ToBundle()
    {
        var b = NetworkBundle();
        b.Add("output_mean", NdArray.Of(OutputMean), "mode");
        b.Add("rotation", NdArray.Of(Rotation, ComponentCount, ComponentCount), "output", "mode");
        return b;
    }

    public static EigenfunctionCvResult FromBundle(DataBundle b)
    {
        var (y, n, k, frames, atoms, source) = ReadProjection(b);
        var loss = Enum.TryParse<VariationalLoss>(b.GetAttribute("loss", "Vamp2"), true, out var l) ? l : VariationalLoss.Vamp2;
        var parts = ReadParts(b, new EigenfunctionCvOptions { ComponentCount = k, Lag = checked((int)b.GetAttribute("lag", 1L)), Loss = loss });
        var mean = b.Find("output_mean")?.Values.ToDoubleArray() ?? new double[k];
        var rotation = b.Find("rotation")?.Values.ToDoubleArray() ?? Identity(k);
        return new EigenfunctionCvResult(parts, loss, mean, rotation, y, n, k, frames, atoms, source);
    }

    private static double[] Identity(int k)
    {
        var r = new double[k * k];
        for (int i = 0; i < k; i++) r[i * k + i] = 1;
        return r;
    }

    public override string ToString() => Summary("Eigenfunction CV");
}
