using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>Options of an overdamped Langevin run (defaults: the cv reference's params.json).</summary>
public sealed record LangevinOptions
{
    public long Steps { get; init; } = 200_000;
    public double TimeStep { get; init; } = 1e-3;
    /// <summary>Inverse temperature β; null = the potential's reference value.</summary>
    public double? Beta { get; init; }
    public long Seed { get; init; } = 1234;
    /// <summary>A frame is stored every this many steps (frame k = state after (k + 1)·SaveEvery steps).</summary>
    public int SaveEvery { get; init; } = 10;
    public double StartX { get; init; } = -1.0;
    public double StartY { get; init; } = 0.0;
}

/// <summary>
/// Euler–Maruyama for dX = −∇V(X) dt + sqrt(2/β) dW:
/// X_{n+1} = X_n − ∇V(X_n)·dt + sqrt(2·dt/β)·ξ_n with ξ_n two standard normals from
/// <see cref="SeededRandom"/> (x first, then y). As in the reference, frame k is the state after
/// (k + 1)·SaveEvery steps and the initial condition is not stored. The numbers differ from the
/// reference trajectory (numpy's generator), the statistics do not.
/// </summary>
public static class LangevinSimulator
{
    public static LangevinTrajectory Run(Potential2D potential, LangevinOptions options, CancellationToken cancel = default,
        Action<long, long>? progress = null)
    {
        if (options.Steps < 1) throw SoapLensException.Argument($"Steps must be at least 1, got {options.Steps}.", options.Steps);
        if (options.SaveEvery < 1) throw SoapLensException.Argument($"SaveEvery must be at least 1, got {options.SaveEvery}.", options.SaveEvery);
        if (!(options.TimeStep > 0) || !double.IsFinite(options.TimeStep))
            throw SoapLensException.Argument($"TimeStep must be positive, got {options.TimeStep}.", options.TimeStep);
        double beta = options.Beta ?? potential.DefaultBeta;
        if (!(beta > 0) || !double.IsFinite(beta)) throw SoapLensException.Argument($"Beta must be positive, got {beta}.", beta);
        long frames = options.Steps / options.SaveEvery;
        if (frames < 1) throw SoapLensException.Argument($"{options.Steps} steps with SaveEvery {options.SaveEvery} store no frame.");
        if (frames > int.MaxValue / 2) throw SoapLensException.Argument($"{frames} frames are too many to keep in memory; raise SaveEvery.");

        var positions = new double[frames * 2];
        var rng = new SeededRandom(options.Seed);
        double dt = options.TimeStep, noise = Math.Sqrt(2 * dt / beta);
        double x = options.StartX, y = options.StartY;
        for (long f = 0; f < frames; f++)
        {
            if ((f & 1023) == 0)
            {
                cancel.ThrowIfCancellationRequested();
                progress?.Invoke(f, frames);
            }
            for (int s = 0; s < options.SaveEvery; s++)
            {
                potential.Gradient(x, y, out double gx, out double gy);
                double xi = rng.NextNormal(), eta = rng.NextNormal();
                x += -gx * dt + noise * xi;
                y += -gy * dt + noise * eta;
            }
            if (!double.IsFinite(x) || !double.IsFinite(y))
                throw new SoapLensException("SimulationDiverged", ErrorKind.InvalidOperation,
                    $"The Langevin run diverged at step {(f + 1) * options.SaveEvery} (x = {x}, y = {y}); use a smaller TimeStep.");
            positions[2 * f] = x;
            positions[2 * f + 1] = y;
        }
        progress?.Invoke(frames, frames);
        return new LangevinTrajectory(potential.Name, positions, beta, dt, options.SaveEvery, options.Seed, options.StartX, options.StartY, frames * options.SaveEvery);
    }
}
