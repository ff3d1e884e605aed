namespace SoapLens.Tests.Support;

/// <summary>The repository root (the folder holding SoapLens.PowerShell.sln).</summary>
public static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "SoapLens.PowerShell.sln"))) return d.FullName;
        throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
    }
}
