using System.Management.Automation;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of Invoke-Tica and Measure-VampScore: one fit per -Lag (position 1) on the pooled
/// time-lagged pairs, with the same -ComponentCount and -Regularization.
/// </summary>
public abstract class LagScanCmdlet : CvCmdlet
{
    [Parameter(Position = 1)]
    [Alias("lagtime", "tau")]
    [ValidateRange(1, int.MaxValue)]
    public int[] Lag { get; set; } = [1];

    [Parameter]
    [Alias("dim", "n_components")]
    [ValidateRange(1, int.MaxValue)]
    public int ComponentCount { get; set; }

    [Parameter]
    [Alias("epsilon")]
    [ValidateRange(0.0, double.MaxValue)]
    public double Regularization { get; set; } = 1e-10;

    /// <summary>-ComponentCount when given, else null (the method's own choice).</summary>
    protected int? ComponentCountIfBound => MyInvocation.BoundParameters.ContainsKey(nameof(ComponentCount)) ? ComponentCount : null;
}
