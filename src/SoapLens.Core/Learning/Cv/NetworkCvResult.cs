using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>
/// What the two network CV results share: the trained network with its input standardisation,
/// the training history, and the eigenvalues/implied timescales that TICA at <see cref="Lag"/>
/// assigns to the learned CV space (how slow the CVs are).
/// </summary>
public abstract class NetworkCvResult : CvResult
{
    protected NetworkCvResult(NetworkCvParts parts, double[] projection, int rowCount, int componentCount, int[] frames, int[] atomIds,
        string columnPrefix, string source)
        : base(projection, rowCount, componentCount, frames, atomIds, columnPrefix, source)
    {
        Network = parts.Network;
        InputMean = parts.InputMean;
        InputScale = parts.InputScale;
        History = parts.History;
        Lag = parts.Lag;
        Eigenvalues = parts.Eigenvalues;
        Settings = parts.Settings;
    }

    /// <summary>The trained network (null when rebuilt from a file that kept only the projection).</summary>
    public DenseNetwork? Network { get; }
    /// <summary>Inputs are standardised as (x − InputMean) / InputScale before the network.</summary>
    public double[]? InputMean { get; }
    public double[]? InputScale { get; }
    public TrainingHistory History { get; }
    public int Lag { get; }
    /// <summary>TICA eigenvalues of the CV space at <see cref="Lag"/>, descending.</summary>
    public double[] Eigenvalues { get; }
    /// <summary>−Lag/ln λ in frames.</summary>
    public double[] Timescales => TicaModel.ImpliedTimescales(Eigenvalues, Lag);
    /// <summary>The training settings (hidden widths, activation, epochs, batch size, learning rate, seed...).</summary>
    public NetworkTrainingOptions Settings { get; }
    public int EpochsRun => History.EpochsRun;
    public int BestEpoch => History.BestEpoch;
    public double FinalTrainingLoss => History.TrainingLoss.Length > 0 ? History.TrainingLoss[History.BestEpoch - 1] : double.NaN;
    public double FinalValidationLoss => History.ValidationLoss.Length > 0 ? History.ValidationLoss[History.BestEpoch - 1] : double.NaN;

    /// <summary>Standardised inputs of new data with the training statistics.</summary>
    protected double[] StandardiseInput(Dataset data)
    {
        if (Network is null || InputMean is null || InputScale is null)
            throw new SoapLensException("ModelIncomplete", ErrorKind.InvalidOperation,
                "This result has no network parameters (it was rebuilt from a projection-only file); train again or import it from a format that keeps every array.");
        if (data.ColumnCount != Network.InputSize)
            throw SoapLensException.Argument($"The data has {data.ColumnCount} columns; the network was trained on {Network.InputSize}.");
        return NetworkTrainer.Standardise(data.Values, data.RowCount, data.ColumnCount, InputMean, InputScale);
    }

    protected override IReadOnlyDictionary<string, object> Describe()
    {
        var d = new Dictionary<string, object>
        {
            ["method"] = Method,
            ["lag"] = (long)Lag,
            ["hidden"] = Settings.Hidden.Select(h => (long)h).ToArray(),
            ["activation"] = Settings.Activation.ToString(),
            ["epochs"] = (long)Settings.Epochs,
            ["epochs_run"] = (long)History.EpochsRun,
            ["best_epoch"] = (long)History.BestEpoch,
            ["stopped_early"] = History.StoppedEarly,
            ["batch_size"] = (long)Settings.BatchSize,
            ["learning_rate"] = Settings.LearningRate,
            ["seed"] = Settings.Seed,
            ["validation_fraction"] = Settings.ValidationFraction,
            ["patience"] = (long)Settings.Patience,
            ["eigenvalues"] = Eigenvalues,
        };
        if (Network is not null)
        {
            d["layer_sizes"] = Network.Sizes.Select(s => (long)s).ToArray();
            d["activations"] = Network.Activations.Select(a => a.ToString()).ToArray();
        }
        return d;
    }

    /// <summary>The method name written to files ("EigenfunctionCV", "AutoencoderCV").</summary>
    protected abstract string Method { get; }

    protected DataBundle NetworkBundle()
    {
        var b = NewBundle();
        b.Add("eigenvalues", NdArray.Of(Eigenvalues), "mode");
        b.Add("timescales", NdArray.Of(Timescales), "mode");
        b.Add("training_loss", NdArray.Of(History.TrainingLoss), "epoch");
        b.Add("validation_loss", NdArray.Of(History.ValidationLoss), "epoch");
        if (Network is not null) b.Add("parameters", NdArray.Of(Network.Parameters), "parameter");
        if (InputMean is not null) b.Add("input_mean", NdArray.Of(InputMean), "feature");
        if (InputScale is not null) b.Add("input_scale", NdArray.Of(InputScale), "feature");
        return b;
    }

    /// <summary>Rebuilds the shared parts; <paramref name="settings"/> receives the hyperparameters.</summary>
    protected static NetworkCvParts ReadParts(DataBundle b, NetworkTrainingOptions settings)
    {
        var hidden = b.GetInt64s("hidden")?.Select(h => checked((int)h)).ToArray() ?? settings.Hidden;
        var activation = Enum.TryParse<Activation>(b.GetAttribute("activation", settings.Activation.ToString()), true, out var a) ? a : settings.Activation;
        settings = settings with
        {
            Hidden = hidden,
            Activation = activation,
            Epochs = checked((int)b.GetAttribute("epochs", (long)settings.Epochs)),
            BatchSize = checked((int)b.GetAttribute("batch_size", (long)settings.BatchSize)),
            LearningRate = b.GetAttribute("learning_rate", settings.LearningRate),
            Seed = b.GetAttribute("seed", settings.Seed),
            ValidationFraction = b.GetAttribute("validation_fraction", settings.ValidationFraction),
            Patience = checked((int)b.GetAttribute("patience", (long)settings.Patience)),
        };
        DenseNetwork? net = null;
        var sizes = b.GetInt64s("layer_sizes")?.Select(s => checked((int)s)).ToArray();
        var acts = b.GetStrings("activations")?.Select(s => Enum.Parse<Activation>(s, true)).ToArray();
        if (b.Find("parameters") is { } p && sizes is not null && acts is not null)
            net = new DenseNetwork(sizes, acts, p.Values.ToDoubleArray());
        var train = b.Find("training_loss")?.Values.ToDoubleArray() ?? [];
        var val = b.Find("validation_loss")?.Values.ToDoubleArray() ?? [];
        var history = new TrainingHistory(train, val, checked((int)b.GetAttribute("best_epoch", (long)train.Length)), b.GetAttribute("stopped_early", false));
        return new NetworkCvParts(net, b.Find("input_mean")?.Values.ToDoubleArray(), b.Find("input_scale")?.Values.ToDoubleArray(),
            history, checked((int)b.GetAttribute("lag", 1L)), VariableOrAttribute(b, "eigenvalues") ?? [], settings);
    }

    protected string Summary(string what)
    {
        var t = Timescales;
        string slow = t.Length > 0 ? t[0].ToString("G4", CultureInfo.InvariantCulture) : "-";
        return $"{what}: {ComponentCount} CVs over {RowCount} rows, {History.EpochsRun} epochs (best {History.BestEpoch}), t1 = {slow} frames at lag {Lag}";
    }
}

/// <summary>The pieces a network CV result is built from.</summary>
public sealed record NetworkCvParts(DenseNetwork? Network, double[]? InputMean, double[]? InputScale, TrainingHistory History, int Lag,
    double[] Eigenvalues, NetworkTrainingOptions Settings);
