namespace SoapLens.PowerShell.Tests;

/// <summary>Paths of the repository and of the module the build lays out in out/SoapLens.</summary>
public static class ModuleFolder
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Path => System.IO.Path.Combine(RepoRoot, "out", "SoapLens");

    public static string Docs => System.IO.Path.Combine(RepoRoot, "docs");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(System.IO.Path.Combine(d.FullName, "SoapLens.PowerShell.sln"))) return d.FullName;
        throw new InvalidOperationException("Cannot find the repository root from " + AppContext.BaseDirectory);
    }
}
