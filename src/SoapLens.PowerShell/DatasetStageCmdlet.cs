using SoapLens.Data;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell;

/// <summary>
/// Base of the cmdlets that hand every piped dataset to one <see cref="IDatasetStage"/> and get
/// their result when the pipeline ends (PCA, clustering, CVs): derived cmdlets only build the stage.
/// </summary>
public abstract class DatasetStageCmdlet : SoapLensCmdlet
{
    private IDatasetStage? _stage;

    /// <summary>The datasets bound for the current pipeline record (the -InputObject of the derived base).</summary>
    protected abstract IDatasetSource[] Inputs { get; }

    /// <summary>The stage, from the bound parameters; called once, in BeginProcessing.</summary>
    protected abstract IDatasetStage CreateStage();

    protected sealed override void BeginProcessing() => Run(() =>
    {
        _stage = CreateStage();
        _stage.Begin();
    });

    protected sealed override void ProcessRecord() => Run(() =>
    {
        foreach (var input in Inputs) _stage!.Process(input);
    });

    protected sealed override void EndProcessing() => Run(() => _stage!.End());
}
