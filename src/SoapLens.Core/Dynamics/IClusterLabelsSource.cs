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
