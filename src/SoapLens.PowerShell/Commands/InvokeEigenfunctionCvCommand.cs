using System.Management.Automation;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Learns transfer-operator eigenfunctions with a small network trained on a variational (VAMP-2 or Rayleigh) loss.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "EigenfunctionCv")]
[OutputType(typeof(EigenfunctionCvResult))]
public sealed class InvokeEigenfunctionCvCommand : NetworkCvCmdlet
{
    public InvokeEigenfunctionCvCommand() : base(batchSize: 1000) { }

    [Parameter(Position = 1)]
    [Alias("lagtime", "tau")]
    [ValidateRange(1, int.MaxValue)]
    public int Lag { get; set; } = 1;

    [Parameter]
    [Alias("dim", "n_components")]
    [ValidateRange(1, int.MaxValue)]
    public int ComponentCount { get; set; } = 2;

    [Parameter]
    public VariationalLoss Loss { get; set; } = VariationalLoss.Vamp2;

    protected override IDatasetStage CreateStage() =>
        new NetworkCvStage(EngineHost, WithTraining(new EigenfunctionCvOptions { Lag = Lag, ComponentCount = ComponentCount, Loss = Loss }));
}
