namespace SoapLens.Plots;

/// <summary>What every figure takes: title, size in pixels (0 = the figure's default) and the cluster palette.</summary>
public sealed record FigureOptions
{
    public string? Title { get; init; }
    public double Width { get; init; }
    public double Height { get; init; }
    public Palette Palette { get; init; } = Palette.Default;

    internal (double W, double H) Size(double defaultWidth, double defaultHeight) =>
        (Width > 0 ? Width : defaultWidth, Height > 0 ? Height : defaultHeight);
}
