using System.Management.Automation;
using SoapLens.Data;
using SoapLens.Pipeline.Stages;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>Writes a trajectory as extended XYZ or a LAMMPS dump, with extra per-atom columns (cluster labels, LENS, PCA scores), or into a SOAPify HDF5 database.</summary>
[Cmdlet(VerbsData.Export, "Trajectory", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(Trajectory))]
public sealed class ExportTrajectoryCommand : FileWriterCmdlet
{
    private ExportTrajectoryStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Trajectory? InputObject { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    [Parameter]
    [ValidateNotNull]
    [Alias("Columns")]
    public IPerAtomColumns[]? Column { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Start { get; set; }

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Stop { get; set; } = -1;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [Alias("Stride")]
    public int Step { get; set; } = 1;

    [Parameter]
    [Alias("Frames")]
    public int[]? Frame { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        _stage = new ExportTrajectoryStage(EngineHost, new ExportTrajectoryOptions
        {
            Path = OutputPath,
            Format = Format,
            Columns = Column ?? [],
            Selection = FrameSelection.FromParameters(Start, Stop, Step, Frame),
            WriteOptions = new TrajectoryWriteOptions { Name = Name },
            Force = Force,
            PassThru = PassThru,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(InputObject));
}
