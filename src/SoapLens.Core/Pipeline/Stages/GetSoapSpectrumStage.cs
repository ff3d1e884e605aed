using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.Trajectories;

namespace SoapLens.Pipeline.Stages;

/// <summary>Options of Get-SoapSpectrum (and of Get-TimeSoap when it computes the spectra itself).</summary>
public sealed record SoapSpectrumOptions
{
    public double RCut { get; init; } = double.NaN;
    public int NMax { get; init; } = 8;
    public int LMax { get; init; } = 8;
    public double Sigma { get; init; } = 1.0;

    /// <summary>Element symbols; null = the species of the trajectory.</summary>
    public IReadOnlyList<string>? Species { get; init; }

    /// <summary>Centre atoms; null = every atom.</summary>
    public AtomSelection? Centers { get; init; }

    public SoapLayout Layout { get; init; } = SoapLayout.Dscribe;
    public bool Normalize { get; init; }
    public bool SinglePrecision { get; init; }

    /// <summary>Ignore the cell: every frame non-periodic (dscribe periodic = False).</summary>
    public bool NonPeriodic { get; init; }

    /// <summary>Threads (≤ 0: every core).</summary>
    public int ThrottleLimit { get; init; }

    /// <summary>A further frame selection applied to the piped trajectory (null = all its frames).</summary>
    public FrameSelection? Frames { get; init; }

    /// <summary>Frames held in memory at once (0 = a few per thread).</summary>
    public int BatchSize { get; init; }

    public SimdWidth Simd { get; init; } = SimdWidth.Auto;

    /// <summary>Checks everything that does not depend on the trajectory.</summary>
    public void Validate()
    {
        if (double.IsNaN(RCut))
            throw new SoapLensException("SoapParameterInvalid", ErrorKind.InvalidArgument, "RCut (r_cut) is required: the radial cutoff in Å, e.g. -RCut 6.", "RCut");
        SoapParameters.ValidateNumbers(RCut, NMax, LMax, Sigma);
        if (Species is not null) SoapParameters.ValidateSpecies(Species);
        Frames?.Validate();
        if (BatchSize < 0) throw SoapLensException.Argument($"BatchSize must be ≥ 0 (got {BatchSize}).", BatchSize);
    }
}

/// <summary>
/// Streams each piped trajectory through the SOAP engine in batches of frames (progress per batch,
/// cancellation between batches and inside them) and emits one <see cref="SoapSpectrum"/> per
/// trajectory. A trajectory that cannot be processed (unknown species, bad centres) is a
/// non-terminating error; the others continue.
/// </summary>
public sealed class GetSoapSpectrumStage : Stage
{
    private readonly SoapSpectrumOptions _options;

    public GetSoapSpectrumStage(IPipelineHost host, SoapSpectrumOptions options) : base(host) => _options = options;

    public override void Begin() => _options.Validate();

    public void Process(Trajectory? trajectory)
    {
        if (trajectory is null) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() => Host.Emit(Compute(Host, trajectory, _options, "Get-SoapSpectrum")), trajectory.Name);
    }

    /// <summary>Computes the spectrum of one trajectory with progress on <paramref name="host"/>.</summary>
    internal static SoapSpectrum Compute(IPipelineHost host, Trajectory trajectory, SoapSpectrumOptions options, string activity)
    {
        var job = SoapJob.Prepare(host, trajectory, options, options.Layout, options.Normalize);
        var doubles = options.SinglePrecision ? null : new List<double[]>();
        var singles = options.SinglePrecision ? new List<float[]>() : null;
        var frameIndices = new List<int>();
        var times = new List<double>();
        Pbc? pbc = null;
        job.Run(host, activity, (frame, d, s) =>
        {
            if (s is not null) singles!.Add(s); else doubles!.Add(d!);
            frameIndices.Add(frame.Index);
            times.Add(frame.Time ?? double.NaN);
            pbc ??= options.NonPeriodic ? Pbc.None : frame.Pbc;
        });
        return new SoapSpectrum(job.Calculator.Parameters, options.Layout, options.Normalize, pbc ?? Pbc.None, frameIndices.ToArray(), times.ToArray(),
            job.CentreIds, doubles, singles, trajectory.Path, job.Centres, trajectory.Topology.AtomCount);
    }
}

