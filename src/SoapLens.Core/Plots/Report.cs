using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Plots;

/// <summary>
/// A result that describes itself in the HTML report: a heading, its parameters, the figures it
/// contributes and, optionally, a summary table and the files it was computed from. The result
/// types implement it explicitly (in their *.Report.cs files), so it adds nothing to what
/// PowerShell shows of them.
/// </summary>
public interface IReportContent
{
    string ReportTitle { get; }

    /// <summary>Parameters shown as a table under the heading (cutoffs, methods, counts...).</summary>
    IReadOnlyDictionary<string, object> ReportParameters { get; }

    /// <summary>The figures; <paramref name="context"/> gives the palette and the other results (to pair a projection with labels).</summary>
    IEnumerable<ReportFigure> ReportFigures(ReportContext context);

    /// <summary>Files (or trajectory names) the result was computed from, listed with size and date in the provenance.</summary>
    IEnumerable<string> ReportInputs => [];

    /// <summary>A summary table (populations, residence times...), or null.</summary>
    ReportTable? ReportSummary => null;
}

/// <summary>One figure of the report: a file stem (letters, digits, dashes), a caption and the SVG document.</summary>
public sealed record ReportFigure(string Name, string Caption, string Svg)
{
    /// <summary>Why the figure could not be drawn (then <see cref="Svg"/> is empty and the page says so).</summary>
    public string? Problem { get; init; }

    /// <summary>The kind of figure, when it was drawn by <see cref="ReportContext.Draw"/>.</summary>
    public FigureKind? Kind { get; init; }
}

/// <summary>A small table of a report section.</summary>
public sealed record ReportTable(string Caption, string[] Header, IReadOnlyList<string[]> Rows);

/// <summary>What a result sees while it contributes to a report.</summary>
public sealed class ReportContext
{
    internal ReportContext(IReadOnlyList<object> results, Palette palette, CancellationToken cancel)
    {
        Results = results;
        Palette = palette;
        Cancellation = cancel;
    }

    public IReadOnlyList<object> Results { get; }
    public Palette Palette { get; }
    public CancellationToken Cancellation { get; }

    /// <summary>The last result of type T in the report (later results win, as they are usually refined ones).</summary>
    public T? Last<T>() where T : class => Results.OfType<T>().LastOrDefault();

    /// <summary>
    /// The labels the report holds for a dataset: labels computed on exactly these rows first (same
    /// keys in the same order, e.g. k-means on this LENS signal), then labels that cover some of
    /// its rows; within each, macro-cluster labels first, then the later result.
    /// </summary>
    public ClusterLabels? LabelsFor(Dataset data)
    {
        ClusterLabels? best = null;
        int bestScore = -1;
        for (int i = Results.Count - 1; i >= 0; i--)
        {
            if (ClusterLabelsInput.TryGetOrNull(Results[i]) is not { } l) continue;
            bool same = data.Frames.AsSpan().SequenceEqual(l.Frames) && data.AtomIds.AsSpan().SequenceEqual(l.AtomIds);
            int score = (same ? 2 : 0) + (l.Parameters.ContainsKey("merge_map") ? 1 : 0);
            if (score <= bestScore) continue;
            if (!same && Array.TrueForAll(LabelAlignment.ForRows(data, l), x => x == LabelGrid.Missing)) continue;
            best = l;
            bestScore = score;
        }
        return best;
    }

    /// <summary>True when the report holds a transition matrix (or a merge) counted from these labels, so they need not draw their own.</summary>
    public bool HasMatrixOf(ClusterLabels labels)
    {
        var matrices = Results.Select(r => r switch { TransitionMatrix t => t, ClusterMerge m => m.Micro, _ => null }).OfType<TransitionMatrix>().ToList();
        if (matrices.Count == 0) return false;
        TransitionMatrix mine;
        try { mine = TransitionMatrix.FromLabels(labels, cancel: Cancellation); }
        catch (SoapLensException) { return false; }
        return matrices.Any(m => m.ClusterCount == mine.ClusterCount && m.Lag == 1 && m.Stride == 1 && SameCounts(m.Counts, mine.Counts));
    }

