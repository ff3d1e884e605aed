using SoapLens.Data;

namespace SoapLens.Learning.Cv;

/// <summary>Options of the autoencoder CV.</summary>
public sealed record AutoencoderCvOptions : NetworkTrainingOptions
{
    /// <summary>Lag (frames) at which TICA reports the eigenvalues/timescales of the bottleneck; training does not use it.</summary>
    public int Lag { get; init; } = 1;
}

/// <summary>
/// The autoencoder family of the second seed: encoder D → Hidden… → k (linear bottleneck) and a
/// mirrored decoder k → …Hidden → D (linear output), trained to reconstruct the centred input (one global scale)
/// (mean squared error over rows and columns). The bottleneck values are the CVs (ae1..aek, in the
/// network's own coordinates). Training is not time-aware; the validation split is the same
/// time-block rule as for the eigenfunction method applied to rows (no row of a validation block
/// is trained on). TICA on the bottleneck at <see cref="AutoencoderCvOptions.Lag"/> tells how
/// slow the learned CVs are.
/// </summary>
public static class AutoencoderCv
{
    public static AutoencoderCvResult Train(Dataset data, AutoencoderCvOptions o, CancellationToken cancel = default, Action<EpochReport>? onEpoch = null)
    {
        o.Validate();
        int n = data.RowCount, d = data.ColumnCount, k = o.ComponentCount;
        var pairs = TimeLaggedPairs.Build(data, o.Lag); // fails early on data that cannot give timescales
        var (training, validation) = SplitRows(data, o.ValidationFraction, o.Seed);
        var (mean, scale) = NetworkTrainer.Standardisation(data.Values, n, d);
        var z = NetworkTrainer.Standardise(data.Values, n, d, mean, scale);
        var sizes = new[] { d }.Concat(o.Hidden).Append(k).Concat(Enumerable.Reverse(o.Hidden)).Append(d).ToArray();
        var acts = o.Hidden.Select(_ => o.Activation).Append(Activation.Identity)
            .Concat(o.Hidden.Select(_ => o.Activation)).Append(Activation.Identity).ToArray();
        int bottleneck = o.Hidden.Length; // layer index whose output is the CV
        var rng = new SeededRandom(o.Seed);
        var net = DenseNetwork.Create(sizes, acts, rng);
        var runner = new BatchRunner(net, z, o.Threads, cancel);
        int top = net.LayerCount - 1;

        (double, double[]?) Objective(ReadOnlySpan<int> rows, bool withGradient)
        {
            var y = withGradient ? runner.Forward(rows, top) : runner.Infer(rows, top);
            var dy = withGradient ? new double[y.Length] : null;
            double loss = Reconstruction(y, z, rows, d, dy);
            return (loss, withGradient ? runner.Backward(dy!, top) : null);
        }

        var history = NetworkTrainer.Fit(net, o, training, validation, Objective, rng, cancel, onEpoch);
        var all = Enumerable.Range(0, n).ToArray();
        double mse = Reconstruction(runner.Infer(all, top), z, all, d, null);
        var cv = runner.InferAll(bottleneck);
        var cov = LaggedCovariance.Estimate(cv, k, pairs.Start, pairs.End, reversible: true, o.Threads, cancel);
        var model = TicaModel.Fit(cov, o.Lag, 1e-10, Enumerable.Range(1, k).Select(i => $"ae{i}").ToArray());
        var parts = new NetworkCvParts(net, mean, scale, history, o.Lag, model.Eigenvalues, o);
        return new AutoencoderCvResult(parts, bottleneck, mse, cv, n, k, data.Frames, data.AtomIds, data.Source);
    }

    /// <summary>One autoencoder trained on the rows of several trajectories; one result (projection) per trajectory.</summary>
    public static AutoencoderCvResult[] Train(TrajectoryParts parts, AutoencoderCvOptions o, CancellationToken cancel = default, Action<EpochReport>? onEpoch = null)
    {
        var all = Train(parts.Combined, o, cancel, onEpoch);
        if (parts.Parts.Count == 1) return [all];
        var shared = new NetworkCvParts(all.Network, all.InputMean, all.InputScale, all.History, all.Lag, all.Eigenvalues, all.Settings);
        return parts.Parts.Select((x, i) => new AutoencoderCvResult(shared, all.BottleneckLayer, all.ReconstructionError,
            parts.Slice(all.Projection, all.ComponentCount, i), x.RowCount, all.ComponentCount, x.Frames, x.AtomIds, x.Source)).ToArray();
    }

