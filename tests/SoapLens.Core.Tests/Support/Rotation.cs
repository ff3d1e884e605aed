namespace SoapLens.Tests.Support;

/// <summary>Rotation matrices for the invariance tests.</summary>
internal static class Rotation
{
    /// <summary>The row-major 3 × 3 rotation of the quaternion (w, x, y, z), normalised first.</summary>
    public static double[] FromQuaternion(double w, double x, double y, double z)
    {
        double n = Math.Sqrt(w * w + x * x + y * y + z * z);
        w /= n; x /= n; y /= n; z /= n;
        return
        [
            1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y),
            2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
            2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y),
        ];
    }
}
