using System.Numerics;
using System.Runtime.InteropServices;
using SoapLens.Pipeline;

namespace SoapLens.Learning.Cv;

/// <summary>Activation of a dense layer.</summary>
public enum Activation
{
    Tanh,
    Elu,
    Relu,
    Softplus,
    Identity,
}

/// <summary>
/// A small fully connected network: layer l maps width Sizes[l] to Sizes[l + 1] by
/// a = act(W·x + b). Parameters live in one flat array (per layer: W row-major out × in, then b),
/// which is what Adam updates and what the result files store. Forward and backward passes work on
/// a block of rows with a <see cref="Workspace"/>; the derivative of every activation is computed
/// from its output, so only activations are kept.
/// </summary>
public sealed class DenseNetwork
{
    private readonly int[] _wOffset;
    private readonly int[] _bOffset;

    public DenseNetwork(int[] sizes, Activation[] activations, double[] parameters)
    {
        if (sizes.Length < 2) throw new ArgumentException("A network needs at least an input and an output width.");
        if (activations.Length != sizes.Length - 1) throw new ArgumentException("One activation per layer is needed.");
        foreach (var s in sizes) if (s < 1) throw SoapLensException.Argument($"Layer widths must be positive, got {string.Join(", ", sizes)}.");
        Sizes = sizes;
        Activations = activations;
        _wOffset = new int[LayerCount];
        _bOffset = new int[LayerCount];
        int p = 0;
        for (int l = 0; l < LayerCount; l++)
        {
            _wOffset[l] = p;
            p += sizes[l] * sizes[l + 1];
            _bOffset[l] = p;
            p += sizes[l + 1];
        }
        if (parameters.Length != p) throw new ArgumentException($"The network needs {p} parameters, got {parameters.Length}.");
        Parameters = parameters;
    }

