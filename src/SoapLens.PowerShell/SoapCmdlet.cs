using System.Management.Automation;
using SoapLens.Pipeline.Stages;
using SoapLens.PowerShell.Transforms;
using SoapLens.Trajectories;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of Get-SoapSpectrum and Get-TimeSoap: the SOAP parameters they share (dscribe's names as
/// aliases). -RCut stays with each cmdlet: mandatory at position 0 for spectra, optional for time-SOAP.
/// </summary>
public abstract class SoapCmdlet : SoapLensCmdlet
{
    [Parameter]
    [Alias("n_max")]
    public int NMax { get; set; } = 8;

    [Parameter]
    [Alias("l_max")]
    public int LMax { get; set; } = 8;

    [Parameter]
    public double Sigma { get; set; } = 1.0;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Species { get; set; }

    [Parameter]
    [Alias("Centre", "Centers", "Centres")]
    [AtomSelectionTransformation]
    public AtomSelection? Center { get; set; }

    [Parameter]
    public SwitchParameter NonPeriodic { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    /// <summary>The SOAP options of the shared parameters with the cmdlet's cutoff.</summary>
    protected SoapSpectrumOptions SoapOptions(double rCut) => new()
    {
        RCut = rCut, NMax = NMax, LMax = LMax, Sigma = Sigma, Species = Species, Centers = Center,
        NonPeriodic = NonPeriodic, ThrottleLimit = ThrottleLimit,
    };
}
