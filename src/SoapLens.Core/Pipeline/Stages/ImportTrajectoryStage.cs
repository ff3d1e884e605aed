using SoapLens.Trajectories;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Import-Trajectory.</summary>
public sealed record ImportTrajectoryOptions
{
    public string? Format { get; init; }
    public string? TopologyPath { get; init; }
    public IReadOnlyDictionary<string, string>? TypeMap { get; init; }
    public string? Name { get; init; }
    public FrameSelection Selection { get; init; } = FrameSelection.All;
}

/// <summary>
/// Opens each resolved path as a <see cref="Trajectory"/>. A bad file is a non-terminating error;
/// the other files of the same call are still read.
/// </summary>
public sealed class ImportTrajectoryStage : Stage
{
    private readonly ImportTrajectoryOptions _options;

    public ImportTrajectoryStage(IPipelineHost host, ImportTrajectoryOptions options) : base(host) => _options = options;

    public override void Begin() => _options.Selection.Validate();

    /// <summary>Resolves and opens every file that <paramref name="path"/> names.</summary>
    public void Process(string path, bool literal)
    {
        if (ResolveInputFiles(path, literal) is not { } files) return;
        string? topology = null;
        if (_options.TopologyPath is not null)
        {
            if (ResolveInputFiles(_options.TopologyPath, literal: true) is not { } top) return;
            topology = top[0];
        }
        var readOptions = new TrajectoryReadOptions { TopologyPath = topology, TypeMap = _options.TypeMap, Name = _options.Name };
        ForEachFile(files, file =>
        {
            var t = Trajectory.Open(file, _options.Format, readOptions, _options.Selection);
            Host.WriteVerbose($"Opened {t}.");
            WarnIfNoSpecies(t);
            Host.Emit(t);
        });
    }

    /// <summary>Species filters and SOAP need elements: say how to get them when a file gives none.</summary>
    private void WarnIfNoSpecies(Trajectory t)
    {
        var top = t.Topology;
        if (top.AtomCount == 0 || top.Species.Any(s => s is not null)) return;
        var names = top.Names.Distinct().Take(6).ToArray();
        Host.WriteWarning(t.FormatName switch
        {
            "lammpsdump" => $"'{t.Name}' gives no element for LAMMPS types {string.Join(", ", names)}; pass -TypeMap @{{ {names[0]} = 'Cu' }} (species filters and SOAP need elements).",
            "xtc" => $"'{t.Name}' carries no atom names; pass -Topology (e.g. the matching .gro) to get species.",
            _ => $"No atom of '{t.Name}' has a chemical element (names: {string.Join(", ", names)}).",
        });
    }
}
