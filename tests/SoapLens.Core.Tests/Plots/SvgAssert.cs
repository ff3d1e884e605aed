using System.Xml;
using SoapLens.Tests.Support;

namespace SoapLens.Tests.Plots;

/// <summary>Checks every figure must pass, and the artefact folder where the tests leave them for a human to look at.</summary>
internal static class SvgAssert
{
    private static readonly string[] Drawing = ["path", "rect", "circle", "line", "polyline", "polygon"];

    /// <summary>Parses the document with System.Xml and checks it is a self-contained SVG with something drawn; returns the drawing element count.</summary>
    public static int Valid(string svg, int minDrawing = 1)
    {
        var doc = new XmlDocument { XmlResolver = null };
        doc.LoadXml(svg);
        var root = doc.DocumentElement!;
        Assert.Equal("svg", root.LocalName);
        Assert.Equal("http://www.w3.org/2000/svg", root.NamespaceURI);
        Assert.False(string.IsNullOrEmpty(root.GetAttribute("viewBox")), "viewBox missing");
        Assert.Equal("sans-serif", root.GetAttribute("font-family"));
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("s", "http://www.w3.org/2000/svg");
        Assert.False(string.IsNullOrWhiteSpace(doc.SelectSingleNode("/s:svg/s:title", ns)?.InnerText), "title missing");
        Assert.Null(doc.SelectSingleNode("//s:script", ns));
        Assert.Null(doc.SelectSingleNode("//s:image", ns));
        Assert.Null(doc.SelectSingleNode("//s:style", ns));
        Assert.Null(doc.SelectSingleNode("//@*[local-name()='href']", ns));
        Assert.DoesNotContain("url(", svg);
        int drawn = Drawing.Sum(e => doc.GetElementsByTagName(e).Count) - 1; // minus the background
        Assert.True(drawn >= minDrawing, $"expected at least {minDrawing} drawing elements, found {drawn}");
        foreach (XmlElement t in doc.GetElementsByTagName("text"))
        {
            Assert.False(string.IsNullOrWhiteSpace(t.InnerText), "empty text element");
            if (t.HasAttribute("font-size"))
                Assert.True(double.Parse(t.GetAttribute("font-size"), System.Globalization.CultureInfo.InvariantCulture) >= 8, "font smaller than 8 px");
        }
        return drawn;
    }

    /// <summary>TestResults/figures under the repository root (git-ignored; CI keeps it as an artefact).</summary>
    public static string ArtefactFolder
    {
        get
        {
            var dir = Path.Combine(RepoPaths.Root, "TestResults", "figures");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static void Save(string name, string svg) => File.WriteAllText(Path.Combine(ArtefactFolder, name), svg);
}
