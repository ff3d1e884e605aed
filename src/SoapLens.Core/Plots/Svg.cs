using System.Globalization;
using System.Text;

namespace SoapLens.Plots;

/// <summary>
/// A minimal writer of self-contained SVG documents: every figure draws through it, so the
/// document frame (viewBox, generic font, title and description, white background), number
/// formatting (invariant culture, two decimals) and XML escaping are written once. Nothing
/// external is referenced: no fonts, scripts, stylesheets or images.
/// </summary>
public sealed class Svg
{
    private readonly StringBuilder _body = new(1 << 14);
    private int _depth;

    public Svg(double width, double height, string title, string? description = null)
    {
        if (!(width > 0) || !(height > 0)) throw new ArgumentOutOfRangeException(nameof(width), "A figure needs a positive size.");
        Width = width;
        Height = height;
        Title = title;
        Description = description;
    }

    public double Width { get; }
    public double Height { get; }
    public string Title { get; }
    public string? Description { get; }

    /// <summary>Fonts: the figure title, axis titles, tick labels and annotations.</summary>
    public const double TitleSize = 18, LabelSize = 14, TickSize = 12, NoteSize = 12;

    public const string Ink = "#222222", MutedInk = "#555555", GridInk = "#e3e3e3";

    public static string Num(double v) =>
        double.IsFinite(v) ? Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                default:
                    // XML 1.0 forbids most control characters; drop them rather than write an unreadable file.
                    if (ch >= ' ' || ch is '\t' or '\n' or '\r') sb.Append(ch);
                    break;
            }
        }
        return sb.ToString();
    }

    private StringBuilder Open(string element)
    {
        _body.Append(' ', 2 * (_depth + 1)).Append('<').Append(element);
        return _body;
    }

    private void Attr(string name, double v) => _body.Append(' ').Append(name).Append("=\"").Append(Num(v)).Append('"');

    private void Attr(string name, string? v)
    {
        if (v is null) return;
        _body.Append(' ').Append(name).Append("=\"").Append(Escape(v)).Append('"');
    }

    private void Paint(string? fill, string? stroke, double strokeWidth, double opacity, string? dash = null)
    {
        Attr("fill", fill ?? "none");
        if (stroke is not null)
        {
            Attr("stroke", stroke);
            Attr("stroke-width", strokeWidth);
            if (dash is not null) Attr("stroke-dasharray", dash);
        }
        if (opacity < 1) Attr("opacity", Math.Max(opacity, 0));
    }

    // A <title> child is the tooltip browsers show on hover.
    private void Close(string element, string? tooltip)
    {
        if (tooltip is null) { _body.Append("/>\n"); return; }
        _body.Append("><title>").Append(Escape(tooltip)).Append("</title></").Append(element).Append(">\n");
    }

    public void Rect(double x, double y, double w, double h, string? fill, string? stroke = null, double strokeWidth = 1, double opacity = 1, string? tooltip = null)
    {
        Open("rect");
        Attr("x", x); Attr("y", y); Attr("width", Math.Max(w, 0)); Attr("height", Math.Max(h, 0));
        Paint(fill, stroke, strokeWidth, opacity);
        Close("rect", tooltip);
    }

    public void Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null, double opacity = 1)
    {
        Open("line");
        Attr("x1", x1); Attr("y1", y1); Attr("x2", x2); Attr("y2", y2);
        Attr("stroke", stroke); Attr("stroke-width", width);
        if (dash is not null) Attr("stroke-dasharray", dash);
        if (opacity < 1) Attr("opacity", opacity);
        _body.Append("/>\n");
    }

    public void Circle(double cx, double cy, double r, string? fill, string? stroke = null, double strokeWidth = 1, double opacity = 1, string? tooltip = null)
    {
        Open("circle");
        Attr("cx", cx); Attr("cy", cy); Attr("r", r);
        Paint(fill, stroke, strokeWidth, opacity);
        Close("circle", tooltip);
    }

    public void Polyline(ReadOnlySpan<double> x, ReadOnlySpan<double> y, string stroke, double width = 1, double opacity = 1, string? dash = null)
    {
        if (x.Length < 2) return;
        Open("polyline").Append(" points=\"");
        for (int i = 0; i < x.Length; i++)
        {
            if (i > 0) _body.Append(' ');
            _body.Append(Num(x[i])).Append(',').Append(Num(y[i]));
        }
        _body.Append('"');
        Paint(null, stroke, width, opacity, dash);
        _body.Append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n");
    }

    public void Path(PathData d, string? fill, string? stroke = null, double strokeWidth = 1, double opacity = 1, string? tooltip = null) =>
        Path(d.ToString(), fill, stroke, strokeWidth, opacity, tooltip);

    public void Path(string d, string? fill, string? stroke = null, double strokeWidth = 1, double opacity = 1, string? tooltip = null)
    {
        Open("path");
        Attr("d", d);
        Paint(fill, stroke, strokeWidth, opacity);
        Close("path", tooltip);
    }

    /// <summary>
    /// Text at (x, y). <paramref name="anchor"/>: start, middle or end; <paramref name="vertical"/>:
    /// baseline, middle (centred on y) or top (hanging from y), done with dy so every viewer agrees.
    /// </summary>
    public void Text(double x, double y, string text, double size = TickSize, string anchor = "start", string vertical = "baseline",
        string fill = Ink, bool bold = false, double rotate = 0, string? tooltip = null)
    {
        Open("text");
        Attr("x", x); Attr("y", y);
        if (vertical == "middle") Attr("dy", "0.35em");
        else if (vertical == "top") Attr("dy", "0.8em");
        Attr("font-size", size);
        if (anchor != "start") Attr("text-anchor", anchor);
        if (bold) Attr("font-weight", "bold");
        if (fill != Ink) Attr("fill", fill);
        if (rotate != 0) Attr("transform", $"rotate({Num(rotate)} {Num(x)} {Num(y)})");
        _body.Append('>').Append(Escape(text));
        if (tooltip is not null) _body.Append("<title>").Append(Escape(tooltip)).Append("</title>");
        _body.Append("</text>\n");
    }

    public void BeginGroup(string? cssClass = null, double opacity = 1, string? tooltip = null)
    {
        Open("g");
        Attr("class", cssClass);
        if (opacity < 1) Attr("opacity", opacity);
        _body.Append(">\n");
        if (tooltip is not null) _body.Append(' ', 2 * (_depth + 2)).Append("<title>").Append(Escape(tooltip)).Append("</title>\n");
        _depth++;
    }

    public void EndGroup()
    {
        if (_depth == 0) throw new InvalidOperationException("EndGroup without BeginGroup.");
        _depth--;
        _body.Append(' ', 2 * (_depth + 1)).Append("</g>\n");
    }

    /// <summary>The figure title, centred at the top.</summary>
    public void Heading(string? text = null, double y = 28) => Text(Width / 2, y, text ?? Title, TitleSize, "middle", bold: true);

    /// <summary>A small note (method, sampling) at the bottom left, where a reader looks for the fine print.</summary>
    public void Note(string text, double? y = null) => Text(12, y ?? Height - 10, text, NoteSize, fill: MutedInk);

    public override string ToString()
    {
        if (_depth != 0) throw new InvalidOperationException("Unclosed group in the SVG.");
        var sb = new StringBuilder(_body.Length + 512);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"")
            .Append(" width=\"").Append(Num(Width)).Append("\" height=\"").Append(Num(Height)).Append('"')
            .Append(" viewBox=\"0 0 ").Append(Num(Width)).Append(' ').Append(Num(Height)).Append('"')
            .Append(" font-family=\"sans-serif\" role=\"img\">\n");
        sb.Append("  <title>").Append(Escape(Title)).Append("</title>\n");
        if (Description is not null) sb.Append("  <desc>").Append(Escape(Description)).Append("</desc>\n");
        sb.Append("  <rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        sb.Append(_body);
        sb.Append("</svg>\n");
        return sb.ToString();
    }
}

