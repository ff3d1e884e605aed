using System.Text;
using SoapLens.Data;
using SoapLens.Trajectories;

namespace SoapLens.IO;

/// <summary>
/// The extra per-atom columns of a trajectory export: names made unique and safe for the file
/// format, and per frame the values of every column for every atom. Values a source does not have
/// stay NaN unless the source fills them otherwise (ClusterLabels uses −1). A column whose values in
/// a frame are all integers is written as integers in that frame.
/// </summary>
internal sealed class PerAtomColumnTable
{
    private readonly IReadOnlyList<IPerAtomColumns> _sources;
    private readonly int[] _offset;   // first combined column of each source
    private double[] _values = [];
    private double[][] _scratch;
    private bool[] _integral;

    /// <param name="reserved">Column names the format already uses (compared case-insensitively).</param>
    public PerAtomColumnTable(IReadOnlyList<IPerAtomColumns> sources, IEnumerable<string> reserved)
    {
        _sources = sources;
        _offset = new int[sources.Count];
        var taken = new HashSet<string>(reserved, StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        for (int s = 0; s < sources.Count; s++)
        {
            _offset[s] = names.Count;
            var own = sources[s].ColumnNames;
            if (own.Count == 0)
                throw Pipeline.SoapLensException.Argument($"The column source {sources[s]} has no columns.");
            foreach (var raw in own)
            {
                var name = Sanitize(raw);
                var unique = name;
                for (int k = 2; !taken.Add(unique); k++) unique = $"{name}_{k}";
                names.Add(unique);
            }
        }
        Names = names.ToArray();
        _integral = new bool[Names.Length];
        _scratch = new double[sources.Count][];
    }

    /// <summary>Column names as written (letters, digits and '_', unique).</summary>
    public string[] Names { get; }
    public int Count => Names.Length;
    public int AtomCount { get; private set; }

    private static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Trim()) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, 'c');
        return sb.ToString();
    }

    /// <summary>Loads the values of every column for <paramref name="frame"/>.</summary>
    public void Load(Frame frame)
    {
        int n = frame.AtomCount;
        AtomCount = n;
        if (_values.Length != n * Count) _values = new double[n * Count];
        var ids = frame.Topology.Ids;
        for (int s = 0; s < _sources.Count; s++)
        {
            int k = _sources[s].ColumnNames.Count;
            if (_scratch[s] is null || _scratch[s].Length != n * k) _scratch[s] = new double[n * k];
            var buf = _scratch[s];
            Array.Fill(buf, double.NaN);
            _sources[s].TryGetFrame(frame.Index, ids, buf);
            for (int a = 0; a < n; a++)
                for (int c = 0; c < k; c++)
                    _values[a * Count + _offset[s] + c] = buf[a * k + c];
        }
        for (int c = 0; c < Count; c++)
        {
            bool integral = true;
            for (int a = 0; a < n && integral; a++)
            {
                double v = _values[a * Count + c];
                integral = double.IsFinite(v) && v == Math.Round(v) && Math.Abs(v) < 9.007199254740992e15;
            }
            _integral[c] = integral;
        }
    }

    public double Value(int atom, int column) => _values[atom * Count + column];

    /// <summary>True when every value of the column in the loaded frame is an integer.</summary>
    public bool IsIntegral(int column) => _integral[column];

    public void WriteValue(AsciiWriter w, int atom, int column)
    {
        double v = Value(atom, column);
        if (_integral[column]) w.Number((long)v);
        else w.Number(v);
    }
}
