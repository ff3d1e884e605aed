using SoapLens.Pipeline;

namespace SoapLens.Data;

/// <summary>
/// Collects the inputs of a whole-dataset cmdlet (anything implementing <see cref="IDatasetSource"/>)
/// while the pipeline runs and joins them into one dataset at the end: a single input is used as
/// is (no copy); several are stacked row-wise in arrival order, keeping their (frame, atom id) keys.
/// </summary>
public sealed class DatasetCollector
{
    private readonly List<Dataset> _datasets = new();

    public int Count => _datasets.Count;

    /// <summary>
    /// Takes one pipeline object. Anything that is not a dataset source is reported to
    /// <paramref name="host"/> as a non-terminating error and false is returned.
    /// </summary>
    public bool Add(object? input, IPipelineHost host)
    {
        if (input is null) return false;
        if (input is not IDatasetSource source)
        {
            host.WriteError(new SoapLensError("InputNotDataset", ErrorKind.InvalidArgument,
                $"A {input.GetType().Name} is not a dataset; pipe SOAP spectra, LENS signals, their join, a projection or an imported array.", input));
            return false;
        }
        _datasets.Add(source.ToDataset());
        return true;
    }

    /// <summary>The collected rows as one dataset, or null when nothing was collected.</summary>
    public Dataset? Combine()
    {
        if (_datasets.Count == 0) return null;
        if (_datasets.Count == 1) return _datasets[0];
        int cols = _datasets[0].ColumnCount;
        long rows = 0;
        foreach (var d in _datasets)
        {
            if (d.ColumnCount != cols)
                throw new SoapLensException("DatasetColumnsDiffer", ErrorKind.InvalidData,
                    $"The inputs have different column counts ({_datasets[0]} has {cols}, {d} has {d.ColumnCount}); only datasets of the same columns can be combined.", d);
            rows += d.RowCount;
        }
        if (rows * cols > Array.MaxLength)
            throw new SoapLensException("DatasetTooLarge", ErrorKind.InvalidData, $"{rows} rows × {cols} columns do not fit in one dataset.");
        var values = new double[rows * cols];
        var frames = new int[rows];
        var atoms = new int[rows];
        int r = 0;
        foreach (var d in _datasets)
        {
            d.Values.AsSpan(0, d.RowCount * cols).CopyTo(values.AsSpan(r * cols));
            d.Frames.CopyTo(frames, r);
            d.AtomIds.CopyTo(atoms, r);
            r += d.RowCount;
        }
        return new Dataset(values, (int)rows, cols, frames, atoms, _datasets[0].ColumnNames, "combined");
    }
}
