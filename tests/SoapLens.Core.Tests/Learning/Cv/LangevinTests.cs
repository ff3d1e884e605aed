using MathNet.Numerics.LinearAlgebra;
using SoapLens.Learning.Cv;
using Xunit.Abstractions;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>
/// The Euler–Maruyama simulator and the benchmark potentials: core statistics of the reference
/// trajectories, analytic gradients, determinism, and statistics of our own runs against exact
/// values (a finite-volume generator for the double well, Boltzmann quadrature for the triple well).
/// </summary>
public sealed class LangevinTests
{
    private readonly ITestOutputHelper _out;

    public LangevinTests(ITestOutputHelper output) => _out = output;

    private static LangevinTrajectory Reference(string system, Potential2D p) =>
        new(p.Name, CvReference.Trajectory(system), p.DefaultBeta, 1e-3, 10, 1234, -1, 0, 200_000);

    [Fact]
    public void Core_sets_reproduce_the_reference_transition_counts_and_occupancies()
    {
        var dw = Reference("doublewell", Potential2D.DoubleWell);
        Assert.Equal(22, dw.TransitionCount);

        var tw = Reference("triplewell", Potential2D.TripleWell);
        var t = tw.TransitionCounts(); // states left(0), right(1), top(2); README: left→right 4, right→left 2, left→top 3, top→left 4, right→top 2, top→right 1
        Assert.Equal(new long[] { 0, 4, 3, 2, 0, 2, 4, 1, 0 }, t);
        var occ = tw.Occupancies();
        Assert.Equal(0.4345, occ[0], 12);
        Assert.Equal(0.3236, occ[1], 12);
        Assert.Equal(0.0207, occ[2], 12);
    }

