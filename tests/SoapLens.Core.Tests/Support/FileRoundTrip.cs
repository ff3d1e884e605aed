using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Dynamics;

/// <summary>Writes a result to a file of the format its extension names and reads it back as a typed result.</summary>
internal static class FileRoundTrip
{
    public static T Through<T>(IBundleConvertible result, string file, ExportOptions? options = null, Action<string>? inspect = null)
    {
        using var tmp = new TempDir();
        var path = tmp.File(file);
        var format = DataFormats.Resolve(path, null);
        format.Write(result.ToBundle(), path, options ?? new ExportOptions(), CancellationToken.None);
        inspect?.Invoke(path);
        return Assert.IsType<T>(ResultRegistry.FromBundle(format.Read(path, new ImportOptions(), CancellationToken.None)));
    }
}
