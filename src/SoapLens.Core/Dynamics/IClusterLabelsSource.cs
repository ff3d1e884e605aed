using SoapLens.Learning;

namespace SoapLens.Dynamics;

/// <summary>
/// A result that carries cluster labels keyed by (frame, atom id) (a merge with relabelled labels,
/// a LENS classification...). The dynamics cmdlets accept any object implementing it next to
/// <see cref="ClusterLabels"/> itself, so a new labelled result needs no change in them.
/// </summary>
public interface IClusterLabelsSource
{
    /// <summary>The labels; throws a SoapLensException when the result holds none.</summary>
    ClusterLabels ToClusterLabels();
}

/// <summary>Turns what a user pipes in into cluster labels.</summary>
public static class ClusterLabelsInput
{
    /// <summary>The labels of <paramref name="input"/> (ClusterLabels or any IClusterLabelsSource), or null when it holds none.</summary>
    public static ClusterLabels? TryGet(object? input) => input switch
    {
        ClusterLabels l => l,
        IClusterLabelsSource s => s.ToClusterLabels(),
        _ => null,
    };

    /// <summary>Like <see cref="TryGet"/>, but a source that holds no labels (a merge made without them) gives null instead of an error.</summary>
    public static ClusterLabels? TryGetOrNull(object? input)
    {
        try { return TryGet(input); }
        catch (Pipeline.SoapLensException) { return null; }
    }

    /// <summary>Like <see cref="TryGet"/> but refuses other input with a clear error.</summary>
    public static ClusterLabels Get(object? input, string what = "input") => TryGet(input) ?? throw new Pipeline.SoapLensException(
        "InputNotLabelled", Pipeline.ErrorKind.InvalidArgument,
        $"The {what} ({input?.GetType().Name ?? "null"}) holds no cluster labels; pass ClusterLabels from a clustering cmdlet (Invoke-Hdbscan, Invoke-GaussianMixture...) or a merge made with -Labels.",
        input);
}
