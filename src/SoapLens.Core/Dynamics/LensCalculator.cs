using SoapLens.Geometry;
using SoapLens.Pipeline;
using SoapLens.Trajectories;

namespace SoapLens.Dynamics;

/// <summary>Parameters of a LENS computation (methods.md §3).</summary>
public sealed record LensOptions
{
    /// <summary>Neighbour cutoff in Å (inclusive: d ≤ r_cut).</summary>
    public required double RCut { get; init; }

    /// <summary>Delay τ in frames: value k compares frames k and k + τ.</summary>
    public int Delay { get; init; } = 1;

    /// <summary>SOAPify's layout: τ zeros in front so the series has one value per frame.</summary>
    public bool LeadingZero { get; init; }

    /// <summary>Worker threads (≤ 0: every core). Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Frames whose neighbour sets are computed together (0: chosen from the system size).</summary>
    public int BatchFrames { get; init; }

    public void Validate()
    {
        if (!(RCut > 0) || !double.IsFinite(RCut))
            throw SoapLensException.Argument($"RCut must be a positive number of Å (got {RCut}).", nameof(RCut));
        if (Delay < 1)
            throw SoapLensException.Argument($"Delay must be at least 1 frame (got {Delay}).", nameof(Delay));
    }
}

/// <summary>
/// Streaming LENS (Local Environments and Neighbours Shuffling): for every centre i and frame t the
/// set N_i(t) of environment atoms j ≠ i within r_cut (minimum image, per-axis periodicity, any
/// triclinic cell; float64), then δ_i(t, t+τ) = |N_i(t) △ N_i(t+τ)| / (|N_i(t)| + |N_i(t+τ)|) with 0/0 = 0.
/// Frames are fed in order, in batches; only the neighbour sets of the last τ frames plus the
/// current batch are kept, so memory grows with centres × output frames, not with neighbour lists.
/// Work runs in parallel over (frame, block of centres) items that each write their own slot, and
/// everything up to the final division is integer arithmetic: results are bit-identical for any
/// thread count.
/// </summary>
public sealed class LensCalculator
{
    private const int CentresPerBlock = 64;

    private readonly Topology _topology;
    private readonly int[] _centres;
    private readonly int[]? _environment;
    private readonly LensOptions _options;
    private readonly int _delay;
    private readonly int _blocks;
    private readonly ParallelOptions _parallel;
    private readonly Slot[] _ring;
    private readonly Stack<Scratch> _scratch = new();
    private readonly List<double[]> _rows = new();   // one row of centres per transition
    private readonly List<int[]> _counts = new();    // one row of centres per frame
    private readonly List<int> _frameIndices = new();
    private long _frames;
    private bool _finished;

    /// <param name="topology">Atoms of every frame (ids ascending).</param>
    /// <param name="centreIndices">Indices (in the topology) of the centres, in output order.</param>
    /// <param name="environmentIndices">Indices of the atoms that count as neighbours (null = all atoms).</param>
    public LensCalculator(Topology topology, int[] centreIndices, int[]? environmentIndices, LensOptions options)
    {
        options.Validate();
        _topology = topology;
        _options = options;
        _delay = options.Delay;
        int n = topology.AtomCount;
        foreach (var c in centreIndices)
            if ((uint)c >= (uint)n) throw SoapLensException.Argument($"Centre index {c} is outside 0..{n - 1}.");
        if (environmentIndices is not null)
            foreach (var e in environmentIndices)
                if ((uint)e >= (uint)n) throw SoapLensException.Argument($"Environment index {e} is outside 0..{n - 1}.");
        _centres = centreIndices;
        _environment = environmentIndices;
        _blocks = (centreIndices.Length + CentresPerBlock - 1) / CentresPerBlock;
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        BatchFrames = options.BatchFrames > 0 ? options.BatchFrames : DefaultBatch(centreIndices.Length, threads);
        _ring = new Slot[_delay + BatchFrames];
        for (int i = 0; i < _ring.Length; i++) _ring[i] = new Slot(_blocks);
    }

    // Enough frames per batch to keep every thread busy, few enough that the neighbour sets of a
    // batch (≈ centres × 64 ints per frame) stay near 32 MB for large systems.
    private static int DefaultBatch(int centres, int threads)
    {
        long perFrame = Math.Max(1L, (long)centres * 64 * sizeof(int));
        return (int)Math.Clamp((32L << 20) / perFrame, 1, 4L * threads);
    }

    /// <summary>Frames per batch (frames handed to <see cref="AddBatch"/> at once should not exceed it).</summary>
    public int BatchFrames { get; }

