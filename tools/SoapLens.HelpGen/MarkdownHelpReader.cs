namespace SoapLens.HelpGen;

/// <summary>
/// Reads the platyPS 0.14 markdown schema 2.0.0: front matter, "# Name", "## SYNOPSIS",
/// "## SYNTAX" (### set + fenced code), "## DESCRIPTION", "## EXAMPLES" (### title, fenced code,
/// remarks), "## PARAMETERS" (### -Name, text, yaml block), "## INPUTS", "## OUTPUTS", "## NOTES",
/// "## RELATED LINKS".
/// </summary>
public static class MarkdownHelpReader
{
    public static CommandHelp Read(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int i = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            i = 1;
            while (i < lines.Length && lines[i].Trim() != "---") i++;
            i++;
        }
        var help = new CommandHelp();
        string section = "";
        string? sub = null;
        ExampleHelp? example = null;
        ParameterHelp? parameter = null;
        var para = new List<string>();

        void FlushPara(List<string> target)
        {
            if (para.Count > 0) { target.Add(string.Join(" ", para).Trim()); para.Clear(); }
        }
        List<string> CurrentTextTarget() => section switch
        {
            "DESCRIPTION" => help.Description,
            "NOTES" => help.Notes,
            "EXAMPLES" when example is not null => example.Remarks,
            "PARAMETERS" when parameter is not null => parameter.Description,
            _ => new List<string>(),
        };

        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            var t = line.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal))
            {
                FlushPara(CurrentTextTarget());
                var lang = t[3..].Trim();
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++) code.Add(lines[i]);
                var block = string.Join("\n", code);
                if (section == "SYNTAX" && sub is not null)
                {
                    var name = sub.Replace("(Default)", "").Trim();
                    help.Syntax.Add((name, sub.Contains("(Default)"), block.Trim()));
                }
                else if (section == "EXAMPLES" && example is not null)
                    example.Code = string.IsNullOrEmpty(example.Code) ? block : example.Code + "\n" + block;
                else if (section == "PARAMETERS" && parameter is not null && lang == "yaml")
                    ParseYaml(parameter, code);
                continue;
            }
            if (t.StartsWith("# ", StringComparison.Ordinal) && !t.StartsWith("## ", StringComparison.Ordinal))
            {
                help.Name = t[2..].Trim();
                continue;
            }
            if (t.StartsWith("## ", StringComparison.Ordinal))
            {
                FlushPara(CurrentTextTarget());
                section = t[3..].Trim().ToUpperInvariant();
                sub = null; example = null; parameter = null;
                continue;
            }
            if (t.StartsWith("### ", StringComparison.Ordinal))
            {
                FlushPara(CurrentTextTarget());
                sub = t[4..].Trim();
                if (section == "EXAMPLES") { example = new ExampleHelp { Title = sub }; help.Examples.Add(example); }
                else if (section == "PARAMETERS")
                {
                    if (sub.StartsWith('-')) { parameter = new ParameterHelp { Name = sub[1..].Trim() }; help.Parameters.Add(parameter); }
                    else parameter = null; // CommonParameters
                }
                else if (section == "INPUTS") help.Inputs.Add((sub, ""));
                else if (section == "OUTPUTS") help.Outputs.Add((sub, ""));
                continue;
            }
            if (t.Length == 0) { FlushPara(CurrentTextTarget()); continue; }
            switch (section)
            {
                case "SYNOPSIS": help.Synopsis = (help.Synopsis + " " + t).Trim(); break;
                case "RELATED LINKS": help.RelatedLinks.Add(t); break;
                case "INPUTS" when help.Inputs.Count > 0:
                    help.Inputs[^1] = (help.Inputs[^1].Type, (help.Inputs[^1].Description + " " + t).Trim()); break;
                case "OUTPUTS" when help.Outputs.Count > 0:
                    help.Outputs[^1] = (help.Outputs[^1].Type, (help.Outputs[^1].Description + " " + t).Trim()); break;
                default: para.Add(t); break;
            }
        }
        FlushPara(CurrentTextTarget());
        return help;
    }

    private static void ParseYaml(ParameterHelp p, List<string> yaml)
    {
        foreach (var raw in yaml)
        {
            int c = raw.IndexOf(':');
            if (c < 0) continue;
            var key = raw[..c].Trim();
            var value = raw[(c + 1)..].Trim();
            switch (key)
            {
                case "Type": p.Type = value; break;
                case "Parameter Sets":
                    p.ParameterSets.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); break;
                case "Aliases": p.Aliases = value; break;
                case "Accepted values":
                    p.AcceptedValues.AddRange(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)); break;
                case "Required": p.Required = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
                case "Position": p.Position = value; break;
                case "Default value": p.DefaultValue = value; break;
                case "Accept pipeline input": p.PipelineInput = value; break;
                case "Accept wildcard characters": p.Wildcards = value.StartsWith("True", StringComparison.OrdinalIgnoreCase); break;
            }
        }
    }
}