    [Theory]
    [InlineData("DoubleWell")]
    [InlineData("TripleWell")]
    public void Analytic_gradients_agree_with_finite_differences(string name)
    {
        var p = Potential2D.Get(name);
        var rng = new SeededRandom(7);
        const double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < 200; i++)
        {
            double x = -2 + 4 * rng.NextDouble(), y = -1.5 + 3.5 * rng.NextDouble();
            p.Gradient(x, y, out double gx, out double gy);
            double fx = (p.Energy(x + h, y) - p.Energy(x - h, y)) / (2 * h);
            double fy = (p.Energy(x, y + h) - p.Energy(x, y - h)) / (2 * h);
            worst = Math.Max(worst, Math.Max(Math.Abs(gx - fx), Math.Abs(gy - fy)));
        }
        _out.WriteLine($"{name}: max |grad - finite difference| = {worst:E2}");
        Assert.True(worst < 1e-7, $"{worst}");
    }

    [Fact]
    public void Minima_of_the_triple_well_are_stationary_points()
    {
        foreach (var (x, y) in Potential2D.TripleWell.Minima)
        {
            Potential2D.TripleWell.Gradient(x, y, out double gx, out double gy);
            Assert.True(Math.Abs(gx) < 1e-7 && Math.Abs(gy) < 1e-7, $"({x}, {y}): {gx}, {gy}");
        }
        Assert.Equal(-3.994860601854263, Potential2D.TripleWell.Energy(-1.0480549928242195, -0.042093666306677796), 12);
        Assert.Equal(-2.1721536229943257, Potential2D.TripleWell.Energy(0.0, 1.5370820044402032), 12);
    }

    [Fact]
    public void Runs_are_deterministic_for_a_seed()
    {
        var o = new LangevinOptions { Steps = 5000, Seed = 42 };
        var a = LangevinSimulator.Run(Potential2D.TripleWell, o);
        var b = LangevinSimulator.Run(Potential2D.TripleWell, o);
        var c = LangevinSimulator.Run(Potential2D.TripleWell, o with { Seed = 43 });
        Assert.Equal(500, a.FrameCount);
        Assert.Equal(a.Positions, b.Positions);
        Assert.NotEqual(a.Positions, c.Positions);
        Assert.Equal(10 * 1e-3, a.FrameInterval, 15);
    }

    [Fact]
    public void A_step_without_noise_is_plain_gradient_descent()
    {
        // β → ∞ removes the noise: one step from (x0, y0) must be x0 − ∇V·dt exactly.
        var r = LangevinSimulator.Run(Potential2D.DoubleWell, new LangevinOptions { Steps = 1, SaveEvery = 1, Beta = double.MaxValue, StartX = 0.3, StartY = 0.7 });
        Potential2D.DoubleWell.Gradient(0.3, 0.7, out double gx, out double gy);
        Assert.Equal(0.3 - gx * 1e-3, r.X(0), 15);
        Assert.Equal(0.7 - gy * 1e-3, r.Y(0), 15);
    }

    /// <summary>
    /// Exact TICA numbers for the double well on (x, y). The system separates: y is an
    /// Ornstein–Uhlenbeck process (rate 1) and x follows the 1-D generator β⁻¹ f'' − V'(x) f',
    /// discretised here as a finite-volume (square-root approximation) jump process on a fine grid
    /// and symmetrised with the Boltzmann weights. Returns the slowest rate κ1 and the exact
    /// autocorrelation of x at lag τ, λ_x(τ) = Σ_i c_i² e^{−κ_i τ} / Σ_i c_i² with c_i = ⟨x, φ_i⟩_π,
    /// which is what TICA on (x, y) estimates (x and y are uncorrelated).
    /// </summary>
    private static (double Kappa1, double LambdaX) DoubleWellExact(double beta, double tau)
    {
        const int n = 500;
        const double lo = -2.6, hi = 2.6;
        double h = (hi - lo) / (n - 1);
        var v = new double[n];
        var sqrtPi = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++)
        {
            v[i] = Potential2D.DoubleWell.Energy(lo + i * h, 0);
            z += Math.Exp(-beta * v[i]);
        }
        for (int i = 0; i < n; i++) sqrtPi[i] = Math.Sqrt(Math.Exp(-beta * v[i]) / z);
        var s = Matrix<double>.Build.Dense(n, n);
        double c = 1.0 / (beta * h * h);
        for (int i = 0; i + 1 < n; i++)
        {
            double up = c * Math.Exp(-beta * (v[i + 1] - v[i]) / 2), down = c * Math.Exp(-beta * (v[i] - v[i + 1]) / 2);
            s[i, i + 1] = s[i + 1, i] = Math.Sqrt(up * down); // symmetrised off-diagonal
            s[i, i] -= up;
            s[i + 1, i + 1] -= down;
        }
        var evd = s.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, n).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        Assert.True(Math.Abs(evd.EigenValues[order[0]].Real) < 1e-8, "stationary eigenvalue");
        double num = 0, den = 0;
        for (int k = 1; k < n; k++)
        {
            int col = order[k];
            double ci = 0;
            for (int j = 0; j < n; j++) ci += sqrtPi[j] * (lo + j * h) * evd.EigenVectors[j, col];
            num += ci * ci * Math.Exp(evd.EigenValues[col].Real * tau);
            den += ci * ci;
        }
        return (-evd.EigenValues[order[1]].Real, num / den);
    }

    [Fact]
    public void Double_well_run_has_the_exact_tica_eigenvalues_and_balanced_wells()
    {
        var run = LangevinSimulator.Run(Potential2D.DoubleWell, new LangevinOptions { Steps = 4_000_000, Seed = 2024 });
        var occ = run.Occupancies();
        double tau = 10 * run.FrameInterval;
        var (kappa, lambdaX) = DoubleWellExact(2.0, tau);
        var tica = Tica.Fit(run.ToDataset(), new TicaOptions { Lag = 10 });
        double ouLambda = Math.Exp(-tau);
        _out.WriteLine($"transitions {run.TransitionCount} (reference run, 1/20 as long: 22), occupancies {occ[0]:F4} {occ[1]:F4}");
        _out.WriteLine($"exact: slowest timescale {1 / (kappa * run.FrameInterval):F1} frames, TICA λ1 on (x, y) at lag 10 = {lambdaX:F5} ({-10 / Math.Log(lambdaX):F1} frames), λ2 = e^-0.1 = {ouLambda:F5}");
        _out.WriteLine($"simulated: λ1 {tica.Eigenvalues[0]:F5} ({tica.Timescales[0]:F1} frames), λ2 {tica.Eigenvalues[1]:F5}; reference trajectory: 0.95135 (200.5 frames), 0.90647");
        // 20× the reference run: ~440 transitions expected; the range is about ±30 %.
        Assert.InRange(run.TransitionCount, 300, 600);
        Assert.InRange(occ[0], 0.40, 0.50);
        Assert.InRange(occ[1], 0.40, 0.50);
        Assert.True(Math.Abs(tica.Eigenvalues[0] - lambdaX) < 0.005, $"λ1 = {tica.Eigenvalues[0]} vs exact {lambdaX}");
        Assert.True(Math.Abs(tica.Eigenvalues[1] - ouLambda) < 0.005, $"λ2 = {tica.Eigenvalues[1]} vs exact {ouLambda}");
    }

    [Fact]
    public void Triple_well_run_has_the_Boltzmann_core_occupancies()
    {
        var p = Potential2D.TripleWell;
        double beta = p.DefaultBeta;
        // Quadrature of exp(−βV) on a grid covering all the mass.
        const double h = 0.01;
        double z = 0;
        var core = new double[3];
        for (double x = -3; x <= 3; x += h)
            for (double y = -2.5; y <= 3.5; y += h)
            {
                double w = Math.Exp(-beta * p.Energy(x, y));
                z += w;
                int c = p.CoreOf(x, y);
                if (c >= 0) core[c] += w;
            }
        for (int i = 0; i < 3; i++) core[i] /= z;

        var run = LangevinSimulator.Run(p, new LangevinOptions { Steps = 4_000_000, Seed = 99 });
        var occ = run.Occupancies();
        _out.WriteLine($"Boltzmann core probabilities {core[0]:F4} {core[1]:F4} {core[2]:F4}; simulated {occ[0]:F4} {occ[1]:F4} {occ[2]:F4}; transitions {run.TransitionCount}");
        Assert.InRange(occ[0] + occ[1], core[0] + core[1] - 0.03, core[0] + core[1] + 0.03);
        Assert.InRange(occ[0], core[0] - 0.08, core[0] + 0.08);
        Assert.InRange(occ[1], core[1] - 0.08, core[1] + 0.08);
        Assert.InRange(occ[2], core[2] - 0.01, core[2] + 0.01);
        Assert.InRange(run.TransitionCount, 150, 600); // the reference run (1/20 as long) has 16
    }
}
