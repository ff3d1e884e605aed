using SoapLens.Data;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// Export-Trajectory to .hdf5/.h5: a SOAPify trajectory group <c>/Trajectories/&lt;name&gt;</c> written by
/// <see cref="SoapifyTrajectoryWriter"/> (name = -Name, else the source file's name without extension).
/// A container format: the stage hands over a copy of an existing file, to which the group is added;
/// a group of the same name is replaced only with -Force.
/// </summary>
public sealed class SoapifyTrajectoryExport : TrajectoryWriter
{
    public override string Name => "hdf5";
    public override IReadOnlyList<string> Extensions { get; } = [".hdf5", ".h5"];
    public override bool AddsToExistingFile => true;

    public static string GroupName(Trajectory trajectory, TrajectoryWriteOptions options) =>
        options.Name ?? Hdf5FileWriter.DefaultName(trajectory.Path, "trajectory");

    public override void Write(string path, Trajectory trajectory, IEnumerable<Frame> frames, IReadOnlyList<IPerAtomColumns> columns,
        TrajectoryWriteOptions options, CancellationToken cancel)
    {
        if (columns.Count > 0)
            throw SoapLensException.Argument(
                "A SOAPify trajectory database holds positions, boxes and types only, so -Column cannot go into it; " +
                "export to extxyz or a LAMMPS dump, or save the columns with Export-SoapLensData.");
        var target = SoapifyTrajectoryWriter.GroupPath(GroupName(trajectory, options));
        bool existing = File.Exists(path);
        if (existing && !Hdf5Files.IsHdf5File(path))
        {
            if (!options.Force)
                throw new SoapLensException("FileExists", ErrorKind.ResourceExists, "The file exists and is not an HDF5 file. Use -Force to overwrite it.", path);
            File.Delete(path);
            existing = false;
        }
        using var f = existing ? Hdf5Files.Open(path, writable: true) : Hdf5Files.Create(path);
        Hdf5FileWriter.MakeRoom(f, target, options.Force);
        SoapifyTrajectoryWriter.Write(f, target, frames, cancel: cancel);
        f.Flush();
    }
}