    private static bool SameCounts(long[,] a, long[,] b)
    {
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < a.GetLength(1); j++)
                if (a[i, j] != b[i, j]) return false;
        return true;
    }

    /// <summary>
    /// Draws one figure with the report's palette. A result that cannot make this figure (too few
    /// frames, no linkage...) gives a figure whose <see cref="ReportFigure.Problem"/> says why,
    /// shown on the page instead of failing the whole report.
    /// </summary>
    public ReportFigure Draw(string name, string caption, FigureKind kind, object input, FigureRequest? request = null)
    {
        Cancellation.ThrowIfCancellationRequested();
        var r = (request ?? new FigureRequest()) with { Options = new FigureOptions { Palette = Palette } };
        try
        {
            return new ReportFigure(name, caption, Figures.Render(kind, input, r, Cancellation)) { Kind = kind };
        }
        catch (SoapLensException ex)
        {
            return new ReportFigure(name, caption, "") { Problem = ex.Message, Kind = kind };
        }
    }

    /// <summary>"coloured by …" for a caption: which labels colour a figure.</summary>
    public static string ColouredBy(ClusterLabels? labels) => labels is null
        ? "The report holds no labels for these rows, so one colour is used."
        : labels.Parameters.ContainsKey("merge_map")
            ? $"Coloured by the {labels.ClusterCount} macro-clusters."
            : $"Coloured by the {labels.ClusterCount} {labels.Method} clusters.";
}

/// <summary>Helpers for <see cref="IReportContent"/> implementations.</summary>
public static class ReportContent
{
    /// <summary><paramref name="first"/> in order, then the result's own parameters that are not already there.</summary>
    public static IReadOnlyDictionary<string, object> Parameters(IReadOnlyDictionary<string, object>? parameters, params (string Name, object? Value)[] first)
    {
        var d = new Dictionary<string, object>();
        foreach (var (k, v) in first) if (v is not null) d[k] = v;
        if (parameters is not null)
            foreach (var (k, v) in parameters) d.TryAdd(k, v);
        return d;
    }

    /// <summary>A value as the report prints it (invariant culture, 6 significant digits, lists shortened).</summary>
    public static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable e => List(e.Cast<object>()),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private static string List(IEnumerable<object> items)
    {
        var shown = items.Take(25).ToList();
        return string.Join(", ", shown.Take(24).Select(Format)) + (shown.Count > 24 ? ", …" : "");
    }

    /// <summary>A frame list as "0 … 19 (20 frames)" or the frames themselves when few.</summary>
    public static string FrameRange(IReadOnlyList<int> frames) => frames.Count switch
    {
        0 => "none",
        <= 6 => string.Join(", ", frames),
        _ => $"{frames[0]} … {frames[^1]} ({frames.Count} frames)",
    };
}

/// <summary>
/// Export-SoapLensReport's engine: collects results, asks each for its section (figures, parameters,
/// tables), and writes a folder with index.html and the figures as SVG files. The page is static
/// HTML with inline CSS: no scripts and nothing fetched from the network, so it opens offline.
/// </summary>
public sealed class Report
{
    private readonly List<object> _results = [];
    private readonly List<(string Name, string Value)> _provenance = [];

    public Report(string title = "SoapLens report", Palette? palette = null)
    {
        Title = title;
        Palette = palette ?? Palette.Default;
    }

    public string Title { get; }
    public Palette Palette { get; }
    public IReadOnlyList<object> Results => _results;

    public void Add(object result) => _results.Add(result);

    /// <summary>A line of the provenance table besides SoapLens, .NET, the machine and the date (e.g. the PowerShell version).</summary>
    public void AddProvenance(string name, string value) => _provenance.Add((name, value));

    /// <summary>The sections, in the order the results were added.</summary>
    public IReadOnlyList<ReportSection> Build(CancellationToken cancel = default)
    {
        var context = new ReportContext(_results, Palette, cancel);
        var sections = new List<ReportSection>();
        foreach (var r in _results)
        {
            cancel.ThrowIfCancellationRequested();
            var content = r as IReportContent ?? Builtin(r);
            var figures = content.ReportFigures(context).ToList();
            sections.Add(new ReportSection(content.ReportTitle, r.ToString() ?? "", content.ReportParameters, figures)
            {
                Table = content.ReportSummary,
                Inputs = content.ReportInputs.Where(s => !string.IsNullOrWhiteSpace(s)).ToList(),
            });
        }
        return sections;
    }

    /// <summary>Writes <paramref name="folder"/>/index.html and <paramref name="folder"/>/figures/*.svg atomically.</summary>
    public IReadOnlyList<ReportSection> Write(string folder, bool force, CancellationToken cancel = default)
    {
        var sections = Build(cancel);
        AtomicFile.WriteDirectory(folder, force, tmp =>
        {
            Directory.CreateDirectory(Path.Combine(tmp, "figures"));
            var files = new List<List<string?>>();
            int n = 0;
            foreach (var s in sections)
            {
                var names = new List<string?>();
                foreach (var f in s.Figures)
                {
                    if (f.Problem is not null) { names.Add(null); continue; }
                    var file = $"{++n:00}-{Slug(f.Name)}.svg";
                    File.WriteAllText(Path.Combine(tmp, "figures", file), f.Svg, new UTF8Encoding(false));
                    names.Add("figures/" + file);
                }
                files.Add(names);
            }
            File.WriteAllText(Path.Combine(tmp, "index.html"), Html(sections, files), new UTF8Encoding(false));
        }, cancel);
        return sections;
    }

