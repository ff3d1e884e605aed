using System.Collections;
using System.Globalization;
using System.Management.Automation;
using SoapLens.Descriptors;
using SoapLens.Pipeline.Stages;

namespace SoapLens.PowerShell.Commands;

/// <summary>SOAP distances √(2 − 2k) (or kernels k) between the vectors of a spectrum and reference environments.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "SoapDistance")]
[OutputType(typeof(SoapDistances))]
public sealed class MeasureSoapDistanceCommand : SoapLensCmdlet
{
    private MeasureSoapDistanceStage? _stage;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public SoapSpectrum? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public object? Reference { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ReferenceName { get; set; }

    [Parameter]
    public SwitchParameter Elementwise { get; set; }

    [Parameter]
    public SwitchParameter Kernel { get; set; }

    [Parameter]
    [Alias("n_jobs")]
    [ValidateRange(0, int.MaxValue)]
    public int ThrottleLimit { get; set; }

    protected override void BeginProcessing() => Run(() =>
    {
        var reference = PSObjects.Unwrap(Reference);
        _stage = new MeasureSoapDistanceStage(EngineHost, new SoapDistanceOptions
        {
            ReferenceSpectrum = reference as SoapSpectrum,
            ReferenceVectors = reference is SoapSpectrum ? null : ToVectors(reference),
            ReferenceNames = ReferenceName,
            Elementwise = Elementwise,
            Kernel = Kernel,
            ThrottleLimit = ThrottleLimit,
        });
        _stage.Begin();
    });

    protected override void ProcessRecord() => Run(() => _stage!.Process(InputObject));

    /// <summary>One vector (numbers) or several (a list of number lists).</summary>
    private static List<double[]> ToVectors(object? reference)
    {
        if (reference is not IEnumerable items || reference is string)
            throw new ArgumentException("-Reference takes a SoapSpectrum, one vector of numbers, or a list of vectors.");
        var list = items.Cast<object?>().Select(PSObjects.Unwrap).ToList();
        if (list.Count > 0 && list.All(x => x is IEnumerable and not string))
            return list.Select(ToNumbers).ToList();
        return [ToNumbers(reference)];
    }

    private static double[] ToNumbers(object? vector) => vector switch
    {
        double[] d => d,
        float[] f => f.Select(x => (double)x).ToArray(),
        IEnumerable e => e.Cast<object?>().Select(x => Convert.ToDouble(PSObjects.Unwrap(x), CultureInfo.InvariantCulture)).ToArray(),
        _ => throw new ArgumentException($"Cannot use '{vector}' as a SOAP vector."),
    };
}
