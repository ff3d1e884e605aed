using System.Management.Automation;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of the Export cmdlets: one output named by -Path (position 0) or -LiteralPath, -Force to
/// overwrite, -PassThru to emit what was written. Derived cmdlets declare SupportsShouldProcess.
/// </summary>
public abstract class FileWriterCmdlet : SoapLensCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = "";

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The output path as given (-Path or -LiteralPath); the stage resolves it.</summary>
    protected string OutputPath => ParameterSetName == LiteralSet ? LiteralPath : Path;
}
