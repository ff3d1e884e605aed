namespace SoapLens.HelpGen;

/// <summary>The parts of a platyPS markdown page that MAML carries.</summary>
public sealed class CommandHelp
{
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public List<string> Description { get; } = new();
    public List<(string Name, bool IsDefault, string Code)> Syntax { get; } = new();
    public List<ExampleHelp> Examples { get; } = new();
    public List<ParameterHelp> Parameters { get; } = new();
    public List<(string Type, string Description)> Inputs { get; } = new();
    public List<(string Type, string Description)> Outputs { get; } = new();
    public List<string> Notes { get; } = new();
    public List<string> RelatedLinks { get; } = new();
}

public sealed class ExampleHelp
{
    public string Title { get; set; } = "";
    public string Code { get; set; } = "";
    public List<string> Remarks { get; } = new();
}

public sealed class ParameterHelp
{
    public string Name { get; set; } = "";
    public List<string> Description { get; } = new();
    public string Type { get; set; } = "Object";
    public List<string> ParameterSets { get; } = new();
    public string Aliases { get; set; } = "";
    public bool Required { get; set; }
    public string Position { get; set; } = "Named";
    public string DefaultValue { get; set; } = "None";
    public string PipelineInput { get; set; } = "False";
    public bool Wildcards { get; set; }
    public List<string> AcceptedValues { get; } = new();
}
