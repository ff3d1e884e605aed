using System.Management.Automation;
using SoapLens.Learning.Cv;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of Invoke-AutoencoderCv and Invoke-EigenfunctionCv: the network and training parameters
/// they share. The default -BatchSize differs per method and is set by the derived constructor.
/// </summary>
public abstract class NetworkCvCmdlet : CvCmdlet
{
    protected NetworkCvCmdlet(int batchSize) => BatchSize = batchSize;

    [Parameter]
    [Alias("HiddenLayers", "hidden_layer_sizes")]
    [ValidateRange(1, int.MaxValue)]
    [AllowEmptyCollection]
    public int[] Hidden { get; set; } = [32, 32];

    [Parameter]
    public Activation Activation { get; set; } = Activation.Tanh;

    [Parameter]
    [Alias("n_epochs", "max_epochs")]
    [ValidateRange(1, int.MaxValue)]
    public int Epochs { get; set; } = 100;

    [Parameter]
    [Alias("batch_size")]
    [ValidateRange(2, int.MaxValue)]
    public int BatchSize { get; set; }

    [Parameter]
    [Alias("lr", "learning_rate")]
    [ValidateRange(1e-12, 10.0)]
    public double LearningRate { get; set; } = 1e-3;

    [Parameter]
    [Alias("random_state")]
    public long Seed { get; set; } = 1234;

    [Parameter]
    [Alias("validation_fraction")]
    [ValidateRange(0.0, 0.9)]
    public double ValidationFraction { get; set; } = 0.2;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Patience { get; set; } = 10;

    /// <summary><paramref name="options"/> with the shared training parameters filled in.</summary>
    protected TOptions WithTraining<TOptions>(TOptions options) where TOptions : NetworkTrainingOptions =>
        (TOptions)((NetworkTrainingOptions)options with
        {
            Hidden = Hidden, Activation = Activation, Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate,
            Seed = Seed, ValidationFraction = ValidationFraction, Patience = Patience, Threads = ThrottleLimit,
        });
}
