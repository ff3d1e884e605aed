namespace SoapLens.Tests.Support;

/// <summary>
/// Locates ../shared/data (trajectories and reference outputs). Order: the SOAPLENS_SHARED_DATA
/// variable, a "shared/data" folder beside any parent of the test assembly's folder, then
/// /work/shared/data. Tests that need it fail with a clear message when it is missing.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> s_root = new(Find);

    public static string Root => s_root.Value ?? throw new InvalidOperationException(
        "Cannot find the shared data folder (../shared/data). Set SOAPLENS_SHARED_DATA to its path.");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Trajectory(params string[] parts) => System.IO.Path.Combine([Root, "trajectories", .. parts]);

    public static string Reference(params string[] parts) => System.IO.Path.Combine([Root, "reference", .. parts]);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("SOAPLENS_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return Directory.Exists("/work/shared/data") ? "/work/shared/data" : null;
    }
}