    public int CentreCount => _centres.Length;

    /// <summary>Frames added so far.</summary>
    public long FrameCount => _frames;

    /// <summary>Computes LENS over a whole frame stream (convenience for tests and embedding).</summary>
    public static LensSignal Compute(IEnumerable<Frame> frames, Topology topology, int[] centreIndices, int[]? environmentIndices,
        LensOptions options, string source = "memory", CancellationToken cancel = default)
    {
        var calc = new LensCalculator(topology, centreIndices, environmentIndices, options);
        calc.Run(frames, null, cancel);
        return calc.ToSignal(source);
    }

    /// <summary>
    /// Feeds a frame stream in batches. The next batch is read on another thread while the current
    /// one is computed, so file parsing overlaps the neighbour searches. <paramref name="afterBatch"/>
    /// runs on the calling thread with the number of frames done (for progress and cancellation).
    /// </summary>
    public void Run(IEnumerable<Frame> frames, Action<long>? afterBatch, CancellationToken cancel)
    {
        using var e = frames.GetEnumerator();
        List<Frame> ReadBatch()
        {
            var b = new List<Frame>(BatchFrames);
            while (b.Count < BatchFrames && e.MoveNext()) b.Add(e.Current);
            return b;
        }
        var current = ReadBatch();
        while (current.Count > 0)
        {
            cancel.ThrowIfCancellationRequested();
            var next = Task.Run(ReadBatch, cancel);
            try
            {
                AddBatch(current, cancel);
            }
            catch
            {
                // Never leave the reader running on the enumerator we are about to dispose.
                try { next.Wait(CancellationToken.None); } catch (AggregateException) { }
                throw;
            }
            afterBatch?.Invoke(_frames);
            current = next.GetAwaiter().GetResult();
        }
    }

    /// <summary>Adds the next frames (in trajectory order) and computes every transition they complete.</summary>
    public void AddBatch(IReadOnlyList<Frame> batch, CancellationToken cancel = default)
    {
        if (_finished) throw new InvalidOperationException("The LENS result has already been taken from this LensCalculator.");
        if (batch.Count == 0) return;
        if (batch.Count > BatchFrames)
        {
            for (int i = 0; i < batch.Count; i += BatchFrames)
                AddBatch(batch.Skip(i).Take(BatchFrames).ToList(), cancel);
            return;
        }
        foreach (var f in batch) Check(f);
        long first = _frames;
        int nb = batch.Count;

        // 1. neighbour id sets: with a frame per worker or more, each frame is one work item (its cell
        // list built and queried on one core, no barrier in between); otherwise the lists are built
        // first and the queries split into blocks of centres.
        if (nb >= _parallel.MaxDegreeOfParallelism)
        {
            For(nb, cancel, (i, scratch) =>
            {
                var slot = Build(first + i, batch[i]);
                for (int b = 0; b < _blocks; b++) FillBlock(slot, b, scratch);
            });
        }
        else
        {
            For(nb, cancel, (i, _) => Build(first + i, batch[i]));
            For(nb * _blocks, cancel, (item, scratch) => FillBlock(SlotOf(first + item / _blocks), item % _blocks, scratch));
        }

        // 2. δ for every transition ending in this batch, per (transition, block of centres)
        long firstEnd = Math.Max(first, _delay);
        int transitions = (int)Math.Max(0, first + nb - firstEnd);
        var rows = new double[transitions][];
        for (int t = 0; t < transitions; t++) rows[t] = new double[_centres.Length];
        For(transitions * _blocks, cancel, (item, scratch) =>
        {
            long end = firstEnd + item / _blocks;
            CompareBlock(SlotOf(end - _delay), SlotOf(end), item % _blocks, rows[item / _blocks], scratch);
        });

        for (int i = 0; i < nb; i++)
        {
            var slot = SlotOf(first + i);
            var counts = new int[_centres.Length];
            for (int b = 0; b < _blocks; b++)
            {
                var off = slot.Blocks[b].Offsets;
                int c0 = b * CentresPerBlock, m = Math.Min(CentresPerBlock, _centres.Length - c0);
                for (int l = 0; l < m; l++) counts[c0 + l] = off[l + 1] - off[l];
            }
            _counts.Add(counts);
            _frameIndices.Add(batch[i].Index);
            slot.Frame = null; // the positions are not needed any more
        }
        _rows.AddRange(rows);
        _frames += nb;
    }