    /// <summary>Mean over rows and columns of (y − x)²; dY (when given) receives its gradient.</summary>
    internal static double Reconstruction(ReadOnlySpan<double> y, double[] x, ReadOnlySpan<int> rows, int d, double[]? dY)
    {
        double sum = 0, inv = 1.0 / ((double)rows.Length * d);
        for (int r = 0; r < rows.Length; r++)
        {
            var xr = x.AsSpan(rows[r] * d, d);
            for (int j = 0; j < d; j++)
            {
                double e = y[r * d + j] - xr[j];
                sum += e * e;
                if (dY is not null) dY[r * d + j] = 2 * e * inv;
            }
        }
        return sum * inv;
    }

    /// <summary>Training and validation rows by the time-block rule (time = frame, or row index for one series).</summary>
    internal static (int[] Training, int[] Validation) SplitRows(Dataset data, double fraction, long seed)
    {
        int n = data.RowCount;
        var all = Enumerable.Range(0, n).ToArray();
        if (fraction <= 0) return (all, []);
        bool single = data.Frames.All(f => f == data.Frames[0]);
        var times = single ? all : data.Frames;
        int tmin = times.Min(), tmax = times.Max();
        long span = (long)tmax - tmin + 1;
        int blocks = (int)Math.Clamp(span, 1, TimeLaggedPairs.DefaultBlockCount);
        var chosen = TimeLaggedPairs.BlockChoice(blocks, fraction, seed);
        var train = new List<int>(n);
        var val = new List<int>();
        for (int r = 0; r < n; r++)
            (chosen[(int)Math.Min(blocks - 1, (times[r] - tmin) * blocks / span)] ? val : train).Add(r);
        return (train.ToArray(), val.ToArray());
    }
}

/// <summary>
/// Autoencoder CVs: the bottleneck values (rows × k, columns ae1..aek) of the trained encoder, the
/// final reconstruction error, TICA eigenvalues/timescales of the bottleneck, network and history.
/// </summary>
public sealed class AutoencoderCvResult : NetworkCvResult
{
    public const string ResultKind = "AutoencoderCvResult";

    public AutoencoderCvResult(NetworkCvParts parts, int bottleneckLayer, double reconstructionError, double[] projection,
        int rowCount, int componentCount, int[] frames, int[] atomIds, string source)
        : base(parts, projection, rowCount, componentCount, frames, atomIds, "ae", source)
    {
        BottleneckLayer = bottleneckLayer;
        ReconstructionError = reconstructionError;
    }

    /// <summary>Index of the layer whose output is the CV.</summary>
    public int BottleneckLayer { get; }
    /// <summary>Mean squared reconstruction error over all rows and columns of the scaled input (1 = no better than the column means).</summary>
    public double ReconstructionError { get; }

    protected override string Kind => ResultKind;
    protected override string Method => "AutoencoderCV";

    /// <summary>The bottleneck CVs of new data (same columns as the training data).</summary>
    public double[] Transform(Dataset data, int threads = 0, CancellationToken cancel = default)
    {
        var z = StandardiseInput(data);
        return new BatchRunner(Network!, z, threads, cancel).InferAll(BottleneckLayer);
    }

    protected override IReadOnlyDictionary<string, object> Describe() =>
        new Dictionary<string, object>(base.Describe()) { ["bottleneck_layer"] = (long)BottleneckLayer, ["reconstruction_error"] = ReconstructionError };

    public override DataBundle ToBundle() => NetworkBundle();

    public static AutoencoderCvResult FromBundle(DataBundle b)
    {
        var (y, n, k, frames, atoms, source) = ReadProjection(b);
        var parts = ReadParts(b, new AutoencoderCvOptions { ComponentCount = k, Lag = checked((int)b.GetAttribute("lag", 1L)) });
        return new AutoencoderCvResult(parts, checked((int)b.GetAttribute("bottleneck_layer", 0L)), b.GetAttribute("reconstruction_error", double.NaN),
            y, n, k, frames, atoms, source);
    }

    public override string ToString() => Summary("Autoencoder CV") + $", reconstruction error {ReconstructionError:G3}";
}