    private static string Slug(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s.ToLowerInvariant()) sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "figure" : slug.Length > 40 ? slug[..40] : slug;
    }

    private static string E(string s) => Svg.Escape(s);

    private string Html(IReadOnlyList<ReportSection> sections, List<List<string?>> files)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        sb.Append("<title>").Append(E(Title)).Append("</title>\n<style>\n")
            .Append("body{font-family:sans-serif;max-width:1180px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n")
            .Append("h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.3em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}\n")
            .Append("h3{font-size:1em;margin:1em 0 .3em}\n")
            .Append("figure{display:inline-block;margin:1em 1em 1em 0;vertical-align:top;max-width:100%}\n")
            .Append("figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9em;color:#555;max-width:760px}\n")
            .Append("table{border-collapse:collapse;font-size:.9em;margin:.5em 1.5em .5em 0;display:inline-table;vertical-align:top}\n")
            .Append("td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top;max-width:52em;overflow-wrap:anywhere}td.n{text-align:right}\n")
            .Append("th{background:#f6f6f6}caption{text-align:left;font-weight:bold;padding:.2em 0}.summary{color:#555}\n")
            .Append(".problem{color:#a33;font-size:.9em}nav{line-height:1.8}nav a{margin-right:1.2em;white-space:nowrap}\n</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(E(Title)).Append("</h1>\n");
        int figureCount = files.Sum(f => f.Count(x => x is not null));
        sb.Append("<p class=\"summary\">").Append(sections.Count).Append(" result(s), ").Append(figureCount).Append(" figure(s), written ")
            .Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(".</p>\n<nav>");
        for (int i = 0; i < sections.Count; i++) sb.Append("<a href=\"#s").Append(i + 1).Append("\">").Append(E(sections[i].Title)).Append("</a>\n");
        sb.Append("<a href=\"#provenance\">Provenance</a></nav>\n");
        for (int i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            sb.Append("<section id=\"s").Append(i + 1).Append("\">\n<h2>").Append(E(s.Title)).Append("</h2>\n");
            sb.Append("<p class=\"summary\">").Append(E(s.Summary)).Append("</p>\n");
            for (int f = 0; f < s.Figures.Count; f++)
            {
                var fig = s.Figures[f];
                if (files[i][f] is not { } src)
                {
                    sb.Append("<p class=\"problem\">Not drawn — ").Append(E(fig.Caption)).Append(": ").Append(E(fig.Problem ?? "")).Append("</p>\n");
                    continue;
                }
                var (w, h) = SvgSize(fig.Svg);
                sb.Append("<figure").Append(fig.Kind is { } kind ? $" data-kind=\"{kind}\"" : "").Append("><a href=\"").Append(src).Append("\"><img src=\"").Append(src).Append("\" width=\"").Append(w)
                    .Append("\" height=\"").Append(h).Append("\" alt=\"").Append(E(fig.Caption)).Append("\"/></a><figcaption>")
                    .Append(E(fig.Caption)).Append("</figcaption></figure>\n");
            }
            if (s.Parameters.Count > 0)
            {
                sb.Append("<table><caption>Parameters</caption><tr><th>parameter</th><th>value</th></tr>\n");
                foreach (var (k, v) in s.Parameters) sb.Append("<tr><td>").Append(E(k)).Append("</td><td>").Append(E(ReportContent.Format(v))).Append("</td></tr>\n");
                sb.Append("</table>\n");
            }
            if (s.Table is { } t) AppendTable(sb, t);
            sb.Append("</section>\n");
        }
        AppendProvenance(sb, sections);
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static void AppendTable(StringBuilder sb, ReportTable t)
    {
        sb.Append("<table><caption>").Append(E(t.Caption)).Append("</caption>");
        if (t.Header.Length > 0)
        {
            sb.Append("<tr>");
            foreach (var h in t.Header) sb.Append("<th>").Append(E(h)).Append("</th>");
            sb.Append("</tr>");
        }
        sb.Append('\n');
        foreach (var row in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
                sb.Append(IsNumber(cell) ? "<td class=\"n\">" : "<td>").Append(E(cell)).Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</table>\n");
    }

    private static readonly Regex NumberCell = new(@"^[<>\-+]?[0-9][0-9,.\u2009]*([eE][+-]?[0-9]+)?( ?%)?$", RegexOptions.CultureInvariant);

    // Numbers (counts, shares, times) align right; names, dates and versions stay left.
    private static bool IsNumber(string s) => NumberCell.IsMatch(s);

    private void AppendProvenance(StringBuilder sb, IReadOnlyList<ReportSection> sections)
    {
        sb.Append("<section id=\"provenance\">\n<h2>Provenance</h2>\n");
        var inputs = sections.SelectMany(s => s.Inputs).Distinct(StringComparer.Ordinal).ToList();
        // A bare file name (LENS keeps the trajectory's name) is dropped when a full path to that file is listed.
        var named = inputs.Where(p => Path.GetFileName(p) != p).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        inputs.RemoveAll(p => Path.GetFileName(p) == p && named.Contains(p));
        if (inputs.Count > 0)
        {
            var files = new List<string[]>();
            foreach (var p in inputs)
            {
                FileInfo? fi = null;
                try { fi = File.Exists(p) ? new FileInfo(p) : null; } catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { }
                files.Add(fi is null
                    ? [p, "—", "not found from here (a name, or a file on another machine)"]
                    : [fi.FullName, Size(fi.Length), fi.LastWriteTimeUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)]);
            }
            AppendTable(sb, new ReportTable("Input files", ["file", "size", "last modified"], files));
        }
        var version = typeof(Report).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var rows = new List<string[]>
        {
            new[] { "SoapLens", version },
            new[] { ".NET", RuntimeInformation.FrameworkDescription },
        };
        rows.AddRange(_provenance.Select(p => new[] { p.Name, p.Value }));
        rows.Add(["operating system", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})"]);
        rows.Add(["machine", $"{Environment.MachineName}, {Environment.ProcessorCount} logical processors"]);
        rows.Add(["written", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)]);
        AppendTable(sb, new ReportTable("Software and machine", [], rows));
        sb.Append("</section>\n");
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1 << 20 => (bytes / 1024.0).ToString("0.# 'KiB'", CultureInfo.InvariantCulture),
        < 1 << 30 => (bytes / 1048576.0).ToString("0.# 'MiB'", CultureInfo.InvariantCulture),
        _ => (bytes / 1073741824.0).ToString("0.## 'GiB'", CultureInfo.InvariantCulture),
    };

    private static (string W, string H) SvgSize(string svg)
    {
        static string Attr(string s, string name)
        {
            int i = s.IndexOf(" " + name + "=\"", StringComparison.Ordinal);
            if (i < 0) return "600";
            i += name.Length + 3;
            return s[i..s.IndexOf('"', i)];
        }
        int root = svg.IndexOf("<svg", StringComparison.Ordinal);
        var head = root < 0 ? "" : svg[root..svg.IndexOf('>', root)];
        return (Attr(head, "width"), Attr(head, "height"));
    }

    // Results that do not describe themselves: datasets (and other dataset sources) get their
    // plane or time series, any other exportable result its attributes.
    private static IReportContent Builtin(object r)
    {
        switch (r)
        {
            case IDatasetSource source:
                var d = source.ToDataset();
                return new Section(r is Dataset ? $"Dataset {d.RowCount} × {d.ColumnCount} ({d.Source})" : r.ToString() ?? r.GetType().Name,
                    ReportContent.Parameters(d.Parameters, ("rows", d.RowCount), ("columns", ReportContent.Format(d.ColumnNames)), ("name", d.Source),
                        ("frames", ReportContent.FrameRange(d.Frames.Distinct().ToArray()))),
                    c =>
                    {
                        var labels = c.LabelsFor(d);
                        return d.ColumnCount >= 2
                            ? [c.Draw("plane", $"The first two columns. {ReportContext.ColouredBy(labels)}", FigureKind.Scatter, r, new FigureRequest { Labels = labels })]
                            : [c.Draw("series", $"{d.ColumnNames[0]} of every atom along time, with the distribution of its values. {ReportContext.ColouredBy(labels)}",
                                FigureKind.TimeSeries, r, new FigureRequest { Labels = labels })];
                    });
            case IClusterLabelsSource labelled when ClusterLabelsInput.TryGetOrNull(labelled) is IReportContent inner:
                return inner;
            case IBundleConvertible b:
                return new Section(r.ToString() ?? r.GetType().Name, b.ToBundle().Attributes, _ => []);
            default:
                return new Section(r.GetType().Name, new Dictionary<string, object>(), _ => []);
        }
    }

    private sealed class Section(string title, IReadOnlyDictionary<string, object> parameters, Func<ReportContext, IEnumerable<ReportFigure>> figures) : IReportContent
    {
        public string ReportTitle => title;
        public IReadOnlyDictionary<string, object> ReportParameters => parameters;
        public IEnumerable<ReportFigure> ReportFigures(ReportContext context) => figures(context);
    }
}

/// <summary>One result's part of the report.</summary>
public sealed record ReportSection(string Title, string Summary, IReadOnlyDictionary<string, object> Parameters, IReadOnlyList<ReportFigure> Figures)
{
    public ReportTable? Table { get; init; }

    /// <summary>Input files named by the result.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];
}
