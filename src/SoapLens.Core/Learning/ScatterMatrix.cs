using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SoapLens.Learning;

/// <summary>The instruction set a numeric kernel runs with (tests force the lower ones).</summary>
internal enum SimdLevel
{
    Scalar,
    Avx2,
    Avx512,
}

/// <summary>
/// Column means and the centred scatter matrix S = Σ_r (x_r − μ)(x_r − μ)ᵀ of a row-major table
/// (PCA's covariance times N − 1), computed without a second copy of the data.
/// <para>
/// Rows are taken in superblocks of <c>8 × blockRows</c>; each superblock is centred and packed
/// into 16-column panels (a few MB), then a register-blocked SYRK kernel adds its contribution to
/// the upper triangle of S. Each element of S is owned by exactly one work item and receives its
/// row blocks in row order, every block summed by one FMA chain in row order: the result is
/// bit-identical for any thread count, and also between the AVX-512, AVX2 and scalar kernels
/// (they perform the same fused multiply-adds in the same order). Changing <c>blockRows</c> only
/// regroups the sums (round-off differences).
/// </para>
/// </summary>
internal static unsafe class ScatterMatrix
{
    /// <summary>Width of a packed column panel (two AVX-512 vectors).</summary>
    public const int Panel = 16;

    /// <summary>Sub-blocks of <c>blockRows</c> rows packed per superblock.</summary>
    private const int SubBlocks = 8;

    /// <summary>Rows per chunk of the mean pass (fixed, so the sum order never depends on threads).</summary>
    private const int MeanChunk = 4096;

    /// <summary>Rows per block for a table of <paramref name="cols"/> columns: a packed block of rows fits in L2.</summary>
    public static int AutoBlockRows(int cols) => 128;

    public static SimdLevel Best =>
        Avx512F.IsSupported ? SimdLevel.Avx512 : Fma.IsSupported && Avx2.IsSupported ? SimdLevel.Avx2 : SimdLevel.Scalar;

    /// <summary>
    /// Column sums in a fixed order: rows summed sequentially within chunks of 4096, chunk sums
    /// added in chunk order. Divided by <paramref name="rows"/> this is the mean.
    /// </summary>
    public static double[] ColumnMeans(double[] x, int rows, int cols, int threads, CancellationToken cancel)
    {
        int chunks = Math.Max(1, (rows + MeanChunk - 1) / MeanChunk);
        var partial = new double[(long)chunks * cols];
        RowChunks.For(chunks, threads, cancel, c =>
        {
            var acc = partial.AsSpan((int)((long)c * cols), cols);
            long end = Math.Min((long)(c + 1) * MeanChunk, rows);
            for (long r = (long)c * MeanChunk; r < end; r++)
                Add(acc, x.AsSpan((int)(r * cols), cols));
        });
        var mean = new double[cols];
        for (int c = 0; c < chunks; c++) Add(mean, partial.AsSpan((int)((long)c * cols), cols));
        double inv = 1.0 / rows;
        for (int j = 0; j < cols; j++) mean[j] *= inv;
        return mean;
    }

