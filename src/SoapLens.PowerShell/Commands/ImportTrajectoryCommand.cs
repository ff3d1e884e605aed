using System.Collections;
using System.Management.Automation;
using SoapLens.Pipeline.Stages;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell.Commands;

/// <summary>Opens trajectory files (extxyz, xyz, LAMMPS dump, GROMACS gro/xtc, HDF5) as lazy Trajectory objects.</summary>
[Cmdlet(VerbsData.Import, "Trajectory", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Trajectory))]
public sealed class ImportTrajectoryCommand : FileReaderCmdlet
{
    private ImportTrajectoryStage? _stage;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Topology { get; set; }

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
    public Hashtable? TypeMap { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        var selection = FrameSelection.FromParameters(Start, Stop, Step, Frame) ?? FrameSelection.All;
        Dictionary<string, string>? map = null;
        if (TypeMap is not null)
        {
            map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry e in TypeMap) map[Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!] = Convert.ToString(e.Value, System.Globalization.CultureInfo.InvariantCulture)!;
        }
        _stage = new ImportTrajectoryStage(EngineHost, new ImportTrajectoryOptions
        {
            Format = Format, TopologyPath = Topology, TypeMap = map, Name = Name, Selection = selection,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var (path, literal) in InputPaths()) _stage!.Process(path, literal);
    });
}