/// <summary>Builds an SVG path "d" attribute.</summary>
public sealed class PathData
{
    private readonly StringBuilder _d = new();

    private PathData Cmd(char c, params double[] v)
    {
        if (_d.Length > 0) _d.Append(' ');
        _d.Append(c);
        for (int i = 0; i < v.Length; i++) _d.Append(i == 0 ? "" : " ").Append(Svg.Num(v[i]));
        return this;
    }

    public PathData MoveTo(double x, double y) => Cmd('M', x, y);
    public PathData LineTo(double x, double y) => Cmd('L', x, y);
    public PathData QuadTo(double cx, double cy, double x, double y) => Cmd('Q', cx, cy, x, y);
    public PathData CubicTo(double c1x, double c1y, double c2x, double c2y, double x, double y) => Cmd('C', c1x, c1y, c2x, c2y, x, y);

    /// <summary>Circular arc of radius r to (x, y); sweep true = clockwise on screen.</summary>
    public PathData ArcTo(double r, bool largeArc, bool sweep, double x, double y) => Cmd('A', r, r, 0, largeArc ? 1 : 0, sweep ? 1 : 0, x, y);

    /// <summary>A subpath through the points (one "M" with implicit line-tos): many runs in one path element keep dense figures small.</summary>
    public PathData Polyline(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length < 2) return this;
        if (_d.Length > 0) _d.Append(' ');
        _d.Append('M');
        for (int i = 0; i < x.Length; i++) _d.Append(i == 0 ? "" : " ").Append(Svg.Num(x[i])).Append(',').Append(Svg.Num(y[i]));
        return this;
    }

    public PathData Close()
    {
        _d.Append(" Z");
        return this;
    }

    public bool IsEmpty => _d.Length == 0;

    public override string ToString() => _d.ToString();
}
