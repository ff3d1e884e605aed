using System.Management.Automation;
using SoapLens.Data;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of the collective-variable cmdlets (TICA, VAMP score, network CVs): every piped dataset is
/// one trajectory of the same features, by value from the pipeline or at position 0; -ThrottleLimit.
/// </summary>
public abstract class CvCmdlet : DatasetStageCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public IDatasetSource[] InputObject { get; set; } = [];

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected sealed override IDatasetSource[] Inputs => InputObject;
}
