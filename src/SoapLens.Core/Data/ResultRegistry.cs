using SoapLens.Pipeline;

namespace SoapLens.Data;

/// <summary>
/// Rebuilds typed results from bundles read back from files. Each result type registers its
/// FromBundle here (one line per type); an unknown kind comes back as a <see cref="Dataset"/>.
/// </summary>
public static class ResultRegistry
{
    private static readonly Dictionary<string, Func<DataBundle, object>> s_factories = new(StringComparer.Ordinal)
    {
        [Dataset.Kind] = Dataset.FromBundle,
        [Learning.ClusterLabels.Kind] = Learning.ClusterLabels.FromBundle,
        [Trajectories.AtomSelection.Kind] = Trajectories.AtomSelection.FromBundle,
        [Dynamics.TransitionMatrix.Kind] = Dynamics.TransitionMatrix.FromBundle,
        [Dynamics.ClusterMerge.Kind] = Dynamics.ClusterMerge.FromBundle,
        [Dynamics.ResidenceTimes.Kind] = Dynamics.ResidenceTimes.FromBundle,
        [Learning.PcaResult.Kind] = Learning.PcaResult.Restore,
        [Learning.PcaModel.Kind] = Learning.PcaModel.FromBundle,
        [Learning.GaussianMixtureModel.Kind] = Learning.GaussianMixtureModel.FromBundle,
        [Learning.KMeansModel.Kind] = Learning.KMeansModel.FromBundle,
        [Descriptors.SoapSpectrum.Kind] = Descriptors.SoapSpectrum.FromBundle,
        [Descriptors.TimeSoap.Kind] = Descriptors.TimeSoap.FromBundle,
        [Descriptors.SoapDistances.Kind] = Descriptors.SoapDistances.FromBundle,
        [Learning.Cv.TicaResult.ResultKind] = Learning.Cv.TicaResult.FromBundle,
        [Learning.Cv.VampScore.Kind] = Learning.Cv.VampScore.FromBundle,
        [Learning.Cv.EigenfunctionCvResult.ResultKind] = Learning.Cv.EigenfunctionCvResult.FromBundle,
        [Learning.Cv.AutoencoderCvResult.ResultKind] = Learning.Cv.AutoencoderCvResult.FromBundle,
        [Learning.Cv.LangevinTrajectory.Kind] = Learning.Cv.LangevinTrajectory.FromBundle,
        [Dynamics.LensSignal.Kind] = Dynamics.LensSignal.FromBundle,
        [Learning.HdbscanModel.Kind] = Learning.HdbscanModel.FromBundleOrTable,
    };

    public static void Register(string kind, Func<DataBundle, object> factory)
    {
        lock (s_factories) s_factories[kind] = factory;
    }

    public static bool IsKnown(string kind)
    {
        lock (s_factories) return s_factories.ContainsKey(kind);
    }

    /// <summary>The typed result a bundle describes; a plain array becomes a Dataset.</summary>
    public static object FromBundle(DataBundle bundle)
    {
        Func<DataBundle, object>? f;
        lock (s_factories) s_factories.TryGetValue(bundle.Kind, out f);
        try
        {
            return (f ?? Dataset.FromBundle)(bundle);
        }
        catch (Exception ex) when (ex is not SoapLensException and not OperationCanceledException)
        {
            throw new SoapLensException("BundleInvalid", ErrorKind.InvalidData, $"Cannot rebuild a {bundle.Kind} result: {ex.Message}", bundle.Kind, ex);
        }
    }
}
