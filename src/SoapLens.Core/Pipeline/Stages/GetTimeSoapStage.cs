using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.Trajectories;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Get-TimeSoap.</summary>
public sealed record TimeSoapOptions
{
    /// <summary>The delay w in frames: tSOAP(t) compares frame t with frame t − w.</summary>
    public int Window { get; init; } = 1;

    /// <summary>SOAP parameters used when a trajectory (not a spectrum) is piped.</summary>
    public SoapSpectrumOptions Soap { get; init; } = new();
}

/// <summary>
/// tSOAP from a piped <see cref="SoapSpectrum"/> or from a <see cref="Trajectory"/>. A trajectory is
/// streamed through the SOAP engine and only the last w frames of spectra are kept, so memory does
/// not grow with the trajectory length.
/// </summary>
public sealed class GetTimeSoapStage : Stage
{
    private readonly TimeSoapOptions _options;

    public GetTimeSoapStage(IPipelineHost host, TimeSoapOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        if (_options.Window < 1)
            throw new SoapLensException("TimeSoapWindowInvalid", ErrorKind.InvalidArgument, $"Window must be at least 1 frame (got {_options.Window}).", _options.Window);
    }

    public void Process(object? input)
    {
        switch (input)
        {
            case null: return;
            case SoapSpectrum spectrum:
                TryRun(() => Host.Emit(TimeSoap.FromSpectrum(spectrum, _options.Window)), spectrum);
                break;
            case Trajectory trajectory:
                TryRun(() => Host.Emit(FromTrajectory(trajectory)), trajectory.Name);
                break;
            default:
                Host.WriteError(new SoapLensError("InputNotSoapSource", ErrorKind.InvalidArgument,
                    $"Get-TimeSoap takes a SoapSpectrum (from Get-SoapSpectrum) or a Trajectory (from Import-Trajectory), not a {input.GetType().Name}.", input));
                break;
        }
    }

    private TimeSoap FromTrajectory(Trajectory trajectory)
    {
        Cancellation.ThrowIfCancellationRequested();
        var soap = _options.Soap;
        soap.Validate();
        // The distance uses the full-layout inner product whatever the layout, so compute the compact one.
        var job = SoapJob.Prepare(Host, trajectory, soap, SoapLayout.Dscribe, normalize: false);
        TimeSoapBuilder? builder = null;
        job.Run(Host, "Get-TimeSoap", (frame, d, s) =>
        {
            builder ??= new TimeSoapBuilder(job.Calculator.Parameters, SoapLayout.Dscribe, _options.Window, job.CentreIds,
                soap.NonPeriodic ? Pbc.None : frame.Pbc, trajectory.Path);
            if (s is not null) builder.Add(frame.Index, frame.Time ?? double.NaN, s);
            else builder.Add(frame.Index, frame.Time ?? double.NaN, d!);
        });
        return builder!.Build();
    }
}
