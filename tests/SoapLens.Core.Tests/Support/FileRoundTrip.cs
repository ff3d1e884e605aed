using SoapLens.Data;
using SoapLens.IO;

namespace SoapLens.Tests.Support;

/// <summary>Writes a result to a file of the format its extension names and reads it back through the result registry.</summary>
internal static class FileRoundTrip
{
    /// <param name="inspect">Sees the written file before it is read back (raw .npy checks).</param>
    public static object Through(IBundleConvertible result, string file, ExportOptions? options = null, Action<string>? inspect = null)
    {
        using var tmp = new TempDir();
        var path = tmp.File(file);
        var format = DataFormats.Resolve(path, null);
        format.Write(result.ToBundle(), path, options ?? new ExportOptions(), CancellationToken.None);
        inspect?.Invoke(path);
        return ResultRegistry.FromBundle(format.Read(path, new ImportOptions(), CancellationToken.None));
    }

    public static T Through<T>(IBundleConvertible result, string file, ExportOptions? options = null, Action<string>? inspect = null) =>
        Assert.IsType<T>(Through(result, file, options, inspect));
}
