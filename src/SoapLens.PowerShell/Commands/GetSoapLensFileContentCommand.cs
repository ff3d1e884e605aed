using System.Management.Automation;
using SoapLens.IO;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>Lists the groups and datasets of HDF5/H5MD files (SoapLens results, SOAPify databases) or describes .npy/.csv results.</summary>
[Cmdlet(VerbsCommon.Get, "SoapLensFileContent", DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileContentEntry))]
public sealed class GetSoapLensFileContentCommand : FileReaderCmdlet
{
    private GetFileContentStage? _stage;

    protected override void BeginProcessing() =>
        _stage = new GetFileContentStage(EngineHost, new GetFileContentOptions { Format = Format });

    protected override void ProcessRecord() => Run(() =>
    {
        foreach (var (path, literal) in InputPaths()) _stage!.Process(path, literal);
    });
}
