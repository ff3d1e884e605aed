using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using SoapLens.Data;
using SoapLens.Dynamics;
using SoapLens.IO;
using SoapLens.Learning;

namespace SoapLens.Plots;

/// <summary>
/// A result that describes itself in the HTML report: a heading, its parameters and the figures it
/// contributes. Result types of other areas (SOAP, LENS, PCA...) implement it to appear in
/// Export-SoapLensReport; the dynamics results are described by the report itself.
/// </summary>
public interface IReportContent
{
    string ReportTitle { get; }

    /// <summary>Parameters and provenance shown as a table under the heading (input files, cutoffs, versions...).</summary>
    IReadOnlyDictionary<string, object> ReportParameters { get; }

    /// <summary>The figures; <paramref name="context"/> gives the palette and the other results (to pair a projection with labels).</summary>
    IEnumerable<ReportFigure> ReportFigures(ReportContext context);
}

/// <summary>One figure of the report: a file stem (letters, digits, dashes), a caption and the SVG document.</summary>
public sealed record ReportFigure(string Name, string Caption, string Svg);

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

    /// <summary>The labels the report holds for a dataset: the last labelled result sharing its (frame, atom id) keys, macro labels first.</summary>
    public ClusterLabels? LabelsFor(Dataset data)
    {
        var candidates = Results.Select(ClusterLabelsInput.TryGetOrNull).OfType<ClusterLabels>().Reverse()
            .OrderByDescending(l => l.Parameters.ContainsKey("merge_map"));
        foreach (var l in candidates)
        {
            var aligned = LabelAlignment.ForRows(data, l);
            if (aligned.Any(x => x != LabelGrid.Missing)) return l;
        }
        return null;
    }
}

/// <summary>
/// Export-SoapLensReport's engine: collects results, asks each for its section (figures, parameters),
/// and writes a folder with index.html and the figures as SVG files. The page is static HTML with
/// inline CSS: no scripts and nothing fetched from the network, so it opens offline.
/// </summary>
public sealed class Report
{
    private readonly List<object> _results = [];

    public Report(string title = "SoapLens report", Palette? palette = null)
    {
        Title = title;
        Palette = palette ?? Palette.Default;
    }

    public string Title { get; }
    public Palette Palette { get; }
    public IReadOnlyList<object> Results => _results;

