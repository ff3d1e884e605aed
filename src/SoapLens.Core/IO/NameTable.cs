using System.Text;

namespace SoapLens.IO;

/// <summary>
/// Turns the short names of an atom line (species, LAMMPS types, GROMACS atom names) into shared
/// strings, so a reader does not allocate one string per atom per frame. Names up to 7 bytes are
/// keyed by their bytes packed into a 64-bit integer; longer names are decoded each time.
/// </summary>
internal sealed class NameTable
{
    private readonly Dictionary<ulong, string> _names = new();

    public string Get(ReadOnlySpan<byte> name)
    {
        if (name.Length > 7) return Encoding.UTF8.GetString(name);
        ulong key = (ulong)name.Length << 56;
        for (int i = 0; i < name.Length; i++) key |= (ulong)name[i] << (8 * i);
        if (!_names.TryGetValue(key, out var s))
        {
            s = Encoding.UTF8.GetString(name);
            _names[key] = s;
        }
        return s;
    }
}
