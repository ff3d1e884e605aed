using System.Management.Automation;
using SoapLens.Data;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of the cmdlets that analyse all piped rows at once (PCA, thresholds, clustering): datasets
/// by value from the pipeline or by the named -InputObject (position 0 is the cmdlet's own).
/// </summary>
public abstract class WholeDatasetCmdlet : DatasetStageCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    protected sealed override IDatasetSource[] Inputs => InputObject;
}
