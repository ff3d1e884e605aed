using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SoapLens.PowerShell;

/// <summary>
/// The engine and its third-party libraries live in Dependencies/ so the default load context
/// never probes them by accident. The manifest's RequiredAssemblies loads them up front; this
/// handler resolves any later request for an assembly that sits in that folder.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static readonly string s_dependencies =
        Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".", "Dependencies");

    private static int s_registered;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
            AssemblyLoadContext.Default.Resolving += Resolve;
    }

    private static Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        var candidate = Path.Combine(s_dependencies, name.Name + ".dll");
        return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
    }
}
