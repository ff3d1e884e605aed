using SoapLens.Pipeline;

namespace SoapLens.IO;

/// <summary>
/// Every file SoapLens writes goes through here: the content is written to a temporary file in
/// the target folder and renamed over the target only when complete, so an interrupted or failed
/// write never leaves a half file in place of an existing one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Throws a ResourceExists error when <paramref name="path"/> exists and <paramref name="force"/> is off.</summary>
    public static void EnsureWritable(string path, bool force)
    {
        if (!force && (File.Exists(path) || Directory.Exists(path)))
            throw new SoapLensException("FileExists", ErrorKind.ResourceExists,
                $"'{path}' already exists. Use -Force to overwrite it.", path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null && !Directory.Exists(dir))
            throw new SoapLensException("DirectoryNotFound", ErrorKind.ObjectNotFound,
                $"Cannot write '{path}': the folder '{dir}' does not exist.", path);
    }

    /// <summary>A temporary name next to <paramref name="path"/> (same file system, so rename is atomic).</summary>
    public static string TempPathFor(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Writes through a stream into a temp file, then renames it over <paramref name="path"/>.</summary>
    public static void Write(string path, bool force, Action<Stream> write, CancellationToken cancel = default)
    {
        WriteFile(path, force, tmp =>
        {
            using var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(fs);
            fs.Flush(true);
        }, cancel);
    }

    /// <summary>
    /// Lets <paramref name="writeTemp"/> create the temp file itself (native libraries such as
    /// libhdf5 need a path, not a stream), then renames it over <paramref name="path"/>.
    /// </summary>
    public static void WriteFile(string path, bool force, Action<string> writeTemp, CancellationToken cancel = default)
    {
        EnsureWritable(path, force);
        var tmp = TempPathFor(path);
        try
        {
            writeTemp(tmp);
            cancel.ThrowIfCancellationRequested();
            File.Move(tmp, path, overwrite: force);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes a whole folder (e.g. a report) into a temp folder, then moves it into place.</summary>
    public static void WriteDirectory(string path, bool force, Action<string> writeTemp, CancellationToken cancel = default)
    {
        EnsureWritable(path, force);
        var tmp = TempPathFor(path);
        Directory.CreateDirectory(tmp);
        try
        {
            writeTemp(tmp);
            cancel.ThrowIfCancellationRequested();
            string? backup = null;
            if (Directory.Exists(path))
            {
                backup = TempPathFor(path) + ".old";
                Directory.Move(path, backup);
            }
            else if (File.Exists(path))
            {
                backup = TempPathFor(path) + ".old";
                File.Move(path, backup);
            }
            Directory.Move(tmp, path);
            if (backup is not null)
            {
                if (Directory.Exists(backup)) Directory.Delete(backup, true); else TryDelete(backup);
            }
        }
        catch
        {
            try { if (Directory.Exists(tmp)) Directory.Delete(tmp, true); } catch { }
            throw;
        }
    }

    private static void TryDelete(string p)
    {
        try { if (File.Exists(p)) File.Delete(p); } catch { }
    }
}