    public void Add(object result) => _results.Add(result);

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
            sections.Add(new ReportSection(content.ReportTitle, r.ToString() ?? "", content.ReportParameters, figures));
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
            var files = new List<List<string>>();
            int n = 0;
            foreach (var s in sections)
            {
                var names = new List<string>();
                foreach (var f in s.Figures)
                {
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

    private static string Value(object v) => v switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable e => string.Join(", ", e.Cast<object>().Take(24).Select(Value)) + (e.Cast<object>().Count() > 24 ? ", …" : ""),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private string Html(IReadOnlyList<ReportSection> sections, List<List<string>> files)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        sb.Append("<title>").Append(E(Title)).Append("</title>\n<style>\n")
            .Append("body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\n")
            .Append("h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.3em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}\n")
            .Append("figure{display:inline-block;margin:1em 1em 1em 0;vertical-align:top;max-width:100%}\n")
            .Append("figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9em;color:#555;max-width:720px}\n")
            .Append("table{border-collapse:collapse;font-size:.9em;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .6em;text-align:left;vertical-align:top}\n")
            .Append("th{background:#f6f6f6}.summary{color:#555}nav a{margin-right:1em}\n</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(E(Title)).Append("</h1>\n");
        sb.Append("<p class=\"summary\">").Append(sections.Count).Append(" result(s), ").Append(files.Sum(f => f.Count)).Append(" figure(s).</p>\n<nav>");
        for (int i = 0; i < sections.Count; i++) sb.Append("<a href=\"#s").Append(i + 1).Append("\">").Append(E(sections[i].Title)).Append("</a>");
        sb.Append("</nav>\n");
        for (int i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            sb.Append("<section id=\"s").Append(i + 1).Append("\">\n<h2>").Append(E(s.Title)).Append("</h2>\n");
            sb.Append("<p class=\"summary\">").Append(E(s.Summary)).Append("</p>\n");
            for (int f = 0; f < s.Figures.Count; f++)
            {
                var (w, h) = SvgSize(s.Figures[f].Svg);
                sb.Append("<figure><a href=\"").Append(files[i][f]).Append("\"><img src=\"").Append(files[i][f]).Append("\" width=\"").Append(w)
                    .Append("\" height=\"").Append(h).Append("\" alt=\"").Append(E(s.Figures[f].Caption)).Append("\"/></a><figcaption>")
                    .Append(E(s.Figures[f].Caption)).Append("</figcaption></figure>\n");
            }
            if (s.Parameters.Count > 0)
            {
                sb.Append("<table><tr><th>parameter</th><th>value</th></tr>\n");
                foreach (var (k, v) in s.Parameters) sb.Append("<tr><td>").Append(E(k)).Append("</td><td>").Append(E(Value(v))).Append("</td></tr>\n");
                sb.Append("</table>\n");
            }
            sb.Append("</section>\n");
        }
        var version = typeof(Report).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        sb.Append("<h2>Provenance</h2>\n<table>\n")
            .Append("<tr><td>SoapLens</td><td>").Append(E(version)).Append("</td></tr>\n")
            .Append("<tr><td>runtime</td><td>").Append(E(RuntimeInformation.FrameworkDescription)).Append(" on ").Append(E(RuntimeInformation.OSDescription)).Append("</td></tr>\n")
            .Append("<tr><td>written</td><td>").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append("</td></tr>\n")
            .Append("</table>\n</body>\n</html>\n");
        return sb.ToString();
    }

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

    // The dynamics results and plain datasets, described without their types knowing about reports.
    private static IReportContent Builtin(object r) => r switch
    {
        TransitionMatrix tm => new Section($"Transition matrix ({tm.ClusterCount} clusters, lag {tm.Lag})", Params(tm.Parameters, ("lag", tm.Lag), ("stride", tm.Stride), ("noise pairs", tm.NoisePairs)),
            c => [Fig("chord", "Chord diagram of the transitions: arcs ∝ transitions leaving each cluster, ribbons ∝ counts, colour = dominant direction.", FigureKind.Chord, tm, c),
                  Fig("transition-matrix", "Transition probabilities (%) from the cluster at t (rows) to the cluster at t + lag (columns).", FigureKind.Heatmap, tm, c)]),
        ClusterMerge m => new Section($"Macro-clusters ({m.MicroCount} → {m.MacroCount})", Params(new Dictionary<string, object>(),
                ("method", m.Method), ("threshold", m.Threshold), ("macro-clusters", string.Join("  ", m.MacroNames.Select(n => $"[{n}]")))),
            c => m.Linkage is null
                ? [Fig("macro-chord", "Chord diagram between macro-clusters.", FigureKind.Chord, m, c)]
                : [Fig("dendrogram", "Average-linkage dendrogram of the transition rows (1 − correlation) with the cut.", FigureKind.Dendrogram, m, c),
                   Fig("macro-chord", "Chord diagram between macro-clusters.", FigureKind.Chord, m, c),
                   Fig("macro-matrix", "Transition probabilities (%) between macro-clusters.", FigureKind.Heatmap, m, c)]),
        ClusterLabels l => new Section($"Clusters ({l.Method}, {l.ClusterCount} clusters)", Params(l.Parameters, ("points", l.RowCount), ("noise", l.NoiseCount)),
            c => [Fig("populations", "Cluster populations between frames (bands: atoms moving between clusters).", FigureKind.PopulationFlow, l, c)]),
        ResidenceTimes rt => new Section("Residence times", Params(rt.Parameters, ("time step", rt.TimeStep), ("unit", rt.TimeUnit),
                ("mean complete stay", string.Join("  ", rt.Summary().Select(s => $"{s.Name}: {s.MeanComplete.ToString("G3", CultureInfo.InvariantCulture)}")))),
            _ => []),
        Dataset d => new Section($"Dataset {d.RowCount} × {d.ColumnCount} ({d.Source})", Params(d.Parameters),
            c => d.ColumnCount < 2 ? [] : [Fig("plane", "The first two columns, coloured by cluster when the report holds labels for these rows.", FigureKind.Scatter, d, c,
                new FigureRequest { Labels = c.LabelsFor(d) })]),
        _ => new Section(r.GetType().Name, new Dictionary<string, object>(), _ => []),
    };

    private static ReportFigure Fig(string name, string caption, FigureKind kind, object input, ReportContext c, FigureRequest? request = null) =>
        new(name, caption, Figures.Render(kind, input, (request ?? new FigureRequest()) with { Options = new FigureOptions { Palette = c.Palette } }, c.Cancellation));

    private static IReadOnlyDictionary<string, object> Params(IReadOnlyDictionary<string, object> parameters, params (string, object)[] extra)
    {
        var d = new Dictionary<string, object>();
        foreach (var (k, v) in extra) d[k] = v;
        foreach (var (k, v) in parameters) d.TryAdd(k, v);
        return d;
    }

    private sealed class Section(string title, IReadOnlyDictionary<string, object> parameters, Func<ReportContext, IEnumerable<ReportFigure>> figures) : IReportContent
    {
        public string ReportTitle => title;
        public IReadOnlyDictionary<string, object> ReportParameters => parameters;
        public IEnumerable<ReportFigure> ReportFigures(ReportContext context) => figures(context);
    }
}

/// <summary>One result's part of the report.</summary>
public sealed record ReportSection(string Title, string Summary, IReadOnlyDictionary<string, object> Parameters, IReadOnlyList<ReportFigure> Figures);
