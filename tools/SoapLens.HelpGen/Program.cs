using SoapLens.HelpGen;

// Usage: SoapLens.HelpGen <docs folder> <output MAML path>
// Every docs/<Verb>-<Noun>.md page is a cmdlet page; about_*.md and concept pages are skipped.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: SoapLens.HelpGen <docs-folder> <output.xml>");
    return 2;
}
var pages = Directory.GetFiles(args[0], "*-*.md")
    .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
    .OrderBy(p => p, StringComparer.Ordinal)
    .Select(p => MarkdownHelpReader.Read(File.ReadAllText(p)))
    .Where(h => h.Name.Contains('-'))
    .ToList();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[1]))!);
var tmp = args[1] + ".tmp";
using (var fs = File.Create(tmp)) MamlWriter.Write(pages, fs);
File.Move(tmp, args[1], overwrite: true);
Console.WriteLine($"HelpGen: {pages.Count} command pages -> {args[1]}");
return 0;
