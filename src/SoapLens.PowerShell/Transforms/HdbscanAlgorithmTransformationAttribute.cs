using System.Management.Automation;
using SoapLens.Learning;

namespace SoapLens.PowerShell.Transforms;

/// <summary>
/// Lets -Algorithm take hdbscan's spelling 'boruvka_kdtree' besides the enum names (Exact,
/// HdbscanBoruvkaKdTree); anything else binds as an enum value would.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class HdbscanAlgorithmTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var input = PSObjects.Unwrap(inputData);
        return input is string s && s.Trim().Equals("boruvka_kdtree", StringComparison.OrdinalIgnoreCase)
            ? HdbscanAlgorithm.HdbscanBoruvkaKdTree
            : input;
    }
}
