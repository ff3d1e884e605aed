using SoapLens.Pipeline;

namespace SoapLens.IO.Hdf5;

/// <summary>
/// Writes into HDF5 files without ever damaging the file on disk: a new file is written to a
/// temporary path; adding to an existing file copies it, changes the copy, and renames the copy
/// over the original (AtomicFile). An error or cancellation midway leaves the original untouched.
/// </summary>
public static class Hdf5FileWriter
{
    /// <summary>
    /// Creates <paramref name="path"/> or adds to it. <paramref name="check"/> sees the existing file
    /// (read-only) first and throws to refuse (e.g. a group that exists without -Force). A file at
    /// the path that is not HDF5 is replaced only with <paramref name="force"/>.
    /// </summary>
    public static void AddTo(string path, bool force, Action<IHdf5File>? check, Action<IHdf5File> write, CancellationToken cancel = default)
    {
        var full = Path.GetFullPath(path);
        bool existing = File.Exists(full);
        if (Directory.Exists(full))
            throw new SoapLensException("FileExists", ErrorKind.ResourceExists, $"'{path}' is a folder.", path);
        if (existing && !Hdf5Files.IsHdf5File(full))
        {
            if (!force)
                throw new SoapLensException("FileExists", ErrorKind.ResourceExists,
                    $"'{path}' exists and is not an HDF5 file. Use -Force to overwrite it.", path);
            existing = false;
        }
        if (existing && check is not null)
        {
            using var f = Hdf5Files.Open(full);
            check(f);
        }
        cancel.ThrowIfCancellationRequested();
        AtomicFile.WriteFile(full, force: true, tmp =>
        {
            if (existing) File.Copy(full, tmp);
            using var f = existing ? Hdf5Files.Open(tmp, writable: true) : Hdf5Files.Create(tmp);
            write(f);
            cancel.ThrowIfCancellationRequested();
            f.Flush();
        }, cancel);
    }

    /// <summary>
    /// Adds the object <paramref name="target"/> (a group or dataset path) to the file: refused when it
    /// exists unless <paramref name="force"/>, which replaces it; the rest of the file is kept.
    /// </summary>
    public static void AddObject(string path, string target, bool force, Action<IHdf5File> write, CancellationToken cancel = default) =>
        AddTo(path, force,
            check: f => MakeRoom(f, target, force, path, dryRun: true),
            write: f =>
            {
                MakeRoom(f, target, force, path);
                write(f);
            }, cancel);

    /// <summary>
    /// Removes an existing <paramref name="target"/> from a writable file when <paramref name="force"/>, refuses it
    /// otherwise (the message names <paramref name="displayPath"/>, or just "The file"). dryRun: only refuse.
    /// </summary>
    public static void MakeRoom(IHdf5File f, string target, bool force, string? displayPath = null, bool dryRun = false)
    {
        if (f.KindOf(target) is null) return;
        if (!force)
            throw new SoapLensException("Hdf5ObjectExists", ErrorKind.ResourceExists,
                $"{(displayPath is null ? "The file" : $"'{displayPath}'")} already holds '/{target}'. Use -Force to replace it, or -Name to write under another name.",
                (object?)displayPath ?? target);
        if (!dryRun) f.Delete(target);
    }

    /// <summary>The name an object gets when -Name is not given: the source file's name without extension, else <paramref name="fallback"/>.</summary>
    public static string DefaultName(string? sourcePath, string fallback)
    {
        var stem = string.IsNullOrEmpty(sourcePath) ? "" : Path.GetFileNameWithoutExtension(sourcePath);
        return stem.Length == 0 || stem is "." or ".." ? fallback : stem;
    }

    /// <summary>Normalises an object path given by the user ("SOAP/cu211", "/x/") to "SOAP/cu211"; rejects empty names and "." / "..".</summary>
    public static string NormalizeName(string name, string what = "name")
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts.Any(p => p is "." or ".."))
            throw SoapLensException.Argument($"'{name}' is not a usable HDF5 {what}.", name);
        return string.Join('/', parts);
    }
}