    private Slot Build(long ordinal, Frame f)
    {
        var slot = SlotOf(ordinal);
        slot.Frame = f;
        if (slot.List is null) slot.List = new NeighbourList(f.Positions, f.Cell, f.Pbc, _options.RCut, _environment, _environment is null);
        else slot.List.Rebuild(f.Positions, f.Cell, f.Pbc, _options.RCut, _environment, _environment is null);
        return slot;
    }

    private void Check(Frame f)
    {
        if (!f.Topology.SameIds(_topology))
            throw SoapLensException.InvalidData($"Frame {f.Index} holds different atom ids from the first frame; LENS compares neighbour ids across frames.", f.Index);
        if (f.Pbc.Any && (f.Cell is null || f.Cell.IsDegenerate))
            throw SoapLensException.InvalidData($"Frame {f.Index} is periodic ({f.Pbc}) but its cell has zero volume.", f.Index);
    }

    private Slot SlotOf(long ordinal) => _ring[ordinal % _ring.Length];

    private void FillBlock(Slot slot, int block, Scratch s)
    {
        var f = slot.Frame!;
        var pos = f.Positions;
        var nl = slot.List!;
        var blk = slot.Blocks[block];
        int c0 = block * CentresPerBlock, m = Math.Min(CentresPerBlock, _centres.Length - c0);
        blk.Offsets[0] = 0;
        if (SingleImage(f))
        {
            var col = new SingleImageCollector { Buffer = blk.Atoms };
            blk.Atoms = Collect(nl, pos, c0, m, blk.Offsets, ref col, null);
        }
        else
        {
            var col = new Collector { Stamp = s.Stamp, Buffer = blk.Atoms };
            blk.Atoms = Collect(nl, pos, c0, m, blk.Offsets, ref col, s);
        }
    }

    /// <summary>Queries centres c0..c0+m−1 into the collector's buffer; returns the (possibly grown) buffer.</summary>
    private int[] Collect<TCollector>(NeighbourList nl, double[] pos, int c0, int m, int[] offsets, ref TCollector col, Scratch? generations)
        where TCollector : struct, ICollector
    {
        for (int l = 0; l < m; l++)
        {
            int a = _centres[c0 + l];
            col.Start(a, generations?.Next() ?? 0);
            nl.Query(pos[3 * a], pos[3 * a + 1], pos[3 * a + 2], ref col);
            offsets[l + 1] = col.Count;
        }
        return col.Buffer;
    }

    /// <summary>
    /// True when no atom can have two images within the cutoff of one point: two images are at least
    /// a perpendicular cell width apart, and two points within r_cut of the query at most 2 r_cut.
    /// Then the neighbour images need no de-duplication.
    /// </summary>
    private bool SingleImage(Frame f)
    {
        if (!f.Pbc.Any) return true;
        for (int a = 0; a < 3; a++)
            if (f.Pbc[a] && !(2 * _options.RCut * (1 + 1e-9) < f.Cell!.PerpendicularWidth(a))) return false;
        return true;
    }

    private void CompareBlock(Slot a, Slot b, int block, double[] row, Scratch s)
    {
        var ba = a.Blocks[block];
        var bb = b.Blocks[block];
        var stamp = s.Stamp;
        int c0 = block * CentresPerBlock, m = Math.Min(CentresPerBlock, _centres.Length - c0);
        for (int l = 0; l < m; l++)
        {
            int gen = s.Next();
            int a0 = ba.Offsets[l], a1 = ba.Offsets[l + 1];
            int b0 = bb.Offsets[l], b1 = bb.Offsets[l + 1];
            for (int q = a0; q < a1; q++) stamp[ba.Atoms[q]] = gen;
            int common = 0;
            for (int q = b0; q < b1; q++) if (stamp[bb.Atoms[q]] == gen) common++;
            int total = (a1 - a0) + (b1 - b0);
            row[c0 + l] = total == 0 ? 0.0 : (double)(total - 2 * common) / total;
        }
    }

    /// <summary>Runs work items in parallel (or inline for one thread); each worker has its own scratch.</summary>
    private void For(int count, CancellationToken cancel, Action<int, Scratch> body)
    {
        if (count == 0) return;
        cancel.ThrowIfCancellationRequested();
        if (_parallel.MaxDegreeOfParallelism == 1 || count == 1)
        {
            var s = Rent();
            try { for (int i = 0; i < count; i++) body(i, s); }
            finally { Return(s); }
            return;
        }
        var po = new ParallelOptions { MaxDegreeOfParallelism = _parallel.MaxDegreeOfParallelism, CancellationToken = cancel };
        Parallel.For(0, count, po, Rent, (i, _, s) => { body(i, s); return s; }, Return);
    }

