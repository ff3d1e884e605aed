using SoapLens.Data;

namespace SoapLens.Pipeline.Stages;

/// <summary>
/// A stage that is fed the piped datasets one at a time and computes in <see cref="End"/>
/// (PCA, clustering, TICA/VAMP, network CVs): the one shape the dataset cmdlets forward to.
/// </summary>
public interface IDatasetStage
{
    void Begin();
    void Process(IDatasetSource input);
    void End();
}
