using SoapLens.Data;
using SoapLens.Dynamics;

namespace SoapLens.Pipeline.Stages;

/// <summary>
/// Savitzky–Golay smoothing of each piped time-series result: a LensSignal comes back as a
/// smoothed LensSignal (its series per centre), a Dataset or any other dataset source (SOAP spectra,
/// projections...) as a Dataset smoothed column by column along the frames of each atom. Anything
/// else is a non-terminating error.
/// </summary>
public sealed class InvokeSavitzkyGolayStage : Stage
{
    private readonly SavitzkyGolayOptions _options;
    private readonly int _threads;

    public InvokeSavitzkyGolayStage(IPipelineHost host, SavitzkyGolayOptions options, int threads = 0) : base(host)
    {
        _options = options;
        _threads = threads;
    }

    public override void Begin() => _options.Validate();

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        switch (input)
        {
            case LensSignal lens:
                TryRun(() => Host.Emit(lens.Smooth(_options, _threads)), lens.Source);
                break;
            case IDatasetSource source:
                TryRun(() => Host.Emit(TimeSeriesSmoothing.Smooth(source.ToDataset(), _options, _threads, Cancellation)), input);
                break;
            default:
                Host.WriteError(new SoapLensError("InputNotTimeSeries", ErrorKind.InvalidArgument,
                    $"A {input.GetType().Name} is not a time series; pipe a LensSignal, a Dataset or another result keyed by frame and atom.", input));
                break;
        }
    }
}
