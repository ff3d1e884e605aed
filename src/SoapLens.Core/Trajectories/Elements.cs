namespace SoapLens.Trajectories;

/// <summary>Chemical element symbols and atomic numbers (species lists are sorted by Z, as dscribe does).</summary>
public static class Elements
{
    private static readonly string[] Symbols =
    [
        "X", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
        "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
        "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
        "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ];

    private static readonly Dictionary<string, int> s_z =
        Symbols.Select((s, i) => (s, i)).Skip(1).ToDictionary(t => t.s, t => t.i, StringComparer.OrdinalIgnoreCase);

    /// <summary>Atomic number of a symbol, or 0 when it is not an element.</summary>
    public static int AtomicNumber(string? symbol) =>
        symbol is not null && s_z.TryGetValue(symbol, out var z) ? z : 0;

    public static bool IsElement(string? symbol) => AtomicNumber(symbol) > 0;

    /// <summary>Canonical capitalisation ("CU" → "Cu"), or null when not an element.</summary>
    public static string? Normalize(string? symbol)
    {
        int z = AtomicNumber(symbol);
        return z > 0 ? Symbols[z] : null;
    }

    public static string Symbol(int z) => z > 0 && z < Symbols.Length ? Symbols[z] : throw new ArgumentOutOfRangeException(nameof(z));

    /// <summary>
    /// Element inferred from an atom name the way MDAnalysis guesses it for water models:
    /// OW → O, HW1 → H, CA → C (first letter when the two-letter guess is not an element in a
    /// name that carries digits). Virtual sites (MW, MW3, LP, EP, DUMMY) get none.
    /// </summary>
    public static string? FromAtomName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var n = name.Trim();
        var upper = n.ToUpperInvariant();
        if (upper.StartsWith("MW", StringComparison.Ordinal) || upper.StartsWith("LP", StringComparison.Ordinal) ||
            upper.StartsWith("EP", StringComparison.Ordinal) || upper.StartsWith("DUM", StringComparison.Ordinal) ||
            upper.StartsWith("VS", StringComparison.Ordinal))
            return null;
        var letters = new string(n.TakeWhile(char.IsLetter).ToArray());
        if (letters.Length == 0) return null;
        // Exact element symbol (e.g. "Cu", "Au", "Na").
        if (IsElement(letters) && letters.Length <= 2) return Normalize(letters);
        // Water-like and biomolecular names: the first letter decides (OW, HW1, CA=C alpha).
        return Normalize(letters[..1]);
    }
}
