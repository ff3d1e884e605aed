using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.Descriptors;

/// <summary>Which vector width the SOAP kernels use (Auto = the widest the CPU runs; the others exist for tests and benchmarks).</summary>
public enum SimdWidth
{
    Auto,
    Scalar,
    Avx2,
    Avx512,
}

/// <summary>
/// The SOAP power-spectrum engine (methods.md §2, dscribe 2.1.x with the GTO basis). One instance
/// per parameter set: the basis, the harmonic recurrences and the layout maps are prepared once,
/// and <see cref="ComputeFrames"/> fills output slots in parallel over frames and centres. Each
/// centre is computed start to finish by one thread in a fixed order, so the numbers do not depend
/// on the thread count.
/// </summary>
/// <remarks>
/// Per centre: the neighbours within r_cut + δ (periodic images included, the centre itself at
/// R = 0) are grouped by species; for each neighbour the Gaussian factors exp(−α'_{n'l} r²) (one
/// vector exponential per l) and the solid harmonics r^l Y_lm are formed, and the sums
/// Σ_i exp(−α'_{n'l} r_i²) r_i^l Y_lm(r̂_i) are accumulated; β and the analytic constants are
/// applied once to the sums, then the power spectrum is contracted over m.
/// </remarks>
public sealed class SoapCalculator
{
    private const int Block = 32;          // neighbours per accumulation block
    private const int CentresPerItem = 16; // centres per parallel work item

    private readonly GtoBasis _basis;
    private readonly SolidHarmonics _harmonics;
    private readonly SimdWidth _width;
    private readonly int _lc, _lmCount, _nPad, _species;
    private readonly double[] _negAlpha;   // −α'_{n'l} at [l·nPad + n'], 0 in the padding lanes
    private readonly double[] _prefactor;  // π√(8/(2l+1))
    private readonly double[] _coefT;      // Coefficients transposed: [l][n'][n], n padded to nPad with zeros
    private readonly object _speciesLock = new();
    private Topology? _lastTopology;
    private int[]? _lastSpeciesOf;

    public SoapCalculator(SoapParameters parameters, SoapLayout layout = SoapLayout.Dscribe, bool normalize = false, SimdWidth width = SimdWidth.Auto)
    {
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        Layout = layout;
        Normalize = normalize;
        Map = SoapFeatureMap.For(parameters);
        _basis = new GtoBasis(parameters);
        _harmonics = new SolidHarmonics(parameters.LMax);
        _width = Resolve(width, parameters.NMax);
        int w = _width switch { SimdWidth.Avx512 => 8, SimdWidth.Avx2 => 4, _ => 1 };
        _lc = parameters.LMax + 1;
        _lmCount = _lc * _lc;
        _nPad = (parameters.NMax + w - 1) / w * w;
        _species = parameters.Species.Length;
        _negAlpha = new double[_lc * _nPad];
        for (int l = 0; l < _lc; l++)
            for (int n = 0; n < parameters.NMax; n++)
                _negAlpha[l * _nPad + n] = -_basis.SmearedAlpha[l * parameters.NMax + n];
        _coefT = new double[_lc * parameters.NMax * _nPad];
        for (int l = 0; l < _lc; l++)
            for (int n = 0; n < parameters.NMax; n++)
                for (int k = 0; k < parameters.NMax; k++)
                    _coefT[(l * parameters.NMax + k) * _nPad + n] = _basis.Coefficients[(l * parameters.NMax + n) * parameters.NMax + k];
        _prefactor = new double[_lc];
        for (int l = 0; l < _lc; l++) _prefactor[l] = Math.PI * Math.Sqrt(8.0 / (2 * l + 1));
    }

    public SoapParameters Parameters { get; }
    public SoapLayout Layout { get; }
    public bool Normalize { get; }
    public SoapFeatureMap Map { get; }
    public GtoBasis Basis => _basis;
    public SimdWidth Width => _width;
    public int FeatureCount => Map.Count(Layout);

