using System.Management.Automation;

namespace SoapLens.PowerShell;

/// <summary>PowerShell hands values over wrapped in a PSObject; the engine wants the objects themselves.</summary>
internal static class PSObjects
{
    public static object? Unwrap(object? value) => value is PSObject p ? p.BaseObject : value;
}
