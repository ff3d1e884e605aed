using SoapLens.Pipeline;

namespace SoapLens.Trajectories;

/// <summary>
/// Which frames to read, with MDAnalysis semantics: 0-based, Start inclusive, Stop exclusive,
/// Step ≥ 1; or an explicit ascending list of frame indices.
/// </summary>
public sealed record FrameSelection(int Start = 0, int? Stop = null, int Step = 1, int[]? Frames = null)
{
    public static readonly FrameSelection All = new();

    /// <summary>
    /// The selection that the -Start/-Stop/-Step/-Frame parameters of a cmdlet describe: -Frame (sorted,
    /// duplicates dropped) wins; a negative <paramref name="stop"/> means "to the end". Null when every
    /// parameter has its default (all frames).
    /// </summary>
    public static FrameSelection? FromParameters(int start, int stop, int step, int[]? frames) =>
        frames is not null ? new FrameSelection(Frames: frames.Distinct().OrderBy(i => i).ToArray())
        : start != 0 || stop >= 0 || step != 1 ? new FrameSelection(start, stop >= 0 ? stop : null, step)
        : null;

    public void Validate()
    {
        if (Start < 0) throw SoapLensException.Argument($"Start must be ≥ 0 (got {Start}).");
        if (Stop is < 0) throw SoapLensException.Argument($"Stop must be ≥ 0 (got {Stop}).");
        if (Step < 1) throw SoapLensException.Argument($"Step must be ≥ 1 (got {Step}).");
        if (Frames is not null)
            for (int i = 0; i < Frames.Length; i++)
            {
                if (Frames[i] < 0) throw SoapLensException.Argument($"Frame indices must be ≥ 0 (got {Frames[i]}).");
                if (i > 0 && Frames[i] <= Frames[i - 1]) throw SoapLensException.Argument("Frame indices must be strictly ascending.");
            }
    }

    public bool Includes(int index)
    {
        if (Frames is not null) return Array.BinarySearch(Frames, index) >= 0;
        if (index < Start || (Stop is int s && index >= s)) return false;
        return (index - Start) % Step == 0;
    }

    /// <summary>True when no frame at or after <paramref name="index"/> can be selected (reading may stop).</summary>
    public bool IsPastEnd(int index)
    {
        if (Frames is not null) return Frames.Length == 0 || index > Frames[^1];
        return Stop is int s && index >= s;
    }

    /// <summary>Composes a selection applied to the frames that this one already selected.</summary>
    public FrameSelection Then(FrameSelection inner, int sourceFrameCount)
    {
        var mine = Enumerate(sourceFrameCount).ToArray();
        var picked = inner.Enumerate(mine.Length).Select(i => mine[i]).ToArray();
        return new FrameSelection(Frames: picked);
    }

    public IEnumerable<int> Enumerate(int frameCount)
    {
        for (int i = 0; i < frameCount; i++)
        {
            if (IsPastEnd(i)) yield break;
            if (Includes(i)) yield return i;
        }
    }

    public override string ToString() => Frames is not null
        ? $"frames [{string.Join(", ", Frames.Take(8))}{(Frames.Length > 8 ? ", …" : "")}]"
        : $"{Start}:{(Stop?.ToString() ?? "")}:{Step}";
}
