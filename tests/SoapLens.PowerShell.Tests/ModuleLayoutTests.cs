namespace SoapLens.PowerShell.Tests;

public class ModuleLayoutTests
{
    [Fact]
    public void Build_lays_out_an_importable_module()
    {
        var root = ModuleFolder.Path;
        Assert.True(File.Exists(Path.Combine(root, "SoapLens.psd1")));
        Assert.True(File.Exists(Path.Combine(root, "SoapLens.PowerShell.dll")));
        Assert.True(File.Exists(Path.Combine(root, "SoapLens.Format.ps1xml")));
        Assert.True(File.Exists(Path.Combine(root, "en-US", "SoapLens.PowerShell.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(root, "Dependencies", "SoapLens.Core.dll")));
        Assert.False(File.Exists(Path.Combine(root, "System.Management.Automation.dll")));
        Assert.False(File.Exists(Path.Combine(root, "Dependencies", "System.Management.Automation.dll")));
        var psd1 = File.ReadAllText(Path.Combine(root, "SoapLens.psd1"));
        Assert.DoesNotContain("{{ModuleVersion}}", psd1);
    }
}