    /// <summary>Glorot-uniform weights for tanh/softplus/identity layers, He-normal for ReLU/ELU; zero biases.</summary>
    public static DenseNetwork Create(int[] sizes, Activation[] activations, SeededRandom rng)
    {
        int p = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) p += sizes[l] * sizes[l + 1] + sizes[l + 1];
        var net = new DenseNetwork(sizes, activations, new double[p]);
        for (int l = 0; l < net.LayerCount; l++)
        {
            int fanIn = sizes[l], fanOut = sizes[l + 1];
            var w = net.Parameters.AsSpan(net._wOffset[l], fanIn * fanOut);
            if (activations[l] is Activation.Relu or Activation.Elu)
            {
                double sd = Math.Sqrt(2.0 / fanIn);
                for (int i = 0; i < w.Length; i++) w[i] = sd * rng.NextNormal();
            }
            else
            {
                double a = Math.Sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.Length; i++) w[i] = a * (2 * rng.NextDouble() - 1);
            }
        }
        return net;
    }

    public int[] Sizes { get; }
    public Activation[] Activations { get; }
    public double[] Parameters { get; }
    public int LayerCount => Sizes.Length - 1;
    public int InputSize => Sizes[0];
    public int OutputSize => Sizes[^1];
    public int ParameterCount => Parameters.Length;

    public DenseNetwork Clone() => new(Sizes, Activations, (double[])Parameters.Clone());

    /// <summary>Activations of every layer for a block of rows (reused between calls).</summary>
    public sealed class Workspace
    {
        internal Workspace(int[] sizes, int rows)
        {
            Capacity = rows;
            A = sizes.Select(s => new double[rows * s]).ToArray();
            Delta = new double[rows * sizes.Max()];
            DeltaPrev = new double[rows * sizes.Max()];
        }

        public int Capacity { get; }
        public int Rows { get; internal set; }
        /// <summary>A[0] = input, A[l + 1] = output of layer l (rows × width, row-major).</summary>
        internal double[][] A { get; }
        internal double[] Delta { get; }
        internal double[] DeltaPrev { get; }

        /// <summary>The input rows (fill before <see cref="Forward"/>).</summary>
        public Span<double> Input(int rows) => A[0].AsSpan(0, rows * (A[0].Length / Capacity));

        /// <summary>Output of layer <paramref name="layer"/> (0-based) for the current rows.</summary>
        public ReadOnlySpan<double> LayerOutput(int layer) => A[layer + 1].AsSpan(0, Rows * (A[layer + 1].Length / Capacity));
    }

    public Workspace CreateWorkspace(int rows) => new(Sizes, rows);

    /// <summary>Runs the rows already in <see cref="Workspace.Input"/> through every layer.</summary>
    public void Forward(Workspace ws, int rows)
    {
        if (rows > ws.Capacity) throw new ArgumentException("More rows than the workspace holds.");
        ws.Rows = rows;
        var p = Parameters;
        for (int l = 0; l < LayerCount; l++)
        {
            int nin = Sizes[l], nout = Sizes[l + 1];
            var x = ws.A[l];
            var y = ws.A[l + 1];
            var act = Activations[l];
            for (int r = 0; r < rows; r++)
            {
                var xr = x.AsSpan(r * nin, nin);
                for (int o = 0; o < nout; o++)
                {
                    double z = p[_bOffset[l] + o] + Dot(p.AsSpan(_wOffset[l] + o * nin, nin), xr);
                    y[r * nout + o] = Apply(act, z);
                }
            }
        }
    }

    /// <summary>
    /// Back-propagates dLoss/dOutput (rows × OutputSize) through the rows of the last forward pass and
    /// adds dLoss/dParameters to <paramref name="gradient"/>. With <paramref name="fromLayer"/> the
    /// loss gradient is given at the output of that layer instead (later layers are skipped).
    /// </summary>
    public void Backward(Workspace ws, ReadOnlySpan<double> dOutput, Span<double> gradient, int fromLayer = -1)
    {
        int rows = ws.Rows;
        int top = fromLayer < 0 ? LayerCount - 1 : fromLayer;
        var delta = ws.Delta;
        var prev = ws.DeltaPrev;
        dOutput.Slice(0, rows * Sizes[top + 1]).CopyTo(delta);
        var p = Parameters;
        for (int l = top; l >= 0; l--)
        {
            int nin = Sizes[l], nout = Sizes[l + 1];
            var a = ws.A[l + 1];
            var x = ws.A[l];
            var act = Activations[l];
            for (int k = 0; k < rows * nout; k++) delta[k] *= Derivative(act, a[k]);
            var gw = gradient.Slice(_wOffset[l], nin * nout);
            var gb = gradient.Slice(_bOffset[l], nout);
            for (int r = 0; r < rows; r++)
            {
                var xr = x.AsSpan(r * nin, nin);
                for (int o = 0; o < nout; o++)
                {
                    double d = delta[r * nout + o];
                    if (d == 0) continue;
                    gb[o] += d;
                    Axpy(d, xr, gw.Slice(o * nin, nin));
                }
            }
            if (l == 0) break;
            Array.Clear(prev, 0, rows * nin);
            for (int r = 0; r < rows; r++)
            {
                var pr = prev.AsSpan(r * nin, nin);
                for (int o = 0; o < nout; o++)
                {
                    double d = delta[r * nout + o];
                    if (d == 0) continue;
                    Axpy(d, p.AsSpan(_wOffset[l] + o * nin, nin), pr);
                }
            }
            (delta, prev) = (prev, delta);
        }
    }

    /// <summary>Σ a_i b_i with SIMD lanes summed in a fixed order.</summary>
    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int w = Vector<double>.Count, n = a.Length, i = 0;
        double s = 0;
        if (n >= w)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..n]);
            var acc = Vector<double>.Zero;
            for (int k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            s = Vector.Sum(acc);
            i = va.Length * w;
        }
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>y += a·x.</summary>
    internal static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int w = Vector<double>.Count, n = x.Length, i = 0;
        if (n >= w)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            var va = new Vector<double>(a);
            for (int k = 0; k < vx.Length; k++) vy[k] += va * vx[k];
            i = vx.Length * w;
        }
        for (; i < n; i++) y[i] += a * x[i];
    }

    private static double Apply(Activation a, double z) => a switch
    {
        Activation.Tanh => Math.Tanh(z),
        Activation.Elu => z > 0 ? z : Math.Exp(z) - 1,
        Activation.Relu => z > 0 ? z : 0,
        Activation.Softplus => z > 30 ? z : Math.Log(1 + Math.Exp(z)),
        _ => z,
    };

    /// <summary>d act / dz written in terms of the output a = act(z).</summary>
    private static double Derivative(Activation act, double a) => act switch
    {
        Activation.Tanh => 1 - a * a,
        Activation.Elu => a > 0 ? 1 : a + 1,
        Activation.Relu => a > 0 ? 1 : 0,
        Activation.Softplus => 1 - Math.Exp(-a),
        _ => 1,
    };

    public override string ToString() => $"{string.Join("-", Sizes)} network ({ParameterCount} parameters)";
}

/// <summary>Adam (Kingma &amp; Ba) with bias correction.</summary>
public sealed class AdamOptimizer
{
    private readonly double[] _m;
    private readonly double[] _v;
    private long _t;

    public AdamOptimizer(int parameterCount, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(learningRate > 0)) throw SoapLensException.Argument($"LearningRate must be positive, got {learningRate}.", learningRate);
        _m = new double[parameterCount];
        _v = new double[parameterCount];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _t++;
        double c1 = 1 - Math.Pow(Beta1, _t), c2 = 1 - Math.Pow(Beta2, _t);
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            parameters[i] -= LearningRate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + Epsilon);
        }
    }
}
