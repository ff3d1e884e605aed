using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SoapLens.PowerShell.Tests;

/// <summary>
/// "It compiled but PowerShell will reject it" checks over the built module: verbs, output types,
/// pipeline binding, paths, ShouldProcess, manifest exports, format views and help pages.
/// </summary>
public sealed class CmdletContractTests : IClassFixture<CmdletContractTests.Fixture>
{
    public sealed class Fixture : IDisposable
    {
        public CmdletMetadata Metadata { get; } = new();
        public void Dispose() => Metadata.Dispose();
    }

    // Approved verbs (PowerShell's utils/Verbs.cs).
    private static readonly HashSet<string> ApprovedVerbs = new(StringComparer.Ordinal)
    {
        "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join", "Lock", "Move", "New", "Open",
        "Optimize", "Push", "Pop", "Redo", "Remove", "Rename", "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip",
        "Split", "Step", "Switch", "Undo", "Unlock", "Watch", "Backup", "Checkpoint", "Compare", "Compress", "Convert",
        "ConvertFrom", "ConvertTo", "Dismount", "Edit", "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge",
        "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update", "Approve", "Assert", "Build", "Complete",
        "Confirm", "Deny", "Deploy", "Disable", "Enable", "Install", "Invoke", "Register", "Request", "Restart", "Resume",
        "Start", "Stop", "Submit", "Suspend", "Uninstall", "Unregister", "Wait", "Debug", "Measure", "Ping", "Repair",
        "Resolve", "Test", "Trace", "Connect", "Disconnect", "Read", "Receive", "Send", "Write", "Block", "Grant", "Protect",
        "Revoke", "Unblock", "Unprotect", "Use",
    };

    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "ProgressAction", "WhatIf", "Confirm",
    };

    private readonly CmdletMetadata _m;

    public CmdletContractTests(Fixture f) => _m = f.Metadata;

    public static IEnumerable<object[]> CmdletNames()
    {
        using var m = new CmdletMetadata();
        return m.Cmdlets.Select(c => new object[] { c.Name }).ToList();
    }

    private CmdletInfo Get(string name) => _m.Cmdlets.Single(c => c.Name == name);

    [Fact]
    public void The_module_has_cmdlets()
    {
        Assert.Contains(_m.Cmdlets, c => c.Name == "Import-Trajectory");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlet_uses_an_approved_verb_and_declares_an_output_type(string name)
    {
        var c = Get(name);
        Assert.True(c.HasCmdletAttribute, $"{c.Type.Name} has no [Cmdlet] attribute");
        Assert.Contains(c.Verb, ApprovedVerbs);
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", c.Noun);
        Assert.NotEmpty(c.OutputTypes);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlet_class_is_a_sealed_SoapLensCmdlet_in_its_own_file(string name)
    {
        var c = Get(name);
        Assert.True(c.Type.IsSealed, $"{c.Type.Name} must be sealed");
        // Directly, or through abstract bases that share parameter blocks (FileReaderCmdlet, ...).
        var chain = CmdletMetadata.BaseTypes(c.Type);
        int at = chain.FindIndex(t => t.FullName == "SoapLens.PowerShell.SoapLensCmdlet");
        Assert.True(at >= 0, $"{c.Type.Name} does not derive from SoapLensCmdlet");
        foreach (var between in chain.Take(at))
            Assert.True(between.IsAbstract && _m.AbstractCmdlets.Contains(between), $"{c.Type.Name} derives from {between.Name}, which is not an abstract SoapLens cmdlet base");
        Assert.Equal($"{c.Verb}{c.Noun}Command", c.Type.Name);
        var file = Path.Combine(ModuleFolder.RepoRoot, "src", "SoapLens.PowerShell", "Commands", c.Type.Name + ".cs");
        Assert.True(File.Exists(file), $"expected {file}");
        Assert.Single(Regex.Matches(File.ReadAllText(file), @"\[Cmdlet\("));
    }

    [Fact]
    public void Abstract_cmdlet_bases_derive_from_SoapLensCmdlet_and_live_outside_Commands()
    {
        Assert.Contains(_m.AbstractCmdlets, t => t.Name == "SoapLensCmdlet");
        var root = Path.Combine(ModuleFolder.RepoRoot, "src", "SoapLens.PowerShell");
        foreach (var b in _m.AbstractCmdlets)
        {
            Assert.Equal("SoapLens.PowerShell", b.Namespace);
            Assert.DoesNotContain(b.GetCustomAttributesData(), a => a.AttributeType.Name == "CmdletAttribute");
            if (b.Name != "SoapLensCmdlet")
                Assert.Contains(CmdletMetadata.BaseTypes(b), t => t.FullName == "SoapLens.PowerShell.SoapLensCmdlet");
            Assert.True(File.Exists(Path.Combine(root, b.Name + ".cs")), $"expected the abstract base {b.Name} in src/SoapLens.PowerShell/{b.Name}.cs");
            Assert.False(File.Exists(Path.Combine(root, "Commands", b.Name + ".cs")), $"{b.Name} is abstract: it belongs outside Commands/");
            Assert.Single(TypeDeclaration.Matches(File.ReadAllText(Path.Combine(root, b.Name + ".cs"))));
        }
        foreach (var f in Directory.GetFiles(Path.Combine(root, "Commands"), "*.cs"))
            Assert.DoesNotMatch(@"\babstract\s+class\b", File.ReadAllText(f));
    }

    private static readonly Regex TypeDeclaration = new(@"^\s*(?:public\s+|internal\s+)?(?:abstract\s+|sealed\s+|static\s+)*(?:class|record|struct|interface)\s", RegexOptions.Multiline);

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameters_declared_on_abstract_bases_are_parameters_of_the_cmdlet(string name)
    {
        var c = Get(name);
        // PowerShell binds inherited [Parameter] properties like declared ones: the checks here see them too.
        foreach (var b in CmdletMetadata.BaseTypes(c.Type).Where(_m.AbstractCmdlets.Contains))
            foreach (var p in b.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ParameterAttribute")))
                Assert.True(c.Parameters.Any(q => q.Name == p.Name && q.Property.DeclaringType == b), $"{name} does not show -{p.Name} of {b.Name}");
        // One declaration per name: a base parameter redeclared (hidden) in a cmdlet would bind unpredictably.
        foreach (var g in c.Parameters.GroupBy(p => p.Name))
            Assert.Single(g.Select(p => p.Property.DeclaringType).Distinct());
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_parameter_set_binds_exactly_one_parameter_by_value_from_the_pipeline(string name)
    {
        var c = Get(name);
        foreach (var set in c.ParameterSets)
        {
            var byValue = c.InSet(set).Where(p => p.ValueFromPipeline).Select(p => p.Name).Distinct().ToList();
            var byName = c.InSet(set).Where(p => p.ValueFromPipelineByPropertyName).Select(p => p.Name).Distinct().ToList();
            Assert.True(byValue.Count <= 1, $"{name} set '{set}' binds {string.Join(", ", byValue)} by value");
            Assert.True(byValue.Count + byName.Count >= 1, $"{name} set '{set}' takes no pipeline input");
        }
        if (c.DefaultParameterSet is not null && c.ParameterSets[0] != "__AllParameterSets")
            Assert.Contains(c.DefaultParameterSet, c.ParameterSets);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Path_parameters_come_with_LiteralPath_aliased_PSPath(string name)
    {
        var c = Get(name);
        if (!c.Parameters.Any(p => p.Name == "Path")) return;
        var literal = c.Parameters.FirstOrDefault(p => p.Name == "LiteralPath");
        Assert.True(literal is not null, $"{name} has -Path but no -LiteralPath");
        Assert.Contains("PSPath", literal!.Aliases);
        Assert.NotEqual(c.Parameters.First(p => p.Name == "Path").ParameterSet, literal.ParameterSet);
        Assert.Equal("String", c.Parameters.First(p => p.Name == "Path").Property.PropertyType.Name.TrimEnd('[', ']'));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Cmdlets_that_write_files_support_ShouldProcess(string name)
    {
        var c = Get(name);
        bool writes = c.Verb is "Export" or "Out" or "Save" || c.Parameters.Any(p => p.Name == "Force");
        if (writes) Assert.True(c.SupportsShouldProcess, $"{name} writes files but does not support -WhatIf/-Confirm");
        if (c.Verb == "Export")
        {
            Assert.Contains(c.Parameters, p => p.Name == "Force");
            Assert.Contains(c.Parameters, p => p.Name == "PassThru");
        }
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlet_classes()
    {
        var psd1 = File.ReadAllText(Path.Combine(ModuleFolder.RepoRoot, "module", "SoapLens", "SoapLens.psd1"));
        var block = Regex.Match(psd1, @"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);
        Assert.True(block.Success, "CmdletsToExport = @(...) not found");
        var exported = Regex.Matches(block.Groups["list"].Value, "'([^']+)'").Select(m => m.Groups[1].Value).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(_m.Cmdlets.Select(c => c.Name).ToList(), exported);
        Assert.DoesNotContain("*", block.Groups["list"].Value);
        Assert.Matches(@"PowerShellVersion\s*=\s*'7\.4'", psd1);
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Core'\)", psd1);
        foreach (Match m in Regex.Matches(psd1, @"'(Dependencies/[^']+\.dll)'"))
            Assert.True(File.Exists(Path.Combine(ModuleFolder.Path, m.Groups[1].Value)), $"RequiredAssemblies names {m.Groups[1].Value}, missing from the module folder");
    }

    [Fact]
    public void Every_type_named_in_the_format_file_exists()
    {
        var doc = XDocument.Load(Path.Combine(ModuleFolder.RepoRoot, "module", "SoapLens", "SoapLens.Format.ps1xml"));
        var names = doc.Descendants("TypeName").Select(e => e.Value.Trim()).ToList();
        Assert.NotEmpty(names);
        foreach (var n in names)
            Assert.True(_m.CoreAssembly.GetType(n) is not null || _m.Assembly.GetType(n) is not null, $"format file names unknown type {n}");
    }

    [Fact]
    public void Core_does_not_reference_PowerShell()
    {
        Assert.DoesNotContain(_m.CoreAssembly.GetReferencedAssemblies(), a => a.Name == "System.Management.Automation");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_a_help_page_documenting_every_parameter(string name)
    {
        var c = Get(name);
        var page = Path.Combine(ModuleFolder.Docs, name + ".md");
        Assert.True(File.Exists(page), $"missing docs/{name}.md");
        var text = File.ReadAllText(page);
        Assert.Contains($"# {name}", text);
        foreach (var section in new[] { "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES", "## PARAMETERS", "## INPUTS", "## OUTPUTS" })
            Assert.Contains(section, text);
        foreach (var p in c.Parameters.Select(p => p.Name).Distinct())
        {
            var m = Regex.Match(text, $@"^### -{p}\s*$(?<body>.*?)^```yaml(?<yaml>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline);
            Assert.True(m.Success, $"docs/{name}.md does not document -{p} with a yaml block");
            Assert.False(string.IsNullOrWhiteSpace(m.Groups["body"].Value), $"docs/{name}.md: -{p} has no description");
        }
        if (c.SupportsShouldProcess)
        {
            Assert.Contains("### -WhatIf", text);
            Assert.Contains("### -Confirm", text);
        }
        var documented = Regex.Matches(text, @"^### -(\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value)
            .Where(p => !CommonParameters.Contains(p));
        foreach (var d in documented)
            Assert.True(c.Parameters.Any(p => p.Name == d), $"docs/{name}.md documents -{d}, which the cmdlet does not have");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Maml_help_holds_every_cmdlet_parameter_and_example(string name)
    {
        var c = Get(name);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        XNamespace maml = "http://schemas.microsoft.com/maml/2004/10";
        XNamespace dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        var doc = XDocument.Load(Path.Combine(ModuleFolder.Path, "en-US", "SoapLens.PowerShell.dll-Help.xml"));
        var cmd = doc.Root!.Elements(command + "command")
            .SingleOrDefault(e => e.Element(command + "details")?.Element(command + "name")?.Value == name);
        Assert.True(cmd is not null, $"{name} missing from the MAML help");
        Assert.False(string.IsNullOrWhiteSpace(cmd!.Element(command + "details")!.Element(maml + "description")?.Value), "no synopsis");
        var parameters = cmd.Element(command + "parameters")!.Elements(command + "parameter").Select(p => p.Element(maml + "name")!.Value).ToList();
        foreach (var p in c.Parameters.Select(p => p.Name).Distinct()) Assert.Contains(p, parameters);
        var pageExamples = Regex.Matches(File.ReadAllText(Path.Combine(ModuleFolder.Docs, name + ".md")), @"^### Example", RegexOptions.Multiline).Count;
        var examples = cmd.Element(command + "examples")!.Elements(command + "example").ToList();
        Assert.True(examples.Count >= 1, $"{name} has no example");
        Assert.Equal(pageExamples, examples.Count);
        Assert.All(examples, e => Assert.False(string.IsNullOrWhiteSpace(e.Element(dev + "code")?.Value)));
    }
}
