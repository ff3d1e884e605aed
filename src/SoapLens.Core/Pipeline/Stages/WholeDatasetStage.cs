using SoapLens.Data;

namespace SoapLens.Pipeline.Stages;

/// <summary>
/// Base of the stages that need the whole dataset at once (PCA, clustering): every piped
/// <see cref="IDatasetSource"/> is collected in <see cref="Process"/>, and <see cref="End"/> stacks
/// their rows (in input order, keys kept) and computes one result. A single input is used as is,
/// so a large dataset is never copied.
/// </summary>
public abstract class WholeDatasetStage : Stage, IDatasetStage
{
    private readonly List<Dataset> _parts = new();

    protected WholeDatasetStage(IPipelineHost host) : base(host) { }

    /// <summary>Title of the progress bar.</summary>
    protected abstract string Activity { get; }

    /// <summary>Computes the result from all rows; called once, on the pipeline thread.</summary>
    protected abstract object Compute(Dataset data, ProgressReporter progress);

    public void Process(object? input)
    {
        if (input is null) return;
        Cancellation.ThrowIfCancellationRequested();
        if (input is not IDatasetSource source)
        {
            Host.WriteError(new SoapLensError("InputNotDataset", ErrorKind.InvalidArgument,
                $"A {input.GetType().Name} is not a dataset: pipe SOAP spectra, LENS signals, a joined dataset, a PCA result or an imported array.", input));
            return;
        }
        TryRun(() => _parts.Add(source.ToDataset()), input);
    }

    void IDatasetStage.Process(IDatasetSource input) => Process(input);

    public override void End()
    {
        if (_parts.Count == 0)
        {
            Host.WriteVerbose($"{Activity}: no input.");
            return;
        }
        TryRun(() =>
        {
            var data = Combine(_parts);
            Host.WriteVerbose($"{Activity}: {data.RowCount} rows x {data.ColumnCount} columns.");
            object result;
            using (var progress = new ProgressReporter(Host, Activity))
                result = Compute(data, progress);
            Host.Emit(result);
        }, null);
    }

    /// <summary>The rows of every part in order (the part itself when there is one).</summary>
    public static Dataset Combine(IReadOnlyList<Dataset> parts)
    {
        if (parts.Count == 1) return parts[0];
        int cols = parts[0].ColumnCount;
        foreach (var p in parts)
            if (p.ColumnCount != cols)
                throw new SoapLensException("DatasetShapeMismatch", ErrorKind.InvalidData,
                    $"The piped datasets have different column counts ({parts[0].Source}: {cols}, {p.Source}: {p.ColumnCount}); they cannot be analysed together.", p);
        long rows = parts.Sum(p => (long)p.RowCount);
        if (rows * cols > Array.MaxLength)
            throw new SoapLensException("DatasetTooLarge", ErrorKind.InvalidData, $"{rows} rows x {cols} columns exceed the largest array .NET can hold.");
        var values = new double[rows * cols];
        var frames = new int[rows];
        var atoms = new int[rows];
        long at = 0;
        foreach (var p in parts)
        {
            Array.Copy(p.Values, 0, values, at * cols, (long)p.RowCount * cols);
            Array.Copy(p.Frames, 0, frames, at, p.RowCount);
            Array.Copy(p.AtomIds, 0, atoms, at, p.RowCount);
            at += p.RowCount;
        }
        return new Dataset(values, (int)rows, cols, frames, atoms, parts[0].ColumnNames,
            string.Join(" + ", parts.Select(p => p.Source).Distinct()), parts[0].Parameters);
    }

    /// <summary>Reports a fraction of a phase as overall progress between <paramref name="from"/> and <paramref name="to"/> percent.</summary>
    protected static void Report(ProgressReporter progress, double from, double to, double fraction, string status, bool force = false) =>
        progress.Report((long)(10 * (from + (to - from) * Math.Clamp(fraction, 0, 1))), 1000, status, force);
}
