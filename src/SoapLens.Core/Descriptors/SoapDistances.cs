using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning;
using SoapLens.Pipeline;

namespace SoapLens.Descriptors;

/// <summary>
/// SOAP distances d = √(2 − 2k) (or kernels k, the normalised full-layout inner product) between
/// every vector of a spectrum and a set of reference vectors: frames × centres × references.
/// Made by Measure-SoapDistance; <see cref="Nearest"/> turns it into cluster labels.
/// </summary>
public sealed class SoapDistances : IBundleConvertible, IDatasetSource
{
    public const string Kind = "SoapDistances";

    public SoapDistances(double[] values, int[] frameIndices, double[] times, int[] centreIds, string[] referenceNames, bool isKernel,
        SoapParameters parameters)
    {
        if (values.LongLength != (long)frameIndices.Length * centreIds.Length * referenceNames.Length)
            throw new ArgumentException("values must be frames × centres × references.");
        if (times.Length != frameIndices.Length) throw new ArgumentException("One time per frame is needed.");
        Values = values;
        FrameIndices = frameIndices;
        Times = times;
        CentreIds = centreIds;
        ReferenceNames = referenceNames;
        IsKernel = isKernel;
        Parameters = parameters;
    }

    /// <summary>frames × centres × references, C order.</summary>
    public double[] Values { get; }
    public int[] FrameIndices { get; }
    public double[] Times { get; }
    public int[] CentreIds { get; }
    public string[] ReferenceNames { get; }

    /// <summary>True when the values are kernels k ∈ [−1, 1] (≥ 0 for SOAP), false for distances √(2 − 2k).</summary>
    public bool IsKernel { get; }

    public SoapParameters Parameters { get; }
    public int FrameCount => FrameIndices.Length;
    public int CentreCount => CentreIds.Length;
    public int ReferenceCount => ReferenceNames.Length;
    public string Quantity => IsKernel ? "kernel" : "distance";

    public double this[int frame, int centre, int reference] =>
        Values[((long)frame * CentreCount + centre) * ReferenceCount + reference];

