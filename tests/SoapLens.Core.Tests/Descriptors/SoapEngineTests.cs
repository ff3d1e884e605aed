using SoapLens.Descriptors;
using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Descriptors;

public class SoapEngineTests
{
    private static readonly Lazy<Frame> s_au = new(() => SoapReference.Frames(SharedData.Trajectory("au309", "au309.extxyz"), 0)[0]);
    private static readonly Lazy<Frame> s_water = new(() => SoapReference.Frames(SharedData.Reference("soap-water", "water_cluster.extxyz"))[0]);
    private static readonly Lazy<IReadOnlyList<Frame>> s_cu = new(() => SoapReference.Frames(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), 0, 49, 99));

    private static SoapParameters AuParameters => SoapParameters.Create(4.48, 8, 8, 1.0, ["Au"]);
    private static SoapParameters WaterParameters => SoapParameters.Create(6.0, 8, 8, 1.0, ["H", "O"]);

    private static Frame WithPositions(Frame f, double[] positions) => new(f.Index, f.Topology, positions, f.Cell, f.Pbc, f.Time, f.Step);

    [Theory]
    [InlineData(6.0, 8, 8, 1.0)]
    [InlineData(5.0, 4, 20, 0.7)]
    public void Spectra_are_invariant_under_rotation_of_a_cluster(double rCut, int nMax, int lMax, double sigma)
    {
        var frame = s_water.Value;
        // A rotation about an arbitrary axis through an arbitrary point, from a unit quaternion.
        var r = Rotation.FromQuaternion(0.6, 0.48, -0.36, 0.528);
        var p = frame.Positions;
        var rotated = new double[p.Length];
        for (int i = 0; i < p.Length; i += 3)
            for (int k = 0; k < 3; k++)
                rotated[i + k] = r[3 * k] * (p[i] - 3) + r[3 * k + 1] * (p[i + 1] + 1) + r[3 * k + 2] * (p[i + 2] - 7) + 11;
        var calc = new SoapCalculator(SoapParameters.Create(rCut, nMax, lMax, sigma, ["H", "O"]), SoapLayout.Full);
        var centres = Enumerable.Range(0, frame.AtomCount).Where(i => i % 5 == 0).ToArray();
        var a = calc.ComputeFrame(frame, centres);
        var b = calc.ComputeFrame(WithPositions(frame, rotated), centres);
        Assert.True(SoapReference.RelativeError(b, a) < 1e-12, $"rotation changed the spectrum by {SoapReference.RelativeError(b, a):e2}");
    }

    [Fact]
    public void Spectra_follow_the_atoms_when_file_order_and_ids_are_shuffled()
    {
        var frame = s_au.Value;
        int n = frame.AtomCount;
        var perm = Enumerable.Range(0, n).ToArray();
        new Random(11).Shuffle(perm);
        // Atom k of the new frame is old atom perm[k], with a new id; ids stay ascending in the topology.
        var ids = Enumerable.Range(0, n).Select(k => 1000 + 3 * k).ToArray();
        var pos = new double[3 * n];
        for (int k = 0; k < n; k++)
            for (int d = 0; d < 3; d++) pos[3 * k + d] = frame.Positions[3 * perm[k] + d];
        var shuffled = new Frame(0, new Topology(ids, Enumerable.Repeat<string?>("Au", n).ToArray()), pos, null, Pbc.None);
        var calc = new SoapCalculator(AuParameters);
        var a = calc.ComputeFrame(frame);
        var b = calc.ComputeFrame(shuffled);
        int f = calc.FeatureCount;
        for (int k = 0; k < n; k++)
        {
            double err = SoapReference.RelativeError(b.AsSpan(k * f, f), a.AsSpan(perm[k] * f, f));
            Assert.True(err < 1e-12, $"atom {k} differs by {err:e2} after shuffling");
        }
    }

    [Fact]
    public void Results_are_bit_identical_for_any_thread_count()
    {
        var frames = s_cu.Value;
        var calc = new SoapCalculator(SoapParameters.Create(6.0, 8, 8, 1.0, ["Cu"]));
        var centres = Enumerable.Range(0, 720).Where(i => i % 7 != 3).ToArray();
        double[][] Run(int threads)
        {
            var outputs = frames.Select(_ => new double[centres.Length * calc.FeatureCount]).ToArray();
            calc.ComputeFrames(frames, centres, outputs, null, threads, false, CancellationToken.None);
            return outputs;
        }
        var one = Run(1);
        foreach (var threads in new[] { 2, 3 })
        {
            var many = Run(threads);
            for (int f = 0; f < frames.Count; f++) Assert.True(one[f].AsSpan().SequenceEqual(many[f]), $"{threads} threads differ in frame {f}");
        }
    }

    [Fact]
    public void Every_vector_width_gives_the_same_bits()
    {
        var frame = s_water.Value;
        var centres = Enumerable.Range(0, 60).ToArray();
        var scalar = new SoapCalculator(WaterParameters, width: SimdWidth.Scalar).ComputeFrame(frame, centres);
        foreach (var width in new[] { SimdWidth.Avx2, SimdWidth.Avx512 })
        {
            var calc = new SoapCalculator(WaterParameters, width: width);
            Assert.True(calc.ComputeFrame(frame, centres).AsSpan().SequenceEqual(scalar), $"{calc.Width} differs from the scalar kernels");
        }
    }

    [Fact]
    public void Single_precision_storage_rounds_the_float64_result()
    {
        var frame = s_water.Value;
        var calc = new SoapCalculator(WaterParameters);
        var centres = new[] { 0, 1, 2, 100 };
        var d = calc.ComputeFrame(frame, centres);
        var f = new float[d.Length];
        calc.ComputeFrames([frame], centres, [null], [f], 1, false, CancellationToken.None);
        for (int i = 0; i < d.Length; i++) Assert.Equal((float)d[i], f[i]);
    }

    [Fact]
    public void Full_layout_is_the_gather_of_the_native_layout()
    {
        var frame = s_water.Value;
        var centres = new[] { 0, 5, 200 };
        var native = new SoapCalculator(WaterParameters).ComputeFrame(frame, centres);
        var full = new SoapCalculator(WaterParameters, SoapLayout.Full).ComputeFrame(frame, centres);
        var map = SoapFeatureMap.For(WaterParameters);
        var converted = new double[map.FullCount];
        var back = new double[map.NativeCount];
        for (int c = 0; c < centres.Length; c++)
        {
            map.Convert(SoapLayout.Dscribe, native.AsSpan(c * 1224, 1224), SoapLayout.Full, converted);
            Assert.True(converted.AsSpan().SequenceEqual(full.AsSpan(c * 1728, 1728)));
            map.Convert(SoapLayout.Full, converted, SoapLayout.Dscribe, back);
            Assert.True(back.AsSpan().SequenceEqual(native.AsSpan(c * 1224, 1224)));
        }
    }

    [Fact]
    public void Centre_subsets_give_the_same_vectors_as_the_whole_frame()
    {
        var frame = s_au.Value;
        var calc = new SoapCalculator(AuParameters);
        var all = calc.ComputeFrame(frame);
        var some = calc.ComputeFrame(frame, [308, 0, 150]);
        int f = calc.FeatureCount;
        Assert.True(some.AsSpan(0, f).SequenceEqual(all.AsSpan(308 * f, f)));
        Assert.True(some.AsSpan(2 * f, f).SequenceEqual(all.AsSpan(150 * f, f)));
    }

    [Fact]
    public void An_isolated_atom_sees_only_itself()
    {
        // Only l = 0 survives for R = 0: p_{nn'0} = π√8 c_n0 c_n'0, every l > 0 entry zero.
        var top = new Topology([1, 2], ["Cu", "Cu"]);
        var frame = new Frame(0, top, [0, 0, 0, 50, 0, 0], null, Pbc.None);
        var p = SoapParameters.Create(5.0, 4, 3, 0.7, ["Cu"]);
        var v = new SoapCalculator(p, SoapLayout.Full).ComputeFrame(frame, [0]);
        for (int i = 16; i < v.Length; i++) Assert.Equal(0.0, v[i]);
        Assert.True(v[0] > 0);
        // The l = 0 block is a rank-one outer product.
        Assert.Equal(v[1] * v[4], v[0] * v[5], 12);
    }

    [Fact]
    public void A_species_missing_from_the_frame_gives_zero_blocks()
    {
        var frame = s_au.Value;
        var p = SoapParameters.Create(4.48, 8, 8, 1.0, ["Au", "H"]);
        var calc = new SoapCalculator(p);
        Assert.Equal(["H", "Au"], p.Species);
        var v = calc.ComputeFrame(frame, [0]);
        var slices = calc.Map.NativeSlices;
        Assert.Equal(("H", "H", "H", "Au", "Au", "Au"), (slices[0].A, slices[0].B, slices[1].A, slices[1].B, slices[2].A, slices[2].B));
        Assert.All(v[..slices[2].Start], x => Assert.Equal(0.0, x));
        var alone = new SoapCalculator(AuParameters).ComputeFrame(frame, [0]);
        Assert.True(v.AsSpan(slices[2].Start).SequenceEqual(alone));
    }

    [Fact]
    public void Atoms_of_an_unlisted_species_are_an_error_naming_it()
    {
        var ex = Assert.Throws<SoapLensException>(() => new SoapCalculator(SoapParameters.Create(6, 8, 8, 1, ["O"])).ComputeFrame(s_water.Value, [0]));
        Assert.Equal("SoapSpeciesMissing", ex.ErrorId);
        Assert.Contains("H", ex.Message);
    }

    [Fact]
    public void Atoms_without_an_element_are_left_out_of_the_environment()
    {
        var f = s_water.Value;
        var species = f.Topology.Species.Select((s, i) => i == 5 ? null : s).ToArray();
        var withVirtual = new Frame(0, new Topology(f.Topology.Ids, species), f.Positions, null, Pbc.None);
        var keep = Enumerable.Range(0, f.AtomCount).Where(i => i != 5).ToArray();
        var pos = keep.SelectMany(i => new[] { f.Positions[3 * i], f.Positions[3 * i + 1], f.Positions[3 * i + 2] }).ToArray();
        var without = new Frame(0, new Topology(keep.Select(i => f.Topology.Ids[i]).ToArray(), keep.Select(i => f.Topology.Species[i]).ToArray()), pos, null, Pbc.None);
        var calc = new SoapCalculator(WaterParameters);
        Assert.True(calc.ComputeFrame(withVirtual, [0]).AsSpan().SequenceEqual(calc.ComputeFrame(without, [0])));
    }

    [Theory]
    [InlineData(1.0, 8, 8, 1.0, "RCut")]
    [InlineData(double.NaN, 8, 8, 1.0, "RCut")]
    [InlineData(6.0, 0, 8, 1.0, "NMax")]
    [InlineData(6.0, 8, -1, 1.0, "LMax")]
    [InlineData(6.0, 8, 21, 1.0, "LMax")]
    [InlineData(6.0, 8, 8, 0.0, "Sigma")]
    [InlineData(6.0, 8, 8, -1.0, "Sigma")]
    public void Invalid_parameters_are_refused_with_a_message_naming_them(double rCut, int nMax, int lMax, double sigma, string name)
    {
        var ex = Assert.Throws<SoapLensException>(() => SoapParameters.Create(rCut, nMax, lMax, sigma, ["Cu"]));
        Assert.Equal("SoapParameterInvalid", ex.ErrorId);
        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith(name, ex.Message);
    }

    [Fact]
    public void Unknown_species_symbols_are_refused()
    {
        var ex = Assert.Throws<SoapLensException>(() => SoapParameters.Create(6, 8, 8, 1, ["Cu", "Xx"]));
        Assert.Equal("SoapSpeciesUnknown", ex.ErrorId);
        Assert.Contains("'Xx'", ex.Message);
        Assert.Throws<SoapLensException>(() => SoapParameters.Create(6, 8, 8, 1, []));
        Assert.Equal(["Cu"], SoapParameters.Create(6, 8, 8, 1, ["cu", "Cu"]).Species);
    }

    [Fact]
    public void A_basis_that_cannot_be_orthonormalised_is_refused_clearly()
    {
        // Thirty primitives crowded between 1 and 1.3 Å are numerically linearly dependent.
        var ex = Assert.Throws<SoapLensException>(() => new GtoBasis(SoapParameters.Create(1.3, 30, 2, 1.0, ["Cu"])));
        Assert.Equal("SoapBasisSingular", ex.ErrorId);
        Assert.Contains("NMax", ex.Message);
    }

    [Fact]
    public void The_orthonormalised_basis_has_unit_overlap()
    {
        var p = SoapParameters.Create(6.0, 8, 8, 1.0, ["Cu"]);
        var b = new GtoBasis(p);
        int n = 8;
        for (int l = 0; l <= 8; l++)
        {
            // β S β = I with S_{ij} = ½ Γ(l+3/2) (α_i+α_j)^{−(l+3/2)}, checked to the accuracy the conditioning allows.
            double g = GtoBasis.GammaHalfInteger(l);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int a = 0; a < n; a++)
                        for (int c = 0; c < n; c++)
                            sum += b.Beta[(l * n + i) * n + a] * 0.5 * g * Math.Pow(b.Alpha[l * n + a] + b.Alpha[l * n + c], -(l + 1.5)) * b.Beta[(l * n + c) * n + j];
                    Assert.Equal(i == j ? 1.0 : 0.0, sum, 1e-6);
                }
        }
        Assert.Equal(Math.Log(1000), b.Alpha[0], 14);
        Assert.Equal(Math.Log(1000) / 36, b.Alpha[7], 14);
    }

    [Fact]
    public void Dscribe_layout_sizes_are_as_documented()
    {
        Assert.Equal(324, SoapFeatureMap.For(8, 8, ["Cu"]).NativeCount);
        Assert.Equal(576, SoapFeatureMap.For(8, 8, ["Cu"]).FullCount);
        var water = SoapFeatureMap.For(8, 8, ["H", "O"]);
        Assert.Equal(1224, water.NativeCount);
        Assert.Equal(1728, water.FullCount);
        Assert.Equal([new SoapPairSlice("H", "H", 0, 324), new SoapPairSlice("H", "O", 324, 900), new SoapPairSlice("O", "O", 900, 1224)], water.NativeSlices);
        Assert.Equal([new SoapPairSlice("H", "H", 0, 576), new SoapPairSlice("H", "O", 576, 1152), new SoapPairSlice("O", "O", 1152, 1728)], water.FullSlices);
        Assert.Equal(70, SoapFeatureMap.For(4, 6, ["Cu"]).NativeCount);
        // Native same-species order: l outer, then n, then n' ≥ n.
        var cu = SoapFeatureMap.For(3, 1, ["Cu"]);
        Assert.Equal(["Cu-Cu l0 n0 n0", "Cu-Cu l0 n0 n1", "Cu-Cu l0 n0 n2", "Cu-Cu l0 n1 n1", "Cu-Cu l0 n1 n2", "Cu-Cu l0 n2 n2", "Cu-Cu l1 n0 n0"],
            cu.FeatureNames(SoapLayout.Dscribe)[..7]);
        Assert.Equal(2.0, cu.FullWeightOfNative[1]);
        Assert.Equal(1.0, cu.FullWeightOfNative[3]);
    }
}
