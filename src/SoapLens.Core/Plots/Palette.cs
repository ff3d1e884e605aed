namespace SoapLens.Plots;

/// <summary>
/// Categorical colours for clusters, shared by every figure of one analysis so that a cluster
/// keeps its colour from the PCA plane to the chord diagram: a colour is looked up by cluster name
/// first (explicit choices), then by cluster number in the palette's list (Tableau 10 without its
/// grey and five more by default, then golden-angle hues). Noise is always grey.
/// </summary>
public sealed class Palette
{
    // Tableau 10 without its grey (noise is grey), then five colours chosen to stay apart from them
    // (cyan, olive, violet, navy, magenta), so that the 8–14 clusters HDBSCAN* usually finds never
    // share a hue family.
    private static readonly string[] Tableau = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
        "#17becf", "#bcbd22", "#6a3d9a", "#1f3a6e", "#e7298a"];

    private readonly string[] _colours;
    private readonly Dictionary<string, string> _byName;

    public Palette(IEnumerable<string>? colours = null, IReadOnlyDictionary<string, string>? byName = null, string noise = "#b8b8b8")
    {
        _colours = (colours ?? Tableau).Select(Normalise).ToArray();
        if (_colours.Length == 0) _colours = Tableau;
        _byName = new Dictionary<string, string>(StringComparer.Ordinal);
        if (byName is not null)
            foreach (var (k, v) in byName) _byName[k] = Normalise(v);
        Noise = Normalise(noise);
    }

    public static Palette Default { get; } = new();

    /// <summary>The colour of noise (label −1).</summary>
    public string Noise { get; }

    /// <summary>The ordered colours (cluster 0, 1, ...).</summary>
    public IReadOnlyList<string> Colours => _colours;

    /// <summary>Colours assigned to names, which win over the numbered list.</summary>
    public IReadOnlyDictionary<string, string> ByName => _byName;

    private static string Normalise(string c) => Colour.Parse(c).Hex;

    /// <summary>The colour of cluster <paramref name="index"/> (−1 = noise), or of <paramref name="name"/> when the palette names it.</summary>
    public string ColourOf(int index, string? name = null)
    {
        if (name is not null && _byName.TryGetValue(name, out var c)) return c;
        if (index < 0) return Noise;
        if (index < _colours.Length) return _colours[index];
        // Beyond the list: golden-angle hues, alternately darker and lighter, distinct and stable for any number of clusters.
        int extra = index - _colours.Length;
        return Colour.FromHsl(25 + 137.508 * extra, 0.6, extra % 2 == 0 ? 0.42 : 0.62).Hex;
    }

    /// <summary>Colours of clusters 0..n−1 with these names.</summary>
    public string[] For(IReadOnlyList<string> names)
    {
        var r = new string[names.Count];
        for (int i = 0; i < r.Length; i++) r[i] = ColourOf(i, names[i]);
        return r;
    }

    /// <summary>
    /// The palette for macro-clusters: each takes the colour of its first micro-cluster, so a merged
    /// cluster keeps a colour the reader has already seen in the micro-cluster figures. Names the
    /// palette already colours keep their colour.
    /// </summary>
    public Palette ForMerge(IReadOnlyList<string> microNames, IReadOnlyList<int> map, IReadOnlyList<string> macroNames)
    {
        if (map.Count != microNames.Count) throw new ArgumentException("The map needs one macro-cluster per micro-cluster.");
        var byName = new Dictionary<string, string>(_byName);
        for (int a = map.Count - 1; a >= 0; a--) // the smallest member wins
            if (map[a] >= 0 && map[a] < macroNames.Count && !_byName.ContainsKey(macroNames[map[a]]))
                byName[macroNames[map[a]]] = ColourOf(a, microNames[a]);
        return new Palette(_colours, byName, Noise);
    }

    /// <summary>
    /// The palette for a result's clusters: results of a merge carry "merge_map" and "micro_names"
    /// in their parameters and get <see cref="ForMerge"/>; others use this palette as it is.
    /// </summary>
    public Palette ForResult(IReadOnlyList<string> names, IReadOnlyDictionary<string, object> parameters)
    {
        if (!parameters.TryGetValue("merge_map", out var m) || !parameters.TryGetValue("micro_names", out var mn) || mn is not string[] micro)
            return this;
        int[]? map = m switch
        {
            int[] i => i,
            long[] l => l.Select(x => (int)x).ToArray(),
            _ => null,
        };
        return map is null || map.Length != micro.Length ? this : ForMerge(micro, map, names);
    }

    /// <summary>A copy with <paramref name="name"/> coloured <paramref name="colour"/>.</summary>
    public Palette With(string name, string colour)
    {
        var map = new Dictionary<string, string>(_byName) { [name] = colour };
        return new Palette(_colours, map, Noise);
    }

    public override string ToString() => $"Palette: {string.Join(" ", _colours.Take(10))}{(_byName.Count > 0 ? $" + {_byName.Count} named" : "")}";
}
