using System.Globalization;
using SoapLens.Data;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.Descriptors;

/// <summary>
/// The definition of a SOAP power spectrum (dscribe 2.1.x, GTO radial basis): radial cutoff r_cut
/// (Å), n_max radial and l_max angular channels, Gaussian width σ (Å) and the species, sorted by
/// atomic number. Construct through <see cref="Create"/>, which validates and sorts.
/// </summary>
public sealed record SoapParameters
{
    public const int MaxLMax = 20;

    private SoapParameters(double rCut, int nMax, int lMax, double sigma, string[] species)
    {
        RCut = rCut;
        NMax = nMax;
        LMax = lMax;
        Sigma = sigma;
        Species = species;
    }

    public double RCut { get; }
    public int NMax { get; }
    public int LMax { get; }
    public double Sigma { get; }

    /// <summary>Element symbols sorted by atomic number (the order of the species pairs in every layout).</summary>
    public string[] Species { get; }

    /// <summary>dscribe's cutoff padding δ = σ·√(−2 ln 10⁻³) ≈ 3.7169 σ: atoms out to r_cut + δ contribute.</summary>
    public double CutoffPadding => Sigma * Math.Sqrt(-2 * Math.Log(1e-3));

    /// <summary>Radius of the neighbour search, r_cut + δ.</summary>
    public double SearchRadius => RCut + CutoffPadding;

    /// <summary>Validates every parameter (clear messages naming it) and sorts the species by atomic number.</summary>
    public static SoapParameters Create(double rCut, int nMax, int lMax, double sigma, IEnumerable<string> species)
    {
        ValidateNumbers(rCut, nMax, lMax, sigma);
        var sorted = ValidateSpecies(species);
        return new SoapParameters(rCut, nMax, lMax, sigma, sorted);
    }

    /// <summary>Checks r_cut, n_max, l_max and σ (the checks <see cref="Create"/> makes before the species are known).</summary>
    public static void ValidateNumbers(double rCut, int nMax, int lMax, double sigma)
    {
        if (!double.IsFinite(rCut) || !(rCut > 1))
            throw Bad("RCut", $"RCut (r_cut) must be a finite number of Å greater than 1 (got {Fmt(rCut)}): the GTO basis places its first function at 1 Å.", rCut);
        if (nMax < 1)
            throw Bad("NMax", $"NMax (n_max) must be at least 1 (got {nMax}).", nMax);
        if (lMax < 0 || lMax > MaxLMax)
            throw Bad("LMax", $"LMax (l_max) must be between 0 and {MaxLMax} (got {lMax}).", lMax);
        if (!double.IsFinite(sigma) || !(sigma > 0))
            throw Bad("Sigma", $"Sigma must be a positive number of Å (got {Fmt(sigma)}).", sigma);
    }

    /// <summary>Checks that every symbol is an element and returns them canonicalised, distinct and sorted by atomic number.</summary>
    public static string[] ValidateSpecies(IEnumerable<string> species)
    {
        ArgumentNullException.ThrowIfNull(species);
        var list = new List<string>();
        foreach (var s in species)
        {
            var symbol = Elements.Normalize(s?.Trim());
            if (symbol is null || !Elements.IsElement(symbol))
                throw new SoapLensException("SoapSpeciesUnknown", ErrorKind.InvalidArgument,
                    $"'{s}' is not a chemical element symbol; SOAP species must be elements such as Cu, H or O.", s);
            if (!list.Contains(symbol)) list.Add(symbol);
        }
        if (list.Count == 0)
            throw Bad("Species", "At least one species is needed.", null);
        return list.OrderBy(Elements.AtomicNumber).ToArray();
    }

    /// <summary>The parameters as bundle attributes (r_cut, n_max, l_max, sigma, species), the names dscribe and SOAPify use.</summary>
    public Dictionary<string, object> ToAttributes() => new()
    {
        ["r_cut"] = RCut,
        ["n_max"] = (long)NMax,
        ["l_max"] = (long)LMax,
        ["sigma"] = Sigma,
        ["species"] = Species,
    };

    /// <summary>The parameters recorded in a bundle's attributes by <see cref="ToAttributes"/>.</summary>
    public static SoapParameters FromAttributes(DataBundle b)
    {
        double GetDouble(string name) => b.GetDoubles(name) is [var x] ? x
            : throw SoapLensException.InvalidData($"The {b.Kind} data has no '{name}' attribute.");
        long GetLong(string name) => b.GetInt64s(name) is [var x] ? x
            : throw SoapLensException.InvalidData($"The {b.Kind} data has no '{name}' attribute.");
        var species = b.GetStrings("species") ?? throw SoapLensException.InvalidData($"The {b.Kind} data has no 'species' attribute.");
        return Create(GetDouble("r_cut"), checked((int)GetLong("n_max")), checked((int)GetLong("l_max")), GetDouble("sigma"), species);
    }

    /// <summary>Index of a species in <see cref="Species"/>, or −1.</summary>
    public int SpeciesIndex(string? symbol) => symbol is null ? -1 : Array.IndexOf(Species, symbol);

    public bool Equals(SoapParameters? other) =>
        other is not null && RCut == other.RCut && NMax == other.NMax && LMax == other.LMax && Sigma == other.Sigma
        && Species.AsSpan().SequenceEqual(other.Species);

    public override int GetHashCode() => HashCode.Combine(RCut, NMax, LMax, Sigma, string.Join(",", Species));

    public override string ToString() =>
        $"r_cut {Fmt(RCut)} Å, n_max {NMax}, l_max {LMax}, σ {Fmt(Sigma)} Å, species {string.Join(" ", Species)}";

    private static string Fmt(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);

    private static SoapLensException Bad(string parameter, string message, object? value) =>
        new("SoapParameterInvalid", ErrorKind.InvalidArgument, message, value ?? parameter);
}
