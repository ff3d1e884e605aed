using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Trains an autoencoder on any dataset; its low-dimensional bottleneck is the collective variable.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "AutoencoderCv")]
[OutputType(typeof(AutoencoderCvResult))]
public sealed class InvokeAutoencoderCvCommand : SoapLensCmdlet
{
    private NetworkCvStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter]
    [Alias("dim", "n_components", "encoding_dim")]
    [ValidateRange(1, int.MaxValue)]
    public int ComponentCount { get; set; } = 2;

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
    public int BatchSize { get; set; } = 256;

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

    [Parameter]
    [Alias("lagtime", "tau")]
    [ValidateRange(1, int.MaxValue)]
    public int Lag { get; set; } = 1;

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() =>
        _stage = new NetworkCvStage(EngineHost, new AutoencoderCvOptions
        {
            Lag = Lag, ComponentCount = ComponentCount, Hidden = Hidden, Activation = Activation, Epochs = Epochs,
            BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, ValidationFraction = ValidationFraction,
            Patience = Patience, Threads = ThrottleLimit,
        });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
