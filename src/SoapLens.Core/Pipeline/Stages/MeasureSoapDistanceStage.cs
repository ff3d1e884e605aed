using SoapLens.Descriptors;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Measure-SoapDistance: the references are either a spectrum or plain vectors.</summary>
public sealed record SoapDistanceOptions
{
    /// <summary>Every vector of this spectrum is a reference (or, with <see cref="Elementwise"/>, the partner of the same frame and centre).</summary>
    public SoapSpectrum? ReferenceSpectrum { get; init; }

    /// <summary>Reference vectors in the layout of the measured spectrum.</summary>
    public IReadOnlyList<double[]>? ReferenceVectors { get; init; }

    /// <summary>Names of the reference vectors (default r0, r1, ...).</summary>
    public IReadOnlyList<string>? ReferenceNames { get; init; }

    /// <summary>Compare vector (f, c) of the input with vector (f, c) of the reference spectrum only.</summary>
    public bool Elementwise { get; init; }

    /// <summary>Report the kernel k = p̂·q̂ instead of the distance √(2 − 2k).</summary>
    public bool Kernel { get; init; }

    public int ThrottleLimit { get; init; }

    public void Validate()
    {
        if ((ReferenceSpectrum is null) == (ReferenceVectors is null))
            throw SoapLensException.Argument("Give the references either as a SoapSpectrum or as vectors (-Reference).");
        if (Elementwise && ReferenceSpectrum is null)
            throw SoapLensException.Argument("-Elementwise needs a SoapSpectrum as -Reference.");
        if (ReferenceVectors is { Count: 0 })
            throw SoapLensException.Argument("-Reference holds no vectors.");
        if (ReferenceNames is not null && ReferenceVectors is not null && ReferenceNames.Count != ReferenceVectors.Count)
            throw SoapLensException.Argument($"{ReferenceNames.Count} reference names for {ReferenceVectors.Count} vectors.");
    }
}

/// <summary>SOAP distances (or kernels) from every vector of each piped spectrum to the references.</summary>
public sealed class MeasureSoapDistanceStage : Stage
{
    private readonly SoapDistanceOptions _options;

    public MeasureSoapDistanceStage(IPipelineHost host, SoapDistanceOptions options) : base(host) => _options = options;

    public override void Begin() => _options.Validate();

    public void Process(SoapSpectrum? spectrum)
    {
        if (spectrum is null) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            var o = _options;
            SoapDistances result;
            if (o.Elementwise) result = SoapDistances.Elementwise(spectrum, o.ReferenceSpectrum!, o.Kernel);
            else
            {
                IReadOnlyList<double[]> vectors;
                string[] names;
                if (o.ReferenceSpectrum is not null)
                    (vectors, names) = SoapDistances.ReferencesFrom(o.ReferenceSpectrum, spectrum.Parameters, spectrum.Layout);
                else
                {
                    vectors = o.ReferenceVectors!;
                    names = o.ReferenceNames?.ToArray() ?? Enumerable.Range(0, vectors.Count).Select(i => $"r{i}").ToArray();
                }
                result = SoapDistances.ToReferences(spectrum, vectors, names, o.Kernel, o.ThrottleLimit, Cancellation);
            }
            Host.Emit(result);
        }, spectrum);
    }
}
