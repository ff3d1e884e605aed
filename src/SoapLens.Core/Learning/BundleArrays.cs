using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning;

/// <summary>
/// Model arrays that must survive a single-array export (.npy/.csv keep the exported variable and the
/// attributes only) are written both as variables (for -Array) and as attributes; reading takes
/// whichever is present.
/// </summary>
internal static class BundleArrays
{
    public static void AddWithCopy(DataBundle b, string name, double[] values, int[] shape, params string[] dims)
    {
        b.Add(name, NdArray.Of(values, shape), dims);
        b.Attributes[name] = values;
    }

    public static double[] Get(DataBundle b, string name) =>
        b.Find(name)?.Values.ToDoubleArray() ?? b.GetDoubles(name)
        ?? throw new SoapLensException("BundleInvalid", ErrorKind.InvalidData, $"The {b.Kind} data hold no '{name}' array.", b.Kind);
}
