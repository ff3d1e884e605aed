using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>Settings shared by the network CV methods.</summary>
public abstract record NetworkTrainingOptions
{
    /// <summary>Number of CVs (network outputs / bottleneck width).</summary>
    public int ComponentCount { get; init; } = 2;
    /// <summary>Hidden layer widths (the encoder's for the autoencoder; its decoder mirrors them).</summary>
    public int[] Hidden { get; init; } = [32, 32];
    public Activation Activation { get; init; } = Activation.Tanh;
    public int Epochs { get; init; } = 100;
    public int BatchSize { get; init; } = 256;
    public double LearningRate { get; init; } = 1e-3;
    public long Seed { get; init; } = 1234;
    /// <summary>Fraction of the time span held out for early stopping (0 = none; see <see cref="TimeLaggedPairs.SplitByTime"/>).</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Stop after this many epochs without a better validation loss (the best parameters are kept).</summary>
    public int Patience { get; init; } = 10;
    /// <summary>Worker threads (0 = all cores). Results are identical for any value.</summary>
    public int Threads { get; init; }

    internal void Validate()
    {
        if (ComponentCount < 1) throw SoapLensException.Argument($"ComponentCount must be at least 1, got {ComponentCount}.", ComponentCount);
        if (Hidden.Any(h => h < 1)) throw SoapLensException.Argument($"Hidden layer widths must be positive, got {string.Join(", ", Hidden)}.", Hidden);
        if (Epochs < 1) throw SoapLensException.Argument($"Epochs must be at least 1, got {Epochs}.", Epochs);
        if (BatchSize < 2) throw SoapLensException.Argument($"BatchSize must be at least 2, got {BatchSize}.", BatchSize);
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw SoapLensException.Argument($"LearningRate must be positive, got {LearningRate}.", LearningRate);
        if (!(ValidationFraction >= 0 && ValidationFraction < 1)) throw SoapLensException.Argument($"ValidationFraction must be in [0, 1), got {ValidationFraction}.", ValidationFraction);
        if (Patience < 1) throw SoapLensException.Argument($"Patience must be at least 1, got {Patience}.", Patience);
    }
}

/// <summary>One finished epoch, as reported to the caller (progress bars, verbose output).</summary>
public sealed record EpochReport(int Epoch, int Epochs, double TrainingLoss, double ValidationLoss, int BestEpoch);

/// <summary>Loss per epoch and where training stopped.</summary>
public sealed record TrainingHistory(double[] TrainingLoss, double[] ValidationLoss, int BestEpoch, bool StoppedEarly)
{
    public int EpochsRun => TrainingLoss.Length;
}

/// <summary>
/// Runs row blocks of a network in parallel: a batch is cut into blocks of a fixed number of rows,
/// each block has its own workspace and gradient slot, and the block gradients are added in block
/// order, so training is bit-identical for any thread count.
/// </summary>
internal sealed class BatchRunner
{
    public const int BlockRows = 64;
    private readonly DenseNetwork _net;
    private readonly double[] _inputs;
    private readonly ParallelOptions _po;
    private readonly List<DenseNetwork.Workspace> _blocks = new();
    private readonly List<double[]> _grads = new();
    private int _keptRows;

    public BatchRunner(DenseNetwork net, double[] standardisedInputs, int threads, CancellationToken cancel)
    {
        _net = net;
        _inputs = standardisedInputs;
        _po = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancel };
    }

    public DenseNetwork Network => _net;

    private void EnsureBlocks(int count)
    {
        while (_blocks.Count < count)
        {
            _blocks.Add(_net.CreateWorkspace(BlockRows));
            _grads.Add(new double[_net.ParameterCount]);
        }
    }

    /// <summary>Forward pass over the given input rows; returns layer <paramref name="layer"/>'s output (rows × width) and keeps the activations for <see cref="Backward"/>.</summary>
    public double[] Forward(ReadOnlySpan<int> rows, int layer)
    {
        int n = rows.Length, d = _net.InputSize, w = _net.Sizes[layer + 1];
        int nb = (n + BlockRows - 1) / BlockRows;
        EnsureBlocks(nb);
        var idx = rows.ToArray();
        var output = new double[n * w];
        Parallel.For(0, nb, _po, b =>
        {
            int lo = b * BlockRows, cnt = Math.Min(BlockRows, n - lo);
            var ws = _blocks[b];
            var input = ws.Input(cnt);
            for (int r = 0; r < cnt; r++) _inputs.AsSpan(idx[lo + r] * d, d).CopyTo(input.Slice(r * d, d));
            _net.Forward(ws, cnt);
            ws.LayerOutput(layer).CopyTo(output.AsSpan(lo * w, cnt * w));
        });
        _keptRows = n;
        return output;
    }

    /// <summary>dLoss/dParameters from dLoss/d(layer output) of the rows of the last <see cref="Forward"/>.</summary>
    public double[] Backward(double[] dOutput, int layer)
    {
        int n = _keptRows, w = _net.Sizes[layer + 1];
        int nb = (n + BlockRows - 1) / BlockRows;
        Parallel.For(0, nb, _po, b =>
        {
            var g = _grads[b];
            Array.Clear(g);
            int lo = b * BlockRows;
            _net.Backward(_blocks[b], dOutput.AsSpan(lo * w, _blocks[b].Rows * w), g, layer);
        });
        var total = new double[_net.ParameterCount];
        for (int b = 0; b < nb; b++)
        {
            var g = _grads[b];
            for (int i = 0; i < total.Length; i++) total[i] += g[i];
        }
        return total;
    }

    /// <summary>Layer output for many rows, in passes of bounded memory (nothing kept).</summary>
    public double[] Infer(ReadOnlySpan<int> rows, int layer)
    {
        int n = rows.Length, w = _net.Sizes[layer + 1];
        var output = new double[(long)n * w];
        int pass = BlockRows * 64;
        for (int lo = 0; lo < n; lo += pass)
        {
            _po.CancellationToken.ThrowIfCancellationRequested();
            int cnt = Math.Min(pass, n - lo);
            Forward(rows.Slice(lo, cnt), layer).CopyTo(output.AsSpan(lo * w, cnt * w));
        }
        _keptRows = 0;
        return output;
    }

    /// <summary>Layer output for every input row in order.</summary>
    public double[] InferAll(int layer)
    {
        int n = _inputs.Length / _net.InputSize;
        return Infer(Enumerable.Range(0, n).ToArray(), layer);
    }
}

