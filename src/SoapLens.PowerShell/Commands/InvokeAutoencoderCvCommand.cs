using System.Management.Automation;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Trains an autoencoder on any dataset; its low-dimensional bottleneck is the collective variable.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "AutoencoderCv")]
[OutputType(typeof(AutoencoderCvResult))]
public sealed class InvokeAutoencoderCvCommand : NetworkCvCmdlet
{
    public InvokeAutoencoderCvCommand() : base(batchSize: 256) { }

    [Parameter]
    [Alias("dim", "n_components", "encoding_dim")]
    [ValidateRange(1, int.MaxValue)]
    public int ComponentCount { get; set; } = 2;

    [Parameter]
    [Alias("lagtime", "tau")]
    [ValidateRange(1, int.MaxValue)]
    public int Lag { get; set; } = 1;

    protected override IDatasetStage CreateStage() =>
        new NetworkCvStage(EngineHost, WithTraining(new AutoencoderCvOptions { Lag = Lag, ComponentCount = ComponentCount }));
}
