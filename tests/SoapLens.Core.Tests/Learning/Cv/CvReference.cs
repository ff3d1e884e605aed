using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>Loads the cv reference case (../shared/data/reference/cv) and builds its feature sets.</summary>
internal static class CvReference
{
    public const int Lag = 10;

    public static string File(string name) => SharedData.Reference("cv", name);

    public static double[] Array(string name) => Npy.Load(File(name + ".npy")).ToDoubleArray();

    public static double Scalar(string name) => Array(name)[0];

    /// <summary>(20000, 2) positions x, y of "doublewell" or "triplewell".</summary>
    public static double[] Trajectory(string system) => Array($"{system}_traj");

    /// <summary>"xy" → [x, y]; "poly" → [x, y, x·x, y·y, x·y], row-major.</summary>
    public static Dataset Features(string system, string features)
    {
        var xy = Trajectory(system);
        int n = xy.Length / 2;
        if (features == "xy") return Dataset.FromMatrix(xy, n, 2, $"{system}_xy");
        var v = new double[n * 5];
        for (int i = 0; i < n; i++)
        {
            double x = xy[2 * i], y = xy[2 * i + 1];
            v[5 * i] = x; v[5 * i + 1] = y; v[5 * i + 2] = x * x; v[5 * i + 3] = y * y; v[5 * i + 4] = x * y;
        }
        return Dataset.FromMatrix(v, n, 5, $"{system}_poly");
    }

    public static double MaxAbs(ReadOnlySpan<double> a)
    {
        double m = 0;
        foreach (var x in a) m = Math.Max(m, Math.Abs(x));
        return m;
    }

    /// <summary>max |a − b| / max(|b|, tiny).</summary>
    public static double RelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double e = 0;
        for (int i = 0; i < actual.Length; i++) e = Math.Max(e, Math.Abs(actual[i] - expected[i]));
        return e / Math.Max(MaxAbs(expected), 1e-300);
    }

    public static double AbsoluteError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double e = 0;
        for (int i = 0; i < actual.Length; i++) e = Math.Max(e, Math.Abs(actual[i] - expected[i]));
        return e;
    }

    public static IEnumerable<object[]> Cases() =>
        from s in new[] { "doublewell", "triplewell" }
        from f in new[] { "xy", "poly" }
        select new object[] { s, f };
}