    private Scratch Rent()
    {
        lock (_scratch) return _scratch.Count > 0 ? _scratch.Pop() : new Scratch(_topology.AtomCount);
    }

    private void Return(Scratch s)
    {
        lock (_scratch) _scratch.Push(s);
    }

    /// <summary>
    /// The result, once every frame has been added. Call it once: the per-transition rows are released
    /// while they are transposed into the centre-major result, so the peak memory stays near one copy.
    /// </summary>
    public LensSignal ToSignal(string source, string? centreDescription = null, string? environmentDescription = null)
    {
        if (_finished) throw new InvalidOperationException("ToSignal has already been called on this LensCalculator.");
        int f = (int)_frames;
        if (f <= _delay)
            throw new SoapLensException("TooFewFrames", ErrorKind.InvalidArgument,
                $"LENS with a delay of {_delay} frame(s) needs at least {_delay + 1} frames; '{source}' gave {f}.", source);
        int c = _centres.Length;
        int pad = _options.LeadingZero ? _delay : 0;
        int t = _rows.Count + pad;
        var values = new double[(long)c * t];
        _finished = true;
        for (int k = 0; k < _rows.Count; k++)
        {
            var row = _rows[k];
            for (int i = 0; i < c; i++) values[(long)i * t + pad + k] = row[i];
            _rows[k] = null!;
        }
        var frameIndices = _frameIndices.ToArray();
        var start = new int[t];
        var end = new int[t];
        for (int k = 0; k < t; k++)
        {
            int s = k - pad;
            start[k] = s >= 0 ? frameIndices[s] : -1;
            end[k] = frameIndices[s + _delay];
        }
        var counts = new int[(long)f * c];
        for (int k = 0; k < f; k++) _counts[k].CopyTo(counts, (long)k * c);
        var ids = new int[c];
        for (int i = 0; i < c; i++) ids[i] = _topology.Ids[_centres[i]];
        return new LensSignal(ids, frameIndices, _delay, _options.RCut, values, t, start, end, counts,
            _options.LeadingZero, source, centreDescription, environmentDescription);
    }

    private interface ICollector : INeighbourVisitor
    {
        int Count { get; }
        int[] Buffer { get; }
        void Start(int self, int generation);
    }

    /// <summary>Collects neighbour atoms of one centre after another into one buffer; an atom counts once however many of its images are within the cutoff.</summary>
    private struct Collector : ICollector
    {
        public int[] Stamp;
        private int _generation;
        private int _self;

        public int[] Buffer { get; set; }
        public int Count { get; private set; }

        public void Start(int self, int generation) { _self = self; _generation = generation; }

        public void Visit(int atom, double dx, double dy, double dz, double r2)
        {
            if (atom == _self || Stamp[atom] == _generation) return;
            Stamp[atom] = _generation;
            Append(atom);
        }

        private void Append(int atom)
        {
            var b = Buffer;
            if (Count == b.Length) { Array.Resize(ref b, Math.Max(64, b.Length * 2)); Buffer = b; }
            b[Count++] = atom;
        }
    }

    /// <summary>As <see cref="Collector"/> when no atom can show two images (see <see cref="SingleImage"/>).</summary>
    private struct SingleImageCollector : ICollector
    {
        private int _self;

        public int[] Buffer { get; set; }
        public int Count { get; private set; }

        public void Start(int self, int generation) => _self = self;

        public void Visit(int atom, double dx, double dy, double dz, double r2)
        {
            if (atom == _self) return;
            var b = Buffer;
            if (Count == b.Length) { Array.Resize(ref b, Math.Max(64, b.Length * 2)); Buffer = b; }
            b[Count++] = atom;
        }
    }

    private sealed class Scratch(int atoms)
    {
        public readonly int[] Stamp = new int[atoms];
        private int _generation;

        public int Next()
        {
            if (_generation == int.MaxValue)
            {
                Array.Clear(Stamp);
                _generation = 0;
            }
            return ++_generation;
        }
    }

    private sealed class Block
    {
        public readonly int[] Offsets = new int[CentresPerBlock + 1];
        public int[] Atoms = new int[CentresPerBlock * 16];
    }

    private sealed class Slot
    {
        public Slot(int blocks)
        {
            Blocks = new Block[blocks];
            for (int i = 0; i < blocks; i++) Blocks[i] = new Block();
        }

        public readonly Block[] Blocks;
        public NeighbourList? List;
        public Frame? Frame;
    }
}
