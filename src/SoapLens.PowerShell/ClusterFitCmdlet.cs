using System.Management.Automation;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of Invoke-GaussianMixture and Invoke-KMeans: a "Fit" set with scikit-learn's restart and
/// convergence parameters, a "Model" set (the derived -Model) that labels with a fitted model, and
/// -ThrottleLimit. The defaults differ per method and are set by the derived constructor.
/// </summary>
public abstract class ClusterFitCmdlet : WholeDatasetCmdlet
{
    protected const string FitSet = "Fit";
    protected const string ModelSet = "Model";

    protected ClusterFitCmdlet(int initCount, int maxIterations, double tolerance)
    {
        InitCount = initCount;
        MaxIterations = maxIterations;
        Tolerance = tolerance;
    }

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("n_init")]
    public int InitCount { get; set; }

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(1, int.MaxValue)]
    [Alias("max_iter")]
    public int MaxIterations { get; set; }

    [Parameter(ParameterSetName = FitSet)]
    [ValidateRange(0.0, double.MaxValue)]
    [Alias("tol")]
    public double Tolerance { get; set; }

    [Parameter(ParameterSetName = FitSet)]
    [Alias("random_state")]
    public uint Seed { get; set; }

    [Parameter]
    [ValidateRange(0, 1024)]
    [Alias("n_jobs")]
    public int ThrottleLimit { get; set; }
}
