using System.Management.Automation;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of the cmdlets that read files named by -Path (wildcards, by value from the pipeline) or
/// -LiteralPath (by the PSPath property of Get-ChildItem output), with a -Format that overrides
/// the format chosen from the file.
/// </summary>
public abstract class FileReaderCmdlet : SoapLensCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Format { get; set; }

    /// <summary>The paths of this record, each with whether it is literal (no wildcard expansion).</summary>
    protected IEnumerable<(string Path, bool Literal)> InputPaths()
    {
        bool literal = ParameterSetName == LiteralSet;
        foreach (var p in literal ? LiteralPath : Path) yield return (p, literal);
    }
}
