using System.Reflection;
using System.Runtime.InteropServices;

namespace SoapLens.PowerShell.Tests;

/// <summary>
/// The cmdlet assembly of the built module (out/SoapLens) read with MetadataLoadContext: attribute
/// values come from metadata, so the hollow PowerShellStandard stub cannot distort them.
/// </summary>
public sealed class CmdletMetadata : IDisposable
{
    public CmdletMetadata()
    {
        var paths = new List<string>();
        paths.AddRange(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"));
        paths.AddRange(Directory.GetFiles(Path.Combine(ModuleFolder.Path, "Dependencies"), "*.dll"));
        paths.Add(Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll"));
        paths.Add(Path.Combine(ModuleFolder.Path, "SoapLens.PowerShell.dll"));
        Context = new MetadataLoadContext(new PathAssemblyResolver(paths.Distinct()));
        Assembly = Context.LoadFromAssemblyPath(Path.Combine(ModuleFolder.Path, "SoapLens.PowerShell.dll"));
        CoreAssembly = Context.LoadFromAssemblyPath(Path.Combine(ModuleFolder.Path, "Dependencies", "SoapLens.Core.dll"));
        var cmdletBase = Context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, "System.Management.Automation.dll"))
            .GetType("System.Management.Automation.Cmdlet")!;
        Cmdlets = Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && cmdletBase.IsAssignableFrom(t))
            .Select(t => new CmdletInfo(t))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        AbstractCmdlets = Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsAbstract && cmdletBase.IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    public MetadataLoadContext Context { get; }
    public Assembly Assembly { get; }
    public Assembly CoreAssembly { get; }
    public List<CmdletInfo> Cmdlets { get; }

    /// <summary>SoapLensCmdlet and the abstract bases that share parameter blocks between cmdlets.</summary>
    public List<Type> AbstractCmdlets { get; }

    /// <summary>The base types of <paramref name="type"/>, nearest first, up to System.Object.</summary>
    public static List<Type> BaseTypes(Type type)
    {
        var chain = new List<Type>();
        for (var t = type.BaseType; t is not null; t = t.BaseType) chain.Add(t);
        return chain;
    }

    public void Dispose() => Context.Dispose();
}

/// <summary>What the contract tests need to know about one cmdlet class.</summary>
public sealed class CmdletInfo
{
    public CmdletInfo(Type type)
    {
        Type = type;
        var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "CmdletAttribute");
        Verb = cmdlet?.ConstructorArguments[0].Value as string ?? "";
        Noun = cmdlet?.ConstructorArguments[1].Value as string ?? "";
        SupportsShouldProcess = cmdlet?.NamedArguments.Any(n => n.MemberName == "SupportsShouldProcess" && (bool)n.TypedValue.Value!) ?? false;
        DefaultParameterSet = cmdlet?.NamedArguments.FirstOrDefault(n => n.MemberName == "DefaultParameterSetName").TypedValue.Value as string;
        HasCmdletAttribute = cmdlet is not null;
        OutputTypes = type.GetCustomAttributesData().Where(a => a.AttributeType.Name == "OutputTypeAttribute").ToList();
        // Public | Instance includes the [Parameter] properties inherited from abstract bases.
        Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .SelectMany(p => p.GetCustomAttributesData().Where(a => a.AttributeType.Name == "ParameterAttribute").Select(a => new ParameterInfo2(p, a)))
            .ToList();
    }

    public Type Type { get; }
    public bool HasCmdletAttribute { get; }
    public string Verb { get; }
    public string Noun { get; }
    public string Name => $"{Verb}-{Noun}";
    public bool SupportsShouldProcess { get; }
    public string? DefaultParameterSet { get; }
    public List<CustomAttributeData> OutputTypes { get; }
    public List<ParameterInfo2> Parameters { get; }

    /// <summary>Parameter sets that exist (named ones, or the implicit all-sets when none is named).</summary>
    public IReadOnlyList<string> ParameterSets
    {
        get
        {
            var named = Parameters.Select(p => p.ParameterSet).OfType<string>().Distinct().ToList();
            return named.Count == 0 ? ["__AllParameterSets"] : named;
        }
    }

    public IEnumerable<ParameterInfo2> InSet(string set) =>
        Parameters.Where(p => p.ParameterSet is null || p.ParameterSet == set || set == "__AllParameterSets");

    public override string ToString() => Name;
}

/// <summary>One [Parameter] attribute on a property (a property may carry one per parameter set).</summary>
public sealed class ParameterInfo2
{
    public ParameterInfo2(PropertyInfo property, CustomAttributeData attribute)
    {
        Property = property;
        bool Named(string n) => attribute.NamedArguments.Any(a => a.MemberName == n && a.TypedValue.Value is true);
        ParameterSet = attribute.NamedArguments.FirstOrDefault(a => a.MemberName == "ParameterSetName").TypedValue.Value as string;
        Mandatory = Named("Mandatory");
        ValueFromPipeline = Named("ValueFromPipeline");
        ValueFromPipelineByPropertyName = Named("ValueFromPipelineByPropertyName");
        Aliases = property.GetCustomAttributesData().Where(a => a.AttributeType.Name == "AliasAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(c => c.Value is IEnumerable<CustomAttributeTypedArgument> arr
                ? arr.Select(x => (string)x.Value!) : [(string)c.Value!]))
            .ToList();
    }

    public PropertyInfo Property { get; }
    public string Name => Property.Name;
    public string? ParameterSet { get; }
    public bool Mandatory { get; }
    public bool ValueFromPipeline { get; }
    public bool ValueFromPipelineByPropertyName { get; }
    public List<string> Aliases { get; }
}
