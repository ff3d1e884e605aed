using System.Xml;

namespace SoapLens.HelpGen;

/// <summary>Writes the MAML (command help XML) that PowerShell's Get-Help reads for binary modules.</summary>
public static class MamlWriter
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(IEnumerable<CommandHelp> commands, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement("helpItems");
        w.WriteAttributeString("schema", "maml");
        w.WriteAttributeString("xmlns", "maml", null, Maml);
        w.WriteAttributeString("xmlns", "command", null, Command);
        w.WriteAttributeString("xmlns", "dev", null, Dev);
        foreach (var c in commands) WriteCommand(w, c);
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Paras(XmlWriter w, IEnumerable<string> paras)
    {
        w.WriteStartElement("maml", "description", Maml);
        foreach (var p in paras) w.WriteElementString("maml", "para", Maml, p);
        w.WriteEndElement();
    }

    private static void WriteCommand(XmlWriter w, CommandHelp c)
    {
        var dash = c.Name.IndexOf('-');
        w.WriteStartElement("command", "command", Command);
        w.WriteStartElement("command", "details", Command);
        w.WriteElementString("command", "name", Command, c.Name);
        Paras(w, [c.Synopsis]);
        w.WriteElementString("command", "verb", Command, dash > 0 ? c.Name[..dash] : c.Name);
        w.WriteElementString("command", "noun", Command, dash > 0 ? c.Name[(dash + 1)..] : "");
        w.WriteEndElement();
        Paras(w, c.Description);

        w.WriteStartElement("command", "syntax", Command);
        var sets = c.Syntax.Count > 0 ? c.Syntax.Select(s => s.Name).ToList() : ["__AllParameterSets"];
        foreach (var set in sets)
        {
            w.WriteStartElement("command", "syntaxItem", Command);
            w.WriteElementString("maml", "name", Maml, c.Name);
            foreach (var p in c.Parameters.Where(p => InSet(p, set)))
                WriteParameter(w, p, inSyntax: true);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("command", "parameters", Command);
        foreach (var p in c.Parameters) WriteParameter(w, p, inSyntax: false);
        w.WriteEndElement();

        w.WriteStartElement("command", "inputTypes", Command);
        foreach (var (type, desc) in c.Inputs) TypeEntry(w, "inputType", type, desc);
        w.WriteEndElement();
        w.WriteStartElement("command", "returnValues", Command);
        foreach (var (type, desc) in c.Outputs) TypeEntry(w, "returnValue", type, desc);
        w.WriteEndElement();

        w.WriteStartElement("maml", "alertSet", Maml);
        w.WriteStartElement("maml", "alert", Maml);
        foreach (var n in c.Notes) w.WriteElementString("maml", "para", Maml, n);
        w.WriteEndElement();
        w.WriteEndElement();

        w.WriteStartElement("command", "examples", Command);
        foreach (var e in c.Examples)
        {
            w.WriteStartElement("command", "example", Command);
            w.WriteElementString("maml", "title", Maml, $"-------------------------- {e.Title} --------------------------");
            w.WriteElementString("dev", "code", Dev, e.Code);
            w.WriteStartElement("dev", "remarks", Dev);
            foreach (var r in e.Remarks) w.WriteElementString("maml", "para", Maml, r);
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("command", "relatedLinks", Command);
        foreach (var l in c.RelatedLinks)
        {
            w.WriteStartElement("maml", "navigationLink", Maml);
            var text = l.TrimStart('-', ' ');
            string uri = "";
            int lb = text.IndexOf('['), rb = text.IndexOf("](", StringComparison.Ordinal);
            if (lb >= 0 && rb > lb)
            {
                uri = text[(rb + 2)..].TrimEnd(')');
                text = text[(lb + 1)..rb];
            }
            w.WriteElementString("maml", "linkText", Maml, text);
            w.WriteElementString("maml", "uri", Maml, uri.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "" : uri);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static bool InSet(ParameterHelp p, string set) =>
        p.ParameterSets.Count == 0 || p.ParameterSets.Any(s => s == set || s == "(All)");

    private static void WriteParameter(XmlWriter w, ParameterHelp p, bool inSyntax)
    {
        w.WriteStartElement("command", "parameter", Command);
        w.WriteAttributeString("required", p.Required ? "true" : "false");
        w.WriteAttributeString("variableLength", "true");
        w.WriteAttributeString("globbing", p.Wildcards ? "true" : "false");
        w.WriteAttributeString("pipelineInput", p.PipelineInput);
        w.WriteAttributeString("position", p.Position.ToLowerInvariant() == "named" ? "named" : p.Position);
        w.WriteAttributeString("aliases", string.IsNullOrWhiteSpace(p.Aliases) ? "none" : p.Aliases);
        w.WriteElementString("maml", "name", Maml, p.Name);
        Paras(w, p.Description);
        if (p.AcceptedValues.Count > 0 && inSyntax)
        {
            w.WriteStartElement("command", "parameterValueGroup", Command);
            foreach (var v in p.AcceptedValues)
            {
                w.WriteStartElement("command", "parameterValue", Command);
                w.WriteAttributeString("required", "false");
                w.WriteAttributeString("command", "variableLength", Command, "false");
                w.WriteString(v);
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        bool isSwitch = p.Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
        if (!isSwitch || !inSyntax)
        {
            w.WriteStartElement("command", "parameterValue", Command);
            w.WriteAttributeString("required", isSwitch ? "false" : "true");
            w.WriteAttributeString("variableLength", "false");
            w.WriteString(p.Type);
            w.WriteEndElement();
        }
        w.WriteStartElement("dev", "type", Dev);
        w.WriteElementString("maml", "name", Maml, p.Type);
        w.WriteElementString("maml", "uri", Maml, "");
        w.WriteEndElement();
        w.WriteElementString("dev", "defaultValue", Dev, p.DefaultValue);
        w.WriteEndElement();
    }

    private static void TypeEntry(XmlWriter w, string element, string type, string description)
    {
        w.WriteStartElement("command", element, Command);
        w.WriteStartElement("dev", "type", Dev);
        w.WriteElementString("maml", "name", Maml, type);
        w.WriteEndElement();
        Paras(w, string.IsNullOrEmpty(description) ? [] : [description]);
        w.WriteEndElement();
    }
}
