using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>
/// A two-dimensional benchmark potential of the second seed's numerical study (exactly as the cv
/// reference params.json writes it), with its metastable core sets.
/// </summary>
public abstract class Potential2D
{
    public abstract string Name { get; }
    public abstract double Energy(double x, double y);
    public abstract void Gradient(double x, double y, out double gx, out double gy);
    /// <summary>The inverse temperature the reference trajectory uses.</summary>
    public abstract double DefaultBeta { get; }
    /// <summary>Minima (well centres), in the order of <see cref="StateNames"/>.</summary>
    public abstract (double X, double Y)[] Minima { get; }
    public abstract string[] StateNames { get; }
    /// <summary>Index of the core set holding (x, y), or −1 outside every core.</summary>
    public abstract int CoreOf(double x, double y);

    public static readonly Potential2D DoubleWell = new DoubleWellPotential();
    public static readonly Potential2D TripleWell = new TripleWellPotential();

    public static IReadOnlyList<Potential2D> All { get; } = [DoubleWell, TripleWell];

    public static Potential2D Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw SoapLensException.Argument($"Unknown potential '{name}'. Known: {string.Join(", ", All.Select(p => p.Name))}.", name);

    public override string ToString() => Name;
}

/// <summary>V = (x² − 1)² + y²/2; cores x &lt; −0.5 (left) and x &gt; 0.5 (right); β = 2 in the reference.</summary>
public sealed class DoubleWellPotential : Potential2D
{
    public override string Name => "DoubleWell";
    public override double DefaultBeta => 2.0;
    public override (double X, double Y)[] Minima { get; } = [(-1, 0), (1, 0)];
    public override string[] StateNames { get; } = ["left", "right"];

    public override double Energy(double x, double y)
    {
        double a = x * x - 1;
        return a * a + 0.5 * y * y;
    }

    public override void Gradient(double x, double y, out double gx, out double gy)
    {
        gx = 4 * x * (x * x - 1);
        gy = y;
    }

    public override int CoreOf(double x, double y) => x < -0.5 ? 0 : x > 0.5 ? 1 : -1;
}

/// <summary>
/// The "classic" triple well: V = 3e^{−x²−(y−1/3)²} − 3e^{−x²−(y−5/3)²} − 5e^{−(x−1)²−y²}
/// − 5e^{−(x+1)²−y²} + 0.2x⁴ + 0.2(y−1/3)⁴; cores = discs of radius 0.5 around the three minima
/// (left, right, top); β = 1.67 in the reference.
/// </summary>
public sealed class TripleWellPotential : Potential2D
{
    private const double Third = 1.0 / 3.0;
    private const double FiveThirds = 5.0 / 3.0;
    private const double CoreRadius = 0.5;

    public override string Name => "TripleWell";
    public override double DefaultBeta => 1.67;
    // Minimum positions from the reference params.json (BFGS).
    public override (double X, double Y)[] Minima { get; } =
        [(-1.0480549928242195, -0.042093666306677796), (1.0480549928242195, -0.042093666306677796), (0.0, 1.5370820044402032)];
    public override string[] StateNames { get; } = ["left", "right", "top"];

    public override double Energy(double x, double y)
    {
        double x2 = x * x, ya = y - Third;
        return 3 * Math.Exp(-x2 - ya * ya) - 3 * Math.Exp(-x2 - (y - FiveThirds) * (y - FiveThirds))
            - 5 * Math.Exp(-(x - 1) * (x - 1) - y * y) - 5 * Math.Exp(-(x + 1) * (x + 1) - y * y)
            + 0.2 * x2 * x2 + 0.2 * ya * ya * ya * ya;
    }

    public override void Gradient(double x, double y, out double gx, out double gy)
    {
        double x2 = x * x, ya = y - Third, yb = y - FiveThirds;
        double e1 = Math.Exp(-x2 - ya * ya);
        double e2 = Math.Exp(-x2 - yb * yb);
        double e3 = Math.Exp(-(x - 1) * (x - 1) - y * y);
        double e4 = Math.Exp(-(x + 1) * (x + 1) - y * y);
        gx = -6 * x * e1 + 6 * x * e2 + 10 * (x - 1) * e3 + 10 * (x + 1) * e4 + 0.8 * x2 * x;
        gy = -6 * ya * e1 + 6 * yb * e2 + 10 * y * e3 + 10 * y * e4 + 0.8 * ya * ya * ya;
    }

    public override int CoreOf(double x, double y)
    {
        for (int i = 0; i < Minima.Length; i++)
        {
            double dx = x - Minima[i].X, dy = y - Minima[i].Y;
            if (dx * dx + dy * dy <= CoreRadius * CoreRadius) return i;
        }
        return -1;
    }
}
