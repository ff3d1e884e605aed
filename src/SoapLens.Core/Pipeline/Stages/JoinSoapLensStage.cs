using SoapLens.Descriptors;
using SoapLens.Dynamics;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Join-SoapLens.</summary>
public sealed record JoinSoapLensOptions
{
    /// <summary>The LENS signal every piped spectrum is joined with.</summary>
    public required LensSignal Lens { get; init; }

    public double LensWeight { get; init; } = 1.0;
    public bool SoapOnly { get; init; }
    public int ThrottleLimit { get; init; }

    public SoapLensJoinOptions ToJoinOptions() => new() { LensWeight = LensWeight, SoapOnly = SoapOnly, Threads = ThrottleLimit };
}

/// <summary>
/// Join-SoapLens: each piped <see cref="SoapSpectrum"/> joined with the LENS signal into one
/// SOAP&amp;LENS dataset (or, with SoapOnly, the SOAP part on the same rows). A spectrum that does
/// not match the LENS (centres, frames, delay) is a non-terminating error naming what differs.
/// </summary>
public sealed class JoinSoapLensStage : Stage
{
    private readonly JoinSoapLensOptions _options;

    public JoinSoapLensStage(IPipelineHost host, JoinSoapLensOptions options) : base(host) => _options = options;

    public override void Begin()
    {
        if (_options.Lens is null) throw SoapLensException.Argument("A LENS signal is required (-Lens).", "Lens");
        _options.ToJoinOptions().Validate();
    }

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        if (input is not SoapSpectrum soap)
        {
            Host.WriteError(new SoapLensError("InputNotSoapSpectrum", ErrorKind.InvalidArgument,
                $"Join-SoapLens joins a SoapSpectrum (Get-SoapSpectrum, Import-SoapLensData) with a LensSignal; got a {input.GetType().Name}.", input));
            return;
        }
        TryRun(() =>
        {
            var lens = _options.Lens;
            var alignment = SoapLensAlignment.Create(soap, lens);
            if (lens.IsSmoothed && !lens.Clipped)
                Host.WriteWarning("The LENS signal was smoothed without -Clip: smoothed values may leave [0, 1] (the paper clips them).");
            Host.WriteVerbose($"Join-SoapLens: {alignment.FrameCount} frames ({alignment.Frames[0]}..{alignment.Frames[^1]}) × {alignment.CentreCount} centres; " +
                $"{alignment.UnusedSoapFrames} of the spectrum's {soap.FrameCount} frames are not used (the last frame and any trimmed by smoothing).");
            Data.Dataset joined;
            using (var progress = new ProgressReporter(Host, "Join-SoapLens"))
                joined = SoapLensJoin.Join(soap, lens, _options.ToJoinOptions(),
                    (done, total) => progress.Report(done, total, $"{done} of {total} frames"), Cancellation);
            Host.Emit(joined);
        }, soap);
    }
}