    private static void Add(Span<double> acc, ReadOnlySpan<double> row)
    {
        int j = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int w = System.Numerics.Vector<double>.Count;
            for (; j <= row.Length - w; j += w)
                (new System.Numerics.Vector<double>(acc[j..]) + new System.Numerics.Vector<double>(row[j..])).CopyTo(acc[j..]);
        }
        for (; j < row.Length; j++) acc[j] += row[j];
    }

    /// <summary>
    /// The full symmetric scatter matrix (cols × cols, row-major) of the rows centred on
    /// <paramref name="mean"/>. <paramref name="afterSuperblock"/> runs on the calling thread with
    /// the number of rows done (for progress).
    /// </summary>
    public static double[] Compute(double[] x, int rows, int cols, double[] mean, int threads, CancellationToken cancel,
        int blockRows = 0, SimdLevel? level = null, Action<long>? afterSuperblock = null)
    {
        if (blockRows <= 0) blockRows = AutoBlockRows(cols);
        var isa = level ?? Best;
        if (isa == SimdLevel.Avx512 && !Avx512F.IsSupported) isa = SimdLevel.Avx2;
        if (isa == SimdLevel.Avx2 && !(Fma.IsSupported && Avx2.IsSupported)) isa = SimdLevel.Scalar;

        int panels = (cols + Panel - 1) / Panel;
        int dp = panels * Panel;
        int kc = blockRows;
        long superRows = (long)SubBlocks * kc;
        // Column-major padded S: the micro-kernel's accumulators are column segments.
        var cm = GC.AllocateUninitializedArray<double>(checked(dp * dp), pinned: true);
        Array.Clear(cm);
        var packed = GC.AllocateUninitializedArray<double>(checked(SubBlocks * panels * kc * Panel), pinned: true);

        fixed (double* px = x)
        {
            double* xp = px;
            double* pk = (double*)Unsafe.AsPointer(ref packed[0]);
            double* pc = (double*)Unsafe.AsPointer(ref cm[0]);
            for (long r0 = 0; r0 < rows; r0 += superRows)
            {
                cancel.ThrowIfCancellationRequested();
                long start = r0;
                int nsub = (int)Math.Min(SubBlocks, (rows - start + kc - 1) / kc);
                RowChunks.For(nsub, threads, cancel, s =>
                {
                    long a = start + (long)s * kc;
                    int count = (int)Math.Min(kc, rows - a);
                    Pack(xp + a * cols, count, cols, mean, pk + (long)s * panels * kc * Panel, kc, panels);
                });
                RowChunks.For(panels, threads, cancel, pi =>
                {
                    for (int s = 0; s < nsub; s++)
                    {
                        long a0 = start + (long)s * kc;
                        int count = (int)Math.Min(kc, rows - a0);
                        double* sub = pk + (long)s * panels * kc * Panel;
                        double* left = sub + (long)pi * kc * Panel;
                        for (int jh = 2 * pi; jh < 2 * panels; jh++)
                        {
                            double* right = sub + (long)(jh >> 1) * kc * Panel + (jh & 1) * 8;
                            double* c = pc + (long)jh * 8 * dp + pi * Panel;
                            switch (isa)
                            {
                                case SimdLevel.Avx512: Kernel512(left, right, count, c, dp); break;
                                case SimdLevel.Avx2: Kernel256(left, right, count, c, dp); break;
                                default: KernelScalar(left, right, count, c, dp); break;
                            }
                        }
                    }
                });
                afterSuperblock?.Invoke(Math.Min(rows, r0 + superRows));
            }
        }

        var s = new double[(long)cols * cols];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i <= j; i++)
            {
                double v = cm[(long)j * dp + i];
                s[(long)i * cols + j] = v;
                s[(long)j * cols + i] = v;
            }
        return s;
    }

    /// <summary>Centres <paramref name="count"/> rows and writes them as panels [panel][row][16] (zero padded).</summary>
    private static void Pack(double* rowsPtr, int count, int cols, double[] mean, double* dst, int kc, int panels)
    {
        fixed (double* mu = mean)
        {
            for (int k = 0; k < count; k++)
            {
                double* row = rowsPtr + (long)k * cols;
                for (int p = 0; p < panels; p++)
                {
                    double* d = dst + ((long)p * kc + k) * Panel;
                    int j0 = p * Panel;
                    int n = Math.Min(Panel, cols - j0);
                    int t = 0;
                    if (n == Panel && Vector256.IsHardwareAccelerated)
                    {
                        for (; t < Panel; t += 4)
                            Vector256.Store(Vector256.Load(row + j0 + t) - Vector256.Load(mu + j0 + t), d + t);
                    }
                    for (; t < n; t++) d[t] = row[j0 + t] - mu[j0 + t];
                    for (; t < Panel; t++) d[t] = 0;
                }
            }
        }
    }

    /// <summary>
    /// C[j0 + jj][i0 .. i0+16] += Σ_k a[k][0..16] · b[k][jj] for jj &lt; 8: a 16 × 8 tile of S
    /// held in 16 AVX-512 accumulators, one FMA chain per element in k order.
    /// </summary>
    private static void Kernel512(double* a, double* b, int kc, double* c, int ldc)
    {
        var z = Vector512<double>.Zero;
        Vector512<double> c00 = z, c01 = z, c02 = z, c03 = z, c04 = z, c05 = z, c06 = z, c07 = z;
        Vector512<double> c10 = z, c11 = z, c12 = z, c13 = z, c14 = z, c15 = z, c16 = z, c17 = z;
        for (int k = 0; k < kc; k++, a += Panel, b += Panel)
        {
            var a0 = Vector512.Load(a);
            var a1 = Vector512.Load(a + 8);
            var bb = Vector512.Create(b[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, bb, c00); c10 = Avx512F.FusedMultiplyAdd(a1, bb, c10);
            bb = Vector512.Create(b[1]);
            c01 = Avx512F.FusedMultiplyAdd(a0, bb, c01); c11 = Avx512F.FusedMultiplyAdd(a1, bb, c11);
            bb = Vector512.Create(b[2]);
            c02 = Avx512F.FusedMultiplyAdd(a0, bb, c02); c12 = Avx512F.FusedMultiplyAdd(a1, bb, c12);
            bb = Vector512.Create(b[3]);
            c03 = Avx512F.FusedMultiplyAdd(a0, bb, c03); c13 = Avx512F.FusedMultiplyAdd(a1, bb, c13);
            bb = Vector512.Create(b[4]);
            c04 = Avx512F.FusedMultiplyAdd(a0, bb, c04); c14 = Avx512F.FusedMultiplyAdd(a1, bb, c14);
            bb = Vector512.Create(b[5]);
            c05 = Avx512F.FusedMultiplyAdd(a0, bb, c05); c15 = Avx512F.FusedMultiplyAdd(a1, bb, c15);
            bb = Vector512.Create(b[6]);
            c06 = Avx512F.FusedMultiplyAdd(a0, bb, c06); c16 = Avx512F.FusedMultiplyAdd(a1, bb, c16);
            bb = Vector512.Create(b[7]);
            c07 = Avx512F.FusedMultiplyAdd(a0, bb, c07); c17 = Avx512F.FusedMultiplyAdd(a1, bb, c17);
        }
        Acc512(c, c00, c10); Acc512(c + ldc, c01, c11); Acc512(c + 2 * ldc, c02, c12); Acc512(c + 3 * ldc, c03, c13);
        Acc512(c + 4 * ldc, c04, c14); Acc512(c + 5 * ldc, c05, c15); Acc512(c + 6 * ldc, c06, c16); Acc512(c + 7 * ldc, c07, c17);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Acc512(double* c, Vector512<double> lo, Vector512<double> hi)
    {
        Vector512.Store(Vector512.Load(c) + lo, c);
        Vector512.Store(Vector512.Load(c + 8) + hi, c + 8);
    }

    /// <summary>The same 16 × 8 tile with AVX2: four 8 × 4 sub-tiles of 8 accumulators each.</summary>
    private static void Kernel256(double* a, double* b, int kc, double* c, int ldc)
    {
        for (int ih = 0; ih < 16; ih += 8)
            for (int jq = 0; jq < 8; jq += 4)
                Kernel256Sub(a + ih, b + jq, kc, c + (long)jq * ldc + ih, ldc);
    }

    private static void Kernel256Sub(double* a, double* b, int kc, double* c, int ldc)
    {
        var z = Vector256<double>.Zero;
        Vector256<double> c00 = z, c01 = z, c02 = z, c03 = z, c10 = z, c11 = z, c12 = z, c13 = z;
        for (int k = 0; k < kc; k++, a += Panel, b += Panel)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + 4);
            var bb = Vector256.Create(b[0]);
            c00 = Fma.MultiplyAdd(a0, bb, c00); c10 = Fma.MultiplyAdd(a1, bb, c10);
            bb = Vector256.Create(b[1]);
            c01 = Fma.MultiplyAdd(a0, bb, c01); c11 = Fma.MultiplyAdd(a1, bb, c11);
            bb = Vector256.Create(b[2]);
            c02 = Fma.MultiplyAdd(a0, bb, c02); c12 = Fma.MultiplyAdd(a1, bb, c12);
            bb = Vector256.Create(b[3]);
            c03 = Fma.MultiplyAdd(a0, bb, c03); c13 = Fma.MultiplyAdd(a1, bb, c13);
        }
        Acc256(c, c00, c10); Acc256(c + ldc, c01, c11); Acc256(c + 2 * ldc, c02, c12); Acc256(c + 3 * ldc, c03, c13);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Acc256(double* c, Vector256<double> lo, Vector256<double> hi)
    {
        Vector256.Store(Vector256.Load(c) + lo, c);
        Vector256.Store(Vector256.Load(c + 4) + hi, c + 4);
    }

    /// <summary>Reference kernel: the same fused multiply-adds in the same order, one element at a time.</summary>
    private static void KernelScalar(double* a, double* b, int kc, double* c, int ldc)
    {
        for (int jj = 0; jj < 8; jj++)
            for (int i = 0; i < 16; i++)
            {
                double acc = 0;
                for (int k = 0; k < kc; k++) acc = Math.FusedMultiplyAdd(a[k * Panel + i], b[k * Panel + jj], acc);
                c[(long)jj * ldc + i] += acc;
            }
    }
}