/// <summary>What Get-SoapSpectrum and Get-TimeSoap share: parameters, centres and the streamed run with progress.</summary>
internal sealed class SoapJob
{
    private readonly Trajectory _trajectory;
    private readonly SoapSpectrumOptions _options;

    private SoapJob(Trajectory trajectory, SoapSpectrumOptions options, SoapCalculator calculator, int[] centres, int[] centreIds)
    {
        _trajectory = trajectory;
        _options = options;
        Calculator = calculator;
        Centres = centres;
        CentreIds = centreIds;
    }

    public SoapCalculator Calculator { get; }
    public int[] Centres { get; }
    public int[] CentreIds { get; }

    public static SoapJob Prepare(IPipelineHost host, Trajectory trajectory, SoapSpectrumOptions options, SoapLayout layout, bool normalize)
    {
        var top = trajectory.Topology;
        var species = options.Species ?? trajectory.Species;
        if (species.Count == 0)
            throw new SoapLensException("SoapSpeciesMissing", ErrorKind.InvalidData,
                $"'{trajectory.Name}' gives its atoms no chemical species: pass -Species, or map LAMMPS types with Import-Trajectory -TypeMap.", trajectory.Name);
        var parameters = SoapParameters.Create(options.RCut, options.NMax, options.LMax, options.Sigma, species);
        foreach (var s in parameters.Species)
            if (!top.SpeciesList.Contains(s))
                host.WriteWarning($"Species {s} is in the SOAP species list but not in '{trajectory.Name}': its blocks of the spectrum are zero.");
        int[] centres = options.Centers?.IndicesIn(top) ?? Enumerable.Range(0, top.AtomCount).ToArray();
        if (centres.Length == 0)
            throw new SoapLensException("SoapNoCentres", ErrorKind.InvalidArgument, "The centre selection is empty.", options.Centers);
        var ids = centres.Select(i => top.Ids[i]).ToArray();
        var calculator = new SoapCalculator(parameters, layout, normalize, options.Simd);
        long perFrame = (long)centres.Length * calculator.FeatureCount;
        if (perFrame > Array.MaxLength)
            throw new SoapLensException("SoapFrameTooLarge", ErrorKind.InvalidArgument,
                $"{centres.Length} centres × {calculator.FeatureCount} features do not fit in one frame's array; select fewer centres (-Center).", centres.Length);
        var selected = options.Frames is null ? trajectory : trajectory.Select(options.Frames);
        if (selected.FrameCount is int frames)
        {
            double bytes = (double)perFrame * frames * (options.SinglePrecision ? 4 : 8);
            long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
            if (available > 0 && bytes > 0.5 * available)
                host.WriteWarning($"The SOAP result of '{trajectory.Name}' will take {bytes / (1 << 30):0.0} GiB ({frames} frames × {centres.Length} centres × " +
                    $"{calculator.FeatureCount} features) of {available / (double)(1 << 30):0.0} GiB available: consider -SinglePrecision, fewer frames (-Step) or centres, or Get-TimeSoap, which streams.");
        }
        host.WriteVerbose($"SOAP of '{trajectory.Name}': {parameters}; {centres.Length} centres; {calculator.FeatureCount} {layout} features; {calculator.Width} kernels.");
        return new SoapJob(selected, options, calculator, centres, ids);
    }

    /// <summary>
    /// Streams the frames; <paramref name="onFrame"/> gets each frame's vectors in order on the calling
    /// thread. Progress is reported after every batch (a batch takes long enough that this never floods).
    /// </summary>
    public int Run(IPipelineHost host, string activity, Action<Frame, double[]?, float[]?> onFrame)
    {
        var cancel = host.CancellationToken;
        int total = _trajectory.FrameCount ?? -1;
        using var progress = new ProgressReporter(host, activity);
        progress.Report(0, total, $"{_trajectory.Name}: starting", force: true);
        int done = SoapStream.Run(_trajectory.ReadFrames(cancel), Calculator, Centres, _options.ThrottleLimit, _options.NonPeriodic,
            _options.SinglePrecision, _options.BatchSize, onFrame,
            n => progress.Report(n, total, total > 0 ? $"{_trajectory.Name}: frame {n} of {total}" : $"{_trajectory.Name}: {n} frames", force: true),
            cancel);
        if (done == 0)
            throw new SoapLensException("NoFrames", ErrorKind.InvalidData, $"'{_trajectory.Name}' has no frames in the selection.", _trajectory.Name);
        return done;
    }
}
