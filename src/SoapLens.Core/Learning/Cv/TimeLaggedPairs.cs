using SoapLens.Data;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>
/// The (x_t, x_{t+τ}) row pairs a time-lagged method learns from. The rule, for a dataset with
/// rows keyed by (frame, atom id):
/// <list type="bullet">
/// <item>when the rows carry different frames, every atom id is its own time series: row (f, a) is
/// paired with row (f + lag, a) when that row exists (lag counts frame numbers as stored in the
/// keys, so a dataset built from every 10th frame needs lag 10 for one stored step);</item>
/// <item>when every row has the same frame (a plain (N, D) array from Import-SoapLensData gets frame 0
/// and atom id = row index), the rows are ONE time series in row order: row i pairs with row i + lag.</item>
/// </list>
/// Pairs are listed in the order of their first row, so every sum over pairs has a fixed order.
/// </summary>
public sealed class TimeLaggedPairs
{
    private TimeLaggedPairs(int lag, int[] start, int[] end, int[] times, bool singleSeries, int seriesCount)
    {
        Lag = lag;
        Start = start;
        End = end;
        Times = times;
        SingleSeries = singleSeries;
        SeriesCount = seriesCount;
    }

    public int Lag { get; }
    /// <summary>Row index of x_t for each pair.</summary>
    public int[] Start { get; }
    /// <summary>Row index of x_{t+τ} for each pair.</summary>
    public int[] End { get; }
    /// <summary>The time of x_t: its frame number (per-atom series) or its row index (one series).</summary>
    public int[] Times { get; }
    public bool SingleSeries { get; }
    /// <summary>Number of independent series (atoms) that contribute pairs.</summary>
    public int SeriesCount { get; }
    public int Count => Start.Length;

    /// <summary>Pairs of one series of <paramref name="rowCount"/> rows in order.</summary>
    public static TimeLaggedPairs ForSeries(int rowCount, int lag)
    {
        CheckLag(lag);
        int m = Math.Max(rowCount - lag, 0);
        if (m == 0)
            throw SoapLensException.Argument($"Lag {lag} leaves no time-lagged pairs in a series of {rowCount} rows; use a lag below {rowCount}.", lag);
        var s = new int[m];
        var e = new int[m];
        for (int i = 0; i < m; i++) { s[i] = i; e[i] = i + lag; }
        return new TimeLaggedPairs(lag, s, e, s, true, 1);
    }

    /// <summary>Pairs of a dataset by the rule in the class summary.</summary>
    public static TimeLaggedPairs Build(Dataset data, int lag)
    {
        CheckLag(lag);
        int n = data.RowCount;
        var frames = data.Frames;
        bool single = true;
        for (int r = 1; r < n && single; r++) single = frames[r] == frames[0];
        if (single) return ForSeries(n, lag);

        var atoms = data.AtomIds;
        var index = new Dictionary<long, int>(n, RowKey.Comparer);
        for (int r = 0; r < n; r++)
            if (!index.TryAdd(Key(frames[r], atoms[r]), r))
                throw SoapLensException.InvalidData(
                    $"Rows {index[Key(frames[r], atoms[r])]} and {r} of the dataset share the key (frame {frames[r]}, atom {atoms[r]}); time-lagged pairs need unique keys.", data.Source);
        var s = new List<int>(n);
        var e = new List<int>(n);
        var seen = new HashSet<int>();
        for (int r = 0; r < n; r++)
        {
            long f = (long)frames[r] + lag;
            if (f > int.MaxValue || !index.TryGetValue(Key((int)f, atoms[r]), out int other)) continue;
            s.Add(r);
            e.Add(other);
            seen.Add(atoms[r]);
        }
        if (s.Count == 0)
            throw SoapLensException.Argument(
                $"Lag {lag} pairs no rows: no atom of the dataset has both frame f and frame f + {lag} (frames {frames.Min()}..{frames.Max()}). Lag counts frame numbers as stored in the dataset keys.", lag);
        var start = s.ToArray();
        var times = new int[start.Length];
        for (int i = 0; i < start.Length; i++) times[i] = frames[start[i]];
        return new TimeLaggedPairs(lag, start, e.ToArray(), times, false, seen.Count);
    }

    /// <summary>Number of time blocks of the validation split (fewer when the series is shorter).</summary>
    public const int DefaultBlockCount = 50;

    private static long Key(int frame, int atom) => ((long)frame << 32) | (uint)atom;

    private static void CheckLag(int lag)
    {
        if (lag < 1) throw SoapLensException.Argument($"Lag must be at least 1 frame, got {lag}.", lag);
    }

    /// <summary>
    /// Splits the pairs into training and validation sets by time: the time span is cut into
    /// <paramref name="blockCount"/> equal contiguous blocks, round(fraction × blocks) of them (at
    /// least one when fraction &gt; 0), chosen with the seed, hold the validation pairs; a pair belongs
    /// to the block of its first time, and pairs that reach into a block of the other set are dropped
    /// so that no lagged pair straddles the split. Contiguous blocks keep strongly correlated
    /// neighbouring frames on the same side.
    /// </summary>
    public (int[] Training, int[] Validation) SplitByTime(double fraction, long seed, int blockCount = DefaultBlockCount)
    {
        var all = Enumerable.Range(0, Count).ToArray();
        if (fraction <= 0) return (all, []);
        int tmin = int.MaxValue, tmax = int.MinValue;
        foreach (var t in Times) { tmin = Math.Min(tmin, t); tmax = Math.Max(tmax, t); }
        long span = (long)tmax + Lag - tmin + 1;
        int blocks = (int)Math.Clamp(span, 1, blockCount);
        var isValidation = BlockChoice(blocks, fraction, seed);
        int BlockOf(long t) => (int)Math.Min(blocks - 1, (t - tmin) * blocks / span);
        var train = new List<int>(Count);
        var val = new List<int>();
        for (int i = 0; i < Count; i++)
        {
            bool v0 = isValidation[BlockOf(Times[i])], v1 = isValidation[BlockOf((long)Times[i] + Lag)];
            if (v0 != v1) continue;
            (v0 ? val : train).Add(i);
        }
        return (train.ToArray(), val.ToArray());
    }

    /// <summary>Which of <paramref name="blocks"/> blocks are validation blocks (seeded, at least one when fraction &gt; 0, never all).</summary>
    internal static bool[] BlockChoice(int blocks, double fraction, long seed)
    {
        int k = (int)Math.Round(fraction * blocks);
        k = Math.Clamp(k, fraction > 0 ? 1 : 0, Math.Max(blocks - 1, 0));
        var order = Enumerable.Range(0, blocks).ToArray();
        new SeededRandom(seed ^ 0x5EED_B10C).Shuffle(order);
        var chosen = new bool[blocks];
        for (int i = 0; i < k; i++) chosen[order[i]] = true;
        return chosen;
    }

    public override string ToString() => $"{Count} pairs at lag {Lag} ({(SingleSeries ? "one series" : $"{SeriesCount} per-atom series")})";
}
