namespace SoapLens.Data;

/// <summary>
/// A result that can feed the whole-dataset steps (PCA, clustering, collective variables): SOAP
/// spectra, LENS signals, their join, projections, CV scores. Those cmdlets accept any object
/// implementing it, so a new result type needs no change in them.
/// </summary>
public interface IDatasetSource
{
    /// <summary>The rows keyed by (frame, atom id), frame-major, as a dataset (may share storage with the result).</summary>
    Dataset ToDataset();
}