    private static SimdWidth Resolve(SimdWidth requested, int nMax)
    {
        bool has512 = Simd512.IsSupported, has256 = Simd256.IsSupported;
        return requested switch
        {
            SimdWidth.Scalar => SimdWidth.Scalar,
            SimdWidth.Avx2 => has256 ? SimdWidth.Avx2 : SimdWidth.Scalar,
            SimdWidth.Avx512 => has512 ? SimdWidth.Avx512 : has256 ? SimdWidth.Avx2 : SimdWidth.Scalar,
            // A 512-bit vector holds 8 radial channels; for n_max ≤ 4 half of it would be padding.
            _ => has512 && nMax > 4 ? SimdWidth.Avx512 : has256 ? SimdWidth.Avx2 : has512 ? SimdWidth.Avx512 : SimdWidth.Scalar,
        };
    }

    /// <summary>
    /// Computes the spectra of <paramref name="centres"/> (atom indices in id order) for every frame
    /// of <paramref name="frames"/>. Frame k's vectors go to <c>doubles[k]</c> (or <c>singles[k]</c>
    /// when that array is given), centre-major, <see cref="FeatureCount"/> values per centre.
    /// </summary>
    /// <param name="ignorePbc">Treat every frame as non-periodic (dscribe's periodic = False).</param>
    public void ComputeFrames(IReadOnlyList<Frame> frames, int[] centres, IReadOnlyList<double[]?> doubles, IReadOnlyList<float[]?>? singles,
        int threads, bool ignorePbc, CancellationToken cancel)
    {
        int nf = frames.Count;
        if (nf == 0) return;
        int features = FeatureCount;
        var speciesOf = new int[nf][];
        var environment = new int[nf][];
        for (int f = 0; f < nf; f++)
        {
            var target = (Array?)singles?[f] ?? doubles[f] ?? throw new ArgumentException($"No output array for frame {f}.");
            if (target.LongLength != (long)centres.Length * features)
                throw new ArgumentException($"The output of frame {f} holds {target.LongLength} values; {centres.Length} centres × {features} features are needed.");
            (speciesOf[f], environment[f]) = SpeciesOf(frames[f]);
            foreach (var c in centres)
                if ((uint)c >= (uint)frames[f].AtomCount) throw new ArgumentOutOfRangeException(nameof(centres), $"Centre index {c} is outside frame {frames[f].Index}.");
        }
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount,
            CancellationToken = cancel,
        };
        var lists = new NeighbourList[nf];
        int chunks = (centres.Length + CentresPerItem - 1) / CentresPerItem;
        int items = nf * chunks;
        void Work(int item, Scratch scratch)
        {
            int f = item / chunks, k = item % chunks;
            int c0 = k * CentresPerItem, c1 = Math.Min(centres.Length, c0 + CentresPerItem);
            var frame = frames[f];
            for (int c = c0; c < c1; c++)
            {
                var vector = scratch.Output;
                ComputeCentre(frame, lists[f], speciesOf[f], centres[c], scratch, vector);
                if (singles?[f] is float[] single)
                {
                    var dest = single.AsSpan(c * features, features);
                    for (int i = 0; i < features; i++) dest[i] = (float)vector[i];
                }
                else vector.AsSpan(0, features).CopyTo(doubles[f].AsSpan(c * features, features));
            }
        }
        try
        {
            if (options.MaxDegreeOfParallelism == 1)
            {
                var scratch = new Scratch(this);
                for (int f = 0; f < nf; f++)
                {
                    cancel.ThrowIfCancellationRequested();
                    lists[f] = BuildNeighbourList(frames[f], environment[f], ignorePbc);
                }
                for (int i = 0; i < items; i++)
                {
                    if (i % chunks == 0) cancel.ThrowIfCancellationRequested();
                    Work(i, scratch);
                }
            }
            else
            {
                Parallel.For(0, nf, options, f => lists[f] = BuildNeighbourList(frames[f], environment[f], ignorePbc));
                Parallel.For(0, items, options, () => new Scratch(this), (i, _, scratch) => { Work(i, scratch); return scratch; }, _ => { });
            }
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ae.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Computes one frame's spectra on the calling thread (handy for tests and small jobs).</summary>
    public double[] ComputeFrame(Frame frame, int[]? centres = null, bool ignorePbc = false)
    {
        centres ??= Enumerable.Range(0, frame.AtomCount).ToArray();
        var result = new double[centres.Length * FeatureCount];
        ComputeFrames([frame], centres, [result], null, 1, ignorePbc, CancellationToken.None);
        return result;
    }

    private NeighbourList BuildNeighbourList(Frame frame, int[] environment, bool ignorePbc)
    {
        var pbc = ignorePbc ? Pbc.None : frame.Pbc;
        try
        {
            return new NeighbourList(frame.Positions, pbc.Any ? frame.Cell : null, pbc, Parameters.SearchRadius, environment, allAtoms: false);
        }
        catch (SoapLensException ex)
        {
            throw new SoapLensException(ex.ErrorId, ex.Kind, $"Frame {frame.Index}: {ex.Message}", frame.Index, ex);
        }
    }

    /// <summary>Species index of every atom (−1 for atoms without an element, e.g. virtual sites) and the atoms that have one.</summary>
    private (int[] SpeciesOf, int[] Environment) SpeciesOf(Frame frame)
    {
        var top = frame.Topology;
        int[] map;
        lock (_speciesLock)
        {
            if (ReferenceEquals(top, _lastTopology)) map = _lastSpeciesOf!;
            else
            {
                map = new int[top.AtomCount];
                for (int i = 0; i < map.Length; i++)
                {
                    var s = top.Species[i];
                    map[i] = s is null ? -1 : Parameters.SpeciesIndex(s);
                    if (s is not null && map[i] < 0)
                        throw new SoapLensException("SoapSpeciesMissing", ErrorKind.InvalidArgument,
                            $"Frame {frame.Index} has atoms of species {s} (e.g. id {top.Ids[i]}) that are not in the SOAP species list " +
                            $"({string.Join(", ", Parameters.Species)}). Add {s} to -Species (every atom of the environment needs its species).", s);
                }
                _lastTopology = top;
                _lastSpeciesOf = map;
            }
        }
        int count = 0;
        foreach (var s in map) if (s >= 0) count++;
        var env = new int[count];
        for (int i = 0, k = 0; i < map.Length; i++) if (map[i] >= 0) env[k++] = i;
        return (map, env);
    }

    /// <summary>Per-thread working memory, reused for every centre.</summary>
    private sealed class Scratch
    {
        public readonly List<Neighbour> Found = new(1024);
        public double[] X = new double[1024], Y = new double[1024], Z = new double[1024], R2 = new double[1024];
        public readonly int[] Start, Count;
        public readonly double[] Harmonics, Gauss, Sums, Coeffs, Rows, Full, Output;

        public Scratch(SoapCalculator calc)
        {
            Start = new int[calc._species + 1];
            Count = new int[calc._species];
            Harmonics = new double[calc._lmCount * Block];
            Gauss = new double[Block * calc._lc * calc._nPad];
            Sums = new double[calc._species * calc._lmCount * calc._nPad];
            Coeffs = new double[calc._species * calc._lmCount * calc._nPad];
            Rows = new double[calc._nPad];
            Full = new double[calc.Map.FullCount];
            Output = new double[calc.FeatureCount];
        }

        public void Reserve(int n)
        {
            if (X.Length >= n) return;
            int size = Math.Max(n, X.Length * 2);
            X = new double[size]; Y = new double[size]; Z = new double[size]; R2 = new double[size];
        }
    }

    private void ComputeCentre(Frame frame, NeighbourList list, int[] speciesOf, int centre, Scratch s, double[] output)
    {
        var pos = frame.Positions;
        s.Found.Clear();
        list.Query(pos[3 * centre], pos[3 * centre + 1], pos[3 * centre + 2], s.Found);

        // Group the neighbours by species (stable: neighbour-list order inside a species).
        Array.Clear(s.Count);
        var found = CollectionsMarshal.AsSpan(s.Found);
        foreach (ref readonly var nb in found) s.Count[speciesOf[nb.Atom]]++;
        s.Start[0] = 0;
        for (int k = 0; k < _species; k++) s.Start[k + 1] = s.Start[k] + s.Count[k];
        int vectorPad = 8;
        s.Reserve(found.Length + vectorPad);
        Array.Clear(s.Count);
        foreach (ref readonly var nb in found)
        {
            int sp = speciesOf[nb.Atom];
            int slot = s.Start[sp] + s.Count[sp]++;
            s.X[slot] = nb.Dx; s.Y[slot] = nb.Dy; s.Z[slot] = nb.Dz; s.R2[slot] = nb.R2;
        }
        for (int i = found.Length; i < found.Length + vectorPad; i++) s.X[i] = s.Y[i] = s.Z[i] = s.R2[i] = 0;

        switch (_width)
        {
            case SimdWidth.Avx512: Accumulate<Simd512>(s); Contract<Simd512>(s, output); break;
            case SimdWidth.Avx2: Accumulate<Simd256>(s); Contract<Simd256>(s, output); break;
            default: Accumulate<SimdScalar>(s); Contract<SimdScalar>(s, output); break;
        }
    }

    /// <summary>Sums[species][lm][n'] = Σ_i exp(−α'_{n'l} r_i²) r_i^l Y_lm(r̂_i) over the neighbours of each species.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate<TV>(Scratch s) where TV : struct, ISimdDouble<TV>
    {
        int w = TV.Count, lc = _lc, nPad = _nPad, lmCount = _lmCount;
        Array.Clear(s.Sums);
        ref double harm = ref MemoryMarshal.GetArrayDataReference(s.Harmonics);
        ref double gauss = ref MemoryMarshal.GetArrayDataReference(s.Gauss);
        ref double negAlpha = ref MemoryMarshal.GetArrayDataReference(_negAlpha);
        ref double x = ref MemoryMarshal.GetArrayDataReference(s.X);
        ref double y = ref MemoryMarshal.GetArrayDataReference(s.Y);
        ref double z = ref MemoryMarshal.GetArrayDataReference(s.Z);
        ref double r2 = ref MemoryMarshal.GetArrayDataReference(s.R2);
        for (int sp = 0; sp < _species; sp++)
        {
            ref double sums = ref MemoryMarshal.GetArrayDataReference(s.Sums);
            sums = ref Unsafe.Add(ref sums, sp * lmCount * nPad);
            int end = s.Start[sp + 1];
            for (int b0 = s.Start[sp]; b0 < end; b0 += Block)
            {
                int len = Math.Min(Block, end - b0);
                for (int j = 0; j < len; j += w)
                    _harmonics.Evaluate(TV.Load(ref Unsafe.Add(ref x, b0 + j)), TV.Load(ref Unsafe.Add(ref y, b0 + j)),
                        TV.Load(ref Unsafe.Add(ref z, b0 + j)), TV.Load(ref Unsafe.Add(ref r2, b0 + j)), ref Unsafe.Add(ref harm, j), Block);
                for (int j = 0; j < len; j++)
                {
                    var rr = TV.Broadcast(Unsafe.Add(ref r2, b0 + j));
                    ref double g = ref Unsafe.Add(ref gauss, j * lc * nPad);
                    for (int k = 0; k < lc * nPad; k += w)
                        TV.Store(TV.Exp(TV.Multiply(TV.Load(ref Unsafe.Add(ref negAlpha, k)), rr)), ref Unsafe.Add(ref g, k));
                }
                for (int l = 0; l < lc; l++)
                {
                    int lm0 = l * l, lm1 = lm0 + 2 * l + 1;
                    for (int v = 0; v < nPad; v += w)
                    {
                        ref double g0 = ref Unsafe.Add(ref gauss, l * nPad + v);
                        int stride = lc * nPad;
                        int lm = lm0;
                        for (; lm + 8 <= lm1; lm += 8)
                        {
                            ref double a0 = ref Unsafe.Add(ref sums, lm * nPad + v);
                            var acc0 = TV.Load(ref a0); var acc1 = TV.Load(ref Unsafe.Add(ref a0, nPad));
                            var acc2 = TV.Load(ref Unsafe.Add(ref a0, 2 * nPad)); var acc3 = TV.Load(ref Unsafe.Add(ref a0, 3 * nPad));
                            var acc4 = TV.Load(ref Unsafe.Add(ref a0, 4 * nPad)); var acc5 = TV.Load(ref Unsafe.Add(ref a0, 5 * nPad));
                            var acc6 = TV.Load(ref Unsafe.Add(ref a0, 6 * nPad)); var acc7 = TV.Load(ref Unsafe.Add(ref a0, 7 * nPad));
                            ref double h = ref Unsafe.Add(ref harm, lm * Block);
                            for (int j = 0; j < len; j++)
                            {
                                var e = TV.Load(ref Unsafe.Add(ref g0, j * stride));
                                ref double hj = ref Unsafe.Add(ref h, j);
                                acc0 = TV.MultiplyAdd(e, TV.Broadcast(hj), acc0);
                                acc1 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, Block)), acc1);
                                acc2 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, 2 * Block)), acc2);
                                acc3 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, 3 * Block)), acc3);
                                acc4 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, 4 * Block)), acc4);
                                acc5 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, 5 * Block)), acc5);
                                acc6 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, 6 * Block)), acc6);
                                acc7 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref hj, 7 * Block)), acc7);
                            }
                            TV.Store(acc0, ref a0); TV.Store(acc1, ref Unsafe.Add(ref a0, nPad));
                            TV.Store(acc2, ref Unsafe.Add(ref a0, 2 * nPad)); TV.Store(acc3, ref Unsafe.Add(ref a0, 3 * nPad));
                            TV.Store(acc4, ref Unsafe.Add(ref a0, 4 * nPad)); TV.Store(acc5, ref Unsafe.Add(ref a0, 5 * nPad));
                            TV.Store(acc6, ref Unsafe.Add(ref a0, 6 * nPad)); TV.Store(acc7, ref Unsafe.Add(ref a0, 7 * nPad));
                        }
                        for (; lm + 4 <= lm1; lm += 4)
                        {
                            ref double a0 = ref Unsafe.Add(ref sums, lm * nPad + v);
                            ref double a1 = ref Unsafe.Add(ref a0, nPad);
                            ref double a2 = ref Unsafe.Add(ref a0, 2 * nPad);
                            ref double a3 = ref Unsafe.Add(ref a0, 3 * nPad);
                            var acc0 = TV.Load(ref a0); var acc1 = TV.Load(ref a1);
                            var acc2 = TV.Load(ref a2); var acc3 = TV.Load(ref a3);
                            ref double h = ref Unsafe.Add(ref harm, lm * Block);
                            for (int j = 0; j < len; j++)
                            {
                                var e = TV.Load(ref Unsafe.Add(ref g0, j * stride));
                                acc0 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref h, j)), acc0);
                                acc1 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref h, Block + j)), acc1);
                                acc2 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref h, 2 * Block + j)), acc2);
                                acc3 = TV.MultiplyAdd(e, TV.Broadcast(Unsafe.Add(ref h, 3 * Block + j)), acc3);
                            }
                            TV.Store(acc0, ref a0); TV.Store(acc1, ref a1);
                            TV.Store(acc2, ref a2); TV.Store(acc3, ref a3);
                        }
                        for (; lm < lm1; lm++)
                        {
                            ref double a0 = ref Unsafe.Add(ref sums, lm * nPad + v);
                            var acc0 = TV.Load(ref a0);
                            ref double h = ref Unsafe.Add(ref harm, lm * Block);
                            for (int j = 0; j < len; j++)
                                acc0 = TV.MultiplyAdd(TV.Load(ref Unsafe.Add(ref g0, j * stride)), TV.Broadcast(Unsafe.Add(ref h, j)), acc0);
                            TV.Store(acc0, ref a0);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Applies β and the Gaussian-integral constants, contracts over m, and writes the vector in the output layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Contract<TV>(Scratch s, double[] output) where TV : struct, ISimdDouble<TV>
    {
        int n = Parameters.NMax, lc = _lc, nPad = _nPad, lmCount = _lmCount, w = TV.Count;
        ref double coefT = ref MemoryMarshal.GetArrayDataReference(_coefT);
        ref double sums = ref MemoryMarshal.GetArrayDataReference(s.Sums);
        ref double c = ref MemoryMarshal.GetArrayDataReference(s.Coeffs);
        ref double rows = ref MemoryMarshal.GetArrayDataReference(s.Rows);
        // c[sp][lm][n] = Σ_n' Coef[l][n][n'] · Sums[sp][lm][n'], vectorised over n.
        for (int sp = 0; sp < _species; sp++)
            for (int l = 0; l < lc; l++)
                for (int lm = l * l; lm < (l + 1) * (l + 1); lm++)
                {
                    ref double src = ref Unsafe.Add(ref sums, (sp * lmCount + lm) * nPad);
                    ref double dst = ref Unsafe.Add(ref c, (sp * lmCount + lm) * nPad);
                    for (int v = 0; v < nPad; v += w)
                    {
                        var acc = TV.Broadcast(0);
                        for (int k = 0; k < n; k++)
                            acc = TV.MultiplyAdd(TV.Load(ref Unsafe.Add(ref coefT, (l * n + k) * nPad + v)), TV.Broadcast(Unsafe.Add(ref src, k)), acc);
                        TV.Store(acc, ref Unsafe.Add(ref dst, v));
                    }
                }
        // p[l][i][·] = π√(8/(2l+1)) Σ_m c_a[lm][i] · c_b[lm][·], vectorised over n'.
        var full = s.Full;
        var pairs = Map.Pairs;
        for (int p = 0; p < pairs.Length; p++)
        {
            var (a, b) = pairs[p];
            int pBase = Map.FullSlices[p].Start;
            for (int l = 0; l < lc; l++)
            {
                var pre = TV.Broadcast(_prefactor[l]);
                for (int i = 0; i < n; i++)
                {
                    for (int v = 0; v < nPad; v += w)
                    {
                        var acc = TV.Broadcast(0);
                        for (int lm = l * l; lm < (l + 1) * (l + 1); lm++)
                            acc = TV.MultiplyAdd(TV.Broadcast(Unsafe.Add(ref c, (a * lmCount + lm) * nPad + i)),
                                TV.Load(ref Unsafe.Add(ref c, (b * lmCount + lm) * nPad + v)), acc);
                        TV.Store(TV.Multiply(pre, acc), ref Unsafe.Add(ref rows, v));
                    }
                    s.Rows.AsSpan(0, n).CopyTo(full.AsSpan(pBase + (l * n + i) * n, n));
                }
            }
        }
        if (Normalize)
        {
            double norm = 0;
            foreach (var v in full) norm += v * v;
            norm = Math.Sqrt(norm);
            if (norm > 0)
                for (int i = 0; i < full.Length; i++) full[i] /= norm;
        }
        if (Layout == SoapLayout.Full) full.AsSpan().CopyTo(output);
        else
        {
            var idx = Map.FullIndexOfNative;
            for (int k = 0; k < idx.Length; k++) output[k] = full[idx[k]];
        }
    }
}