    /// <summary>Distances (or kernels) of every vector to every row of <paramref name="references"/> (vectors in the spectrum's layout).</summary>
    public static SoapDistances ToReferences(SoapSpectrum spectrum, IReadOnlyList<double[]> references, string[] names, bool kernel,
        int threads, CancellationToken cancel)
    {
        int d = spectrum.FeatureCount, r = references.Count;
        if (r == 0) throw SoapLensException.Argument("At least one reference vector is needed.");
        if (names.Length != r) throw new ArgumentException("One name per reference is needed.");
        var map = spectrum.Map;
        var layout = spectrum.Layout;
        var refs = new double[r * d];
        for (int k = 0; k < r; k++)
        {
            if (references[k].Length != d)
                throw new SoapLensException("SoapReferenceLength", ErrorKind.InvalidArgument,
                    $"Reference '{names[k]}' has {references[k].Length} values; the spectrum's {layout} vectors have {d}.", names[k]);
            SoapKernel.Normalize(map, layout, references[k], refs.AsSpan(k * d, d));
        }
        int nf = spectrum.FrameCount, nc = spectrum.CentreCount;
        var values = new double[(long)nf * nc * r];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount, CancellationToken = cancel };
        Parallel.For(0, nf, options, () => (new double[d], new double[d]), (f, _, buf) =>
        {
            var (raw, unit) = buf;
            for (int c = 0; c < nc; c++)
            {
                spectrum.CopyVector(f, c, raw);
                SoapKernel.Normalize(map, layout, raw, unit);
                for (int k = 0; k < r; k++)
                {
                    var q = refs.AsSpan(k * d, d);
                    values[((long)f * nc + c) * r + k] = kernel ? map.FullDot(layout, unit, q) : SoapKernel.UnitDistance(map, layout, unit, q);
                }
            }
            return buf;
        }, _ => { });
        return new SoapDistances(values, spectrum.FrameIndices, spectrum.Times, spectrum.CentreIds, names, kernel, spectrum.Parameters);
    }

    /// <summary>Every vector of a spectrum (all frames and centres) as references, converted to <paramref name="layout"/>.</summary>
    public static (double[][] Vectors, string[] Names) ReferencesFrom(SoapSpectrum reference, SoapParameters parameters, SoapLayout layout)
    {
        if (!reference.Parameters.Equals(parameters))
            throw new SoapLensException("SoapParametersDiffer", ErrorKind.InvalidArgument,
                $"The reference spectrum was computed with {reference.Parameters}, the input with {parameters}: SOAP distances need the same parameters.");
        var converted = reference.ToLayout(layout);
        var vectors = new List<double[]>();
        var names = new List<string>();
        for (int f = 0; f < converted.FrameCount; f++)
            for (int c = 0; c < converted.CentreCount; c++)
            {
                vectors.Add(converted.Vector(f, c));
                names.Add(string.Create(CultureInfo.InvariantCulture, $"frame {converted.FrameIndices[f]} atom {converted.CentreIds[c]}"));
            }
        return (vectors.ToArray(), names.ToArray());
    }

    /// <summary>d(a[f, c], b[f, c]) for two spectra over the same frames and centres (one "reference" per vector: its partner).</summary>
    public static SoapDistances Elementwise(SoapSpectrum a, SoapSpectrum b, bool kernel)
    {
        if (!a.Parameters.Equals(b.Parameters))
            throw new SoapLensException("SoapParametersDiffer", ErrorKind.InvalidArgument,
                $"The two spectra were computed with different parameters ({a.Parameters} and {b.Parameters}).");
        if (a.FrameCount != b.FrameCount || !a.CentreIds.AsSpan().SequenceEqual(b.CentreIds))
            throw new SoapLensException("SoapShapesDiffer", ErrorKind.InvalidArgument,
                $"Element-wise distances need the same frames and centres: {a.FrameCount} × {a.CentreCount} against {b.FrameCount} × {b.CentreCount}.");
        var bb = b.ToLayout(a.Layout);
        int d = a.FeatureCount;
        var x = new double[d];
        var y = new double[d];
        var values = new double[(long)a.FrameCount * a.CentreCount];
        for (int f = 0; f < a.FrameCount; f++)
            for (int c = 0; c < a.CentreCount; c++)
            {
                a.CopyVector(f, c, x);
                bb.CopyVector(f, c, y);
                values[(long)f * a.CentreCount + c] = kernel ? SoapKernel.Cosine(a.Map, a.Layout, x, y) : SoapKernel.Distance(a.Map, a.Layout, x, y);
            }
        return new SoapDistances(values, a.FrameIndices, a.Times, a.CentreIds, ["partner"], kernel, a.Parameters);
    }

    /// <summary>Labels every (frame, centre) with its nearest reference (smallest distance / largest kernel; first on ties).</summary>
    public ClusterLabels Nearest()
    {
        int n = FrameCount * CentreCount;
        var labels = new int[n];
        var frames = new int[n];
        var atoms = new int[n];
        for (int f = 0, row = 0; f < FrameCount; f++)
            for (int c = 0; c < CentreCount; c++, row++)
            {
                int best = 0;
                for (int k = 1; k < ReferenceCount; k++)
                {
                    double v = this[f, c, k], b = this[f, c, best];
                    if (IsKernel ? v > b : v < b) best = k;
                }
                labels[row] = best;
                frames[row] = FrameIndices[f];
                atoms[row] = CentreIds[c];
            }
        return new ClusterLabels(labels, frames, atoms, ReferenceCount, "nearest SOAP reference",
            parameters: new Dictionary<string, object> { ["references"] = ReferenceNames }, clusterNames: ReferenceNames);
    }

    public DataBundle ToBundle()
    {
        var b = new DataBundle(Kind);
        b.Add(Quantity, NdArray.Of(Values, FrameCount, CentreCount, ReferenceCount), "frame", "centre", "reference");
        b.AddCoordinate("frame", "frame", NdArray.Of(FrameIndices));
        b.AddCoordinate("time", "frame", NdArray.Of(Times));
        b.AddCoordinate("atom_id", "centre", NdArray.Of(CentreIds));
        foreach (var (k, v) in Attributes()) b.Attributes[k] = v;
        return b;
    }

    private Dictionary<string, object> Attributes()
    {
        var a = Parameters.ToAttributes();
        a["reference_names"] = ReferenceNames;
        a["quantity"] = Quantity;
        return a;
    }

    public static SoapDistances FromBundle(DataBundle b)
    {
        bool kernel = b.GetAttribute("quantity", "distance") == "kernel";
        var v = b.Primary.Values;
        if (v.Rank != 3) throw SoapLensException.InvalidData($"SOAP distances must be (frames, centres, references); got {v.ShapeText}.");
        var frames = b.FindCoordinate("frame")?.Values.ToInt32Array() ?? Enumerable.Range(0, v.Shape[0]).ToArray();
        var times = b.FindCoordinate("time")?.Values.ToDoubleArray() ?? Enumerable.Repeat(double.NaN, v.Shape[0]).ToArray();
        var ids = b.FindCoordinate("atom_id")?.Values.ToInt32Array() ?? Enumerable.Range(1, v.Shape[1]).ToArray();
        var names = b.GetStrings("reference_names") ?? Enumerable.Range(0, v.Shape[2]).Select(i => $"r{i}").ToArray();
        var p = SoapParameters.FromAttributes(b);
        return new SoapDistances(v.ToDoubleArray(), frames, times, ids, names, kernel, p);
    }

    /// <summary>Rows (frame, centre), frame-major; one column per reference.</summary>
    public Dataset ToDataset() =>
        Dataset.FromGrid(Values, FrameIndices, CentreIds, ReferenceCount, ReferenceNames, $"SOAP {Quantity}", Attributes());

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"SoapDistances {FrameCount} frames × {CentreCount} centres × {ReferenceCount} references ({Quantity})");
}
