using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Learns transfer-operator eigenfunctions with a small network trained on a variational (VAMP-2 or Rayleigh) loss.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "EigenfunctionCv")]
[OutputType(typeof(EigenfunctionCvResult))]
public sealed class InvokeEigenfunctionCvCommand : SoapLensCmdlet
{
    private NetworkCvStage? _stage;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter(Position = 1)]
    [Alias("lagtime", "tau")]
    [ValidateRange(1, int.MaxValue)]
    public int Lag { get; set; } = 1;

    [Parameter]
    [Alias("dim", "n_components")]
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
    public VariationalLoss Loss { get; set; } = VariationalLoss.Vamp2;

    [Parameter]
    [Alias("n_epochs", "max_epochs")]
    [ValidateRange(1, int.MaxValue)]
    public int Epochs { get; set; } = 100;

    [Parameter]
    [Alias("batch_size")]
    [ValidateRange(2, int.MaxValue)]
    public int BatchSize { get; set; } = 1000;

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
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() =>
        _stage = new NetworkCvStage(EngineHost, new EigenfunctionCvOptions
        {
            Lag = Lag, ComponentCount = ComponentCount, Hidden = Hidden, Activation = Activation, Loss = Loss, Epochs = Epochs,
            BatchSize = BatchSize, LearningRate = LearningRate, Seed = Seed, ValidationFraction = ValidationFraction,
            Patience = Patience, Threads = ThrottleLimit,
        });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var input in InputObject) _stage!.Process(input);
    });

    protected override void EndProcessing() => Run(() => _stage!.End());
}
