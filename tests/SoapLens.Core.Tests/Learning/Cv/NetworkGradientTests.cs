using SoapLens.Learning.Cv;
using Xunit.Abstractions;

namespace SoapLens.Tests.Learning.Cv;

/// <summary>Back-propagation and the variational/reconstruction losses against central finite differences.</summary>
public sealed class NetworkGradientTests
{
    private readonly ITestOutputHelper _out;

    public NetworkGradientTests(ITestOutputHelper output) => _out = output;

    private static double[] RandomInputs(int rows, int d, long seed)
    {
        var rng = new SeededRandom(seed);
        var x = new double[rows * d];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextNormal();
        return x;
    }

    /// <summary>Max relative difference between an analytic gradient and central differences of a scalar function of the parameters.</summary>
    private static double CheckGradient(double[] parameters, double[] analytic, Func<double> loss)
    {
        const double h = 1e-5;
        double worst = 0, scale = analytic.Max(Math.Abs);
        for (int i = 0; i < parameters.Length; i++)
        {
            double keep = parameters[i];
            parameters[i] = keep + h;
            double up = loss();
            parameters[i] = keep - h;
            double down = loss();
            parameters[i] = keep;
            double fd = (up - down) / (2 * h);
            worst = Math.Max(worst, Math.Abs(fd - analytic[i]) / Math.Max(scale, 1e-12));
        }
        return worst;
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Elu)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.Relu)]
    public void Backward_matches_finite_differences(Activation activation)
    {
        var net = DenseNetwork.Create([3, 5, 4, 2], [activation, activation, Activation.Identity], new SeededRandom(3));
        int rows = 7;
        var x = RandomInputs(rows, 3, 11);
        var weights = RandomInputs(rows, 2, 12); // loss = Σ weights ⊙ output
        var ws = net.CreateWorkspace(rows);
        double Loss()
        {
            x.CopyTo(ws.Input(rows));
            net.Forward(ws, rows);
            var y = ws.LayerOutput(net.LayerCount - 1);
            double s = 0;
            for (int i = 0; i < y.Length; i++) s += weights[i] * y[i];
            return s;
        }
        Loss();
        var grad = new double[net.ParameterCount];
        net.Backward(ws, weights, grad);
        double err = CheckGradient(net.Parameters, grad, Loss);
        _out.WriteLine($"{activation}: max relative gradient error {err:E2}");
        Assert.True(err < 1e-6, $"{err}");
    }

    [Theory]
    [InlineData(VariationalLoss.Vamp2)]
    [InlineData(VariationalLoss.Rayleigh)]
    public void Variational_loss_gradient_matches_finite_differences(VariationalLoss kind)
    {
        var net = DenseNetwork.Create([2, 6, 3], [Activation.Tanh, Activation.Identity], new SeededRandom(5));
        int m = 40;
        var x = RandomInputs(2 * m, 2, 21);
        // Make x_{t+τ} correlated with x_t so the score is not trivial.
        for (int i = 0; i < m * 2; i++) x[2 * m + i] = 0.8 * x[i] + 0.6 * x[2 * m + i];
        var runner = new BatchRunner(net, x, 2, default);
        var rows = Enumerable.Range(0, 2 * m).ToArray();
        double Loss() => EigenfunctionCv.Loss(runner.Infer(rows, 1), m, 3, kind, 1e-6, null);
        var f = runner.Forward(rows, 1);
        var df = new double[f.Length];
        EigenfunctionCv.Loss(f, m, 3, kind, 1e-6, df);
        var grad = runner.Backward(df, 1);
        double err = CheckGradient(net.Parameters, grad, Loss);
        _out.WriteLine($"{kind}: max relative gradient error {err:E2}");
        Assert.True(err < 1e-6, $"{err}");
    }

    [Fact]
    public void Reconstruction_gradient_through_an_autoencoder_matches_finite_differences()
    {
        var net = DenseNetwork.Create([4, 5, 2, 5, 4], [Activation.Elu, Activation.Identity, Activation.Elu, Activation.Identity], new SeededRandom(8));
        var x = RandomInputs(30, 4, 31);
        var runner = new BatchRunner(net, x, 3, default);
        var rows = Enumerable.Range(0, 30).ToArray();
        double Loss() => AutoencoderCv.Reconstruction(runner.Infer(rows, 3), x, rows, 4, null);
        var y = runner.Forward(rows, 3);
        var dy = new double[y.Length];
        AutoencoderCv.Reconstruction(y, x, rows, 4, dy);
        double err = CheckGradient(net.Parameters, runner.Backward(dy, 3), Loss);
        _out.WriteLine($"autoencoder: max relative gradient error {err:E2}");
        Assert.True(err < 1e-6, $"{err}");
    }

    [Fact]
    public void Vamp2_loss_of_linear_features_is_the_tica_vamp2()
    {
        // With f = (x, y) itself and no regularisation the loss is −VAMP-2 of the reversible estimator.
        var data = CvReference.Features("doublewell", "xy");
        var pairs = TimeLaggedPairs.Build(data, CvReference.Lag);
        int m = pairs.Count;
        var f = new double[2 * m * 2];
        for (int i = 0; i < m; i++)
        {
            data.Row(pairs.Start[i]).CopyTo(f.AsSpan(2 * i, 2));
            data.Row(pairs.End[i]).CopyTo(f.AsSpan(2 * (m + i), 2));
        }
        double loss = EigenfunctionCv.Loss(f, m, 2, VariationalLoss.Vamp2, 0, null);
        double expected = CvReference.Scalar("tica_doublewell_xy_vamp2");
        Assert.True(Math.Abs(-loss - expected) < 1e-9, $"{-loss} vs {expected}");
        var lambda = CvReference.Array("tica_doublewell_xy_eigenvalues");
        double rayleigh = EigenfunctionCv.Loss(f, m, 2, VariationalLoss.Rayleigh, 0, null);
        Assert.True(Math.Abs(-rayleigh - (1 + lambda[0] + lambda[1])) < 1e-9);
    }
}
