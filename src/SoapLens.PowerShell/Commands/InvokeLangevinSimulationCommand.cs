using System.Management.Automation;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Overdamped Langevin dynamics (Euler–Maruyama) on the double-well or triple-well benchmark potential.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "LangevinSimulation")]
[OutputType(typeof(LangevinTrajectory))]
public sealed class InvokeLangevinSimulationCommand : SoapLensCmdlet
{
    private LangevinStage? _stage;

    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateSet("DoubleWell", "TripleWell")]
    public string[] Potential { get; set; } = ["DoubleWell"];

    [Parameter]
    [Alias("n_steps")]
    [ValidateRange(1L, long.MaxValue)]
    public long Steps { get; set; } = 200_000;

    [Parameter]
    [Alias("dt")]
    [ValidateRange(1e-12, 1.0)]
    public double TimeStep { get; set; } = 1e-3;

    [Parameter]
    [Alias("inverse_temperature")]
    [ValidateRange(1e-12, double.MaxValue)]
    public double Beta { get; set; }

    [Parameter]
    [Alias("kT")]
    [ValidateRange(1e-12, double.MaxValue)]
    public double Temperature { get; set; }

    [Parameter]
    [Alias("random_state")]
    public long Seed { get; set; } = 1234;

    [Parameter]
    [Alias("stride", "save_stride")]
    [ValidateRange(1, int.MaxValue)]
    public int SaveEvery { get; set; } = 10;

    [Parameter]
    [Alias("x0")]
    [ValidateCount(2, 2)]
    public double[] Start { get; set; } = [-1.0, 0.0];

    protected override void BeginProcessing() => Run(() =>
    {
        bool beta = MyInvocation.BoundParameters.ContainsKey(nameof(Beta));
        bool temperature = MyInvocation.BoundParameters.ContainsKey(nameof(Temperature));
        if (beta && temperature)
            throw SoapLensException.Argument("Give either -Beta or -Temperature (kT = 1/Beta), not both.");
        _stage = new LangevinStage(EngineHost, new LangevinOptions
        {
            Steps = Steps, TimeStep = TimeStep, Seed = Seed, SaveEvery = SaveEvery, StartX = Start[0], StartY = Start[1],
            Beta = beta ? Beta : temperature ? 1.0 / Temperature : null,
        });
    });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var p in Potential) _stage!.Process(p);
    });
}