/// <summary>The epoch loop: shuffled mini-batches, Adam, validation, early stopping with the best parameters kept.</summary>
internal static class NetworkTrainer
{
    /// <summary>A training objective: loss of a set of items (rows or pairs) and, when asked, its gradient.</summary>
    public delegate (double Loss, double[]? Gradient) Objective(ReadOnlySpan<int> items, bool withGradient);

    public static TrainingHistory Fit(DenseNetwork net, NetworkTrainingOptions o, int[] training, int[] validation,
        Objective objective,
        SeededRandom rng, CancellationToken cancel, Action<EpochReport>? onEpoch)
    {
        if (training.Length < 2) throw SoapLensException.Argument($"Only {training.Length} training items are left after the validation split; use more data or a smaller ValidationFraction.");
        var adam = new AdamOptimizer(net.ParameterCount, o.LearningRate);
        var order = (int[])training.Clone();
        var trainLoss = new List<double>();
        var valLoss = new List<double>();
        double best = double.PositiveInfinity;
        double[]? bestParameters = null;
        int bestEpoch = 0, sinceBest = 0;
        bool stopped = false;
        int batches = Math.Max(1, order.Length / o.BatchSize);
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            rng.Shuffle(order);
            double sum = 0;
            for (int b = 0; b < batches; b++)
            {
                cancel.ThrowIfCancellationRequested();
                int lo = b * o.BatchSize, hi = b == batches - 1 ? order.Length : lo + o.BatchSize;
                var (loss, grad) = objective(order.AsSpan(lo, hi - lo), true);
                if (!double.IsFinite(loss))
                    throw new SoapLensException("TrainingDiverged", ErrorKind.InvalidOperation,
                        $"The training loss became {loss} in epoch {epoch}; lower -LearningRate.");
                adam.Step(net.Parameters, grad!);
                sum += loss * (hi - lo);
            }
            trainLoss.Add(sum / order.Length);
            double v = validation.Length > 0 ? objective(validation, false).Loss : double.NaN;
            valLoss.Add(v);
            double monitored = validation.Length > 0 ? v : trainLoss[^1];
            if (monitored < best)
            {
                best = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                bestParameters = (double[])net.Parameters.Clone();
            }
            else sinceBest++;
            onEpoch?.Invoke(new EpochReport(epoch, o.Epochs, trainLoss[^1], v, bestEpoch));
            if (validation.Length > 0 && sinceBest >= o.Patience && epoch < o.Epochs)
            {
                stopped = true;
                break;
            }
        }
        // Keep the best epoch's parameters (validation loss, or training loss without a validation set).
        if (bestParameters is not null) bestParameters.CopyTo(net.Parameters, 0);
        return new TrainingHistory(trainLoss.ToArray(), valLoss.ToArray(), bestEpoch, stopped);
    }

    /// <summary>
    /// Per-column mean and one global scale (the root-mean-square deviation over all columns, 1 for
    /// constant data): inputs are centred and scaled without changing their relative variances, as
    /// PCA sees them, so that a near-constant column is not blown up to unit variance and the
    /// autoencoder still sees which directions carry the variance.
    /// </summary>
    public static (double[] Mean, double[] Scale) Standardisation(double[] values, int rows, int columns)
    {
        var mean = new double[columns];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < columns; j++) mean[j] += values[(long)r * columns + j];
        for (int j = 0; j < columns; j++) mean[j] /= rows;
        double ss = 0, mm = 0;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < columns; j++)
            {
                double e = values[(long)r * columns + j] - mean[j];
                ss += e * e;
            }
        foreach (var m in mean) mm = Math.Max(mm, Math.Abs(m));
        double rms = Math.Sqrt(ss / ((double)rows * columns));
        double scale = rms > 1e-12 * Math.Max(1, mm) ? rms : 1.0;
        var s = new double[columns];
        Array.Fill(s, scale);
        return (mean, s);
    }

    public static double[] Standardise(double[] values, int rows, int columns, double[] mean, double[] scale)
    {
        var z = new double[values.LongLength];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < columns; j++)
            {
                long i = (long)r * columns + j;
                z[i] = (values[i] - mean[j]) / scale[j];
            }
        return z;
    }
}
