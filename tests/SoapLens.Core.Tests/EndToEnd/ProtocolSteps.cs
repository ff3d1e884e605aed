using System.Diagnostics;
using System.Text.Json;
using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Trajectories;

namespace SoapLens.Tests.EndToEnd;

/// <summary>
/// The cmdlets of the paper's protocol, each run through its stage on a <see cref="RecordingHost"/>
/// exactly as PowerShell would run it (one input, one output, no error, progress completed), with the
/// wall time of every step recorded for the report.
/// </summary>
internal sealed class ProtocolSteps
{
    public List<(string Step, double Seconds)> Timings { get; } = new();

    private T Timed<T>(string step, Func<T> work)
    {
        var clock = Stopwatch.StartNew();
        var result = work();
        Timings.Add((step, clock.Elapsed.TotalSeconds));
        return result;
    }

    /// <summary>Runs <paramref name="feed"/> on a fresh stage and returns its single output.</summary>
    private static T Single<T>(Func<RecordingHost, Stage> make, Action<Stage> feed)
    {
        var host = new RecordingHost();
        var stage = make(host);
        stage.Begin();
        feed(stage);
        stage.End();
        if (host.Errors.Count > 0) throw new InvalidOperationException(string.Join("; ", host.Errors.Select(e => $"{e.ErrorId}: {e.Message}")));
        if (!host.AllProgressCompleted) throw new InvalidOperationException($"{stage.GetType().Name} left a progress bar open.");
        if (host.Output.Count != 1) throw new InvalidOperationException($"{stage.GetType().Name} emitted {host.Output.Count} objects.");
        return (T)host.Output[0];
    }

    public Trajectory Import(string path) => Timed("Import-Trajectory", () =>
        Single<Trajectory>(h => new ImportTrajectoryStage(h, new ImportTrajectoryOptions()), s => ((ImportTrajectoryStage)s).Process(path, literal: true)));

    public AtomSelection SelectTop(Trajectory t, int count) => Timed("Select-Atom -Top", () =>
        Single<AtomSelection>(h => new SelectAtomStage(h, new SelectAtomOptions { Top = count, Axis = Axis.Z }), s => ((SelectAtomStage)s).Process(t)));

    public SoapSpectrum Soap(Trajectory t, SoapSpectrumOptions options) => Timed("Get-SoapSpectrum", () =>
        Single<SoapSpectrum>(h => new GetSoapSpectrumStage(h, options), s => ((GetSoapSpectrumStage)s).Process(t)));

    public LensSignal Lens(Trajectory t, GetLensSignalOptions options) => Timed("Get-LensSignal", () =>
        Single<LensSignal>(h => new GetLensSignalStage(h, options), s => ((GetLensSignalStage)s).Process(t)));

    public LensSignal Smooth(LensSignal lens, SavitzkyGolayOptions options) => Timed("Invoke-SavitzkyGolay", () =>
        Single<LensSignal>(h => new InvokeSavitzkyGolayStage(h, options), s => ((InvokeSavitzkyGolayStage)s).Process(lens)));

    public Dataset Join(SoapSpectrum soap, LensSignal lens, bool soapOnly = false) => Timed(soapOnly ? "Join-SoapLens -SoapOnly" : "Join-SoapLens", () =>
        Single<Dataset>(h => new JoinSoapLensStage(h, new JoinSoapLensOptions { Lens = lens, SoapOnly = soapOnly }), s => ((JoinSoapLensStage)s).Process(soap)));

    public PcaResult Pca(IDatasetSource data, double variance) => Timed("Invoke-Pca", () =>
        Single<PcaResult>(h => new PcaStage(h, new PcaStageOptions { Variance = variance }), s => ((PcaStage)s).Process(data)));

    public ClusterLabels GaussianMixture(IDatasetSource data, int components, uint seed) => Timed("Invoke-GaussianMixture", () =>
        Single<ClusterLabels>(h => new GaussianMixtureStage(h, new GaussianMixtureStageOptions { Fit = new GaussianMixtureOptions { ComponentCount = components, Seed = seed } }),
            s => ((GaussianMixtureStage)s).Process(data)));

    public ClusterLabels KMeans(IDatasetSource data, int clusters, uint seed) => Timed("Invoke-KMeans", () =>
        Single<ClusterLabels>(h => new KMeansStage(h, new KMeansStageOptions { Fit = new KMeansOptions { ClusterCount = clusters, Seed = seed } }),
            s => ((KMeansStage)s).Process(data)));

    public ClusterLabels Hdbscan(IDatasetSource data, int minClusterSize, bool soft = true, HdbscanAlgorithm algorithm = HdbscanAlgorithm.Exact) => Timed("Invoke-Hdbscan", () =>
        Single<ClusterLabels>(h => new InvokeHdbscanStage(h, new InvokeHdbscanOptions { Hdbscan = new HdbscanOptions { MinClusterSize = minClusterSize, Algorithm = algorithm }, Soft = soft }),
            s => ((InvokeHdbscanStage)s).Process(data)));

    public TransitionMatrix Transitions(object labels) => Timed("Get-TransitionMatrix", () =>
        Single<TransitionMatrix>(h => new GetTransitionMatrixStage(h, new TransitionMatrixOptions()), s => ((GetTransitionMatrixStage)s).Process(labels)));

    public ClusterMerge Merge(TransitionMatrix tm, ClusterLabels labels) => Timed("Merge-Cluster", () =>
        Single<ClusterMerge>(h => new MergeClusterStage(h, new MergeClusterOptions { Threshold = 1.0, Labels = labels }), s => ((MergeClusterStage)s).Process(tm)));

    /// <summary>The rows' values of one column of a dataset, as a one-column dataset with the same keys (kept after the big dataset is dropped).</summary>
    public static Dataset Column(Dataset data, string name)
    {
        int j = Array.IndexOf(data.ColumnNames, name);
        var v = new double[data.RowCount];
        for (int r = 0; r < v.Length; r++) v[r] = data[r, j];
        return new Dataset(v, data.RowCount, 1, data.Frames, data.AtomIds, [name], data.Source);
    }
}

/// <summary>Reads the numbers of a reference summary.json.</summary>
internal static class Summary
{
    public static JsonElement Load(params string[] path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Support.SharedData.Reference(path)));
        return doc.RootElement.Clone();
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public static int[] Ints(this JsonElement e) => e.EnumerateArray().Select(x => (int)Math.Round(x.GetDouble())).ToArray();

    public static double[,] Matrix(this JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.Doubles()).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[i].Length; j++) m[i, j] = rows[i][j];
        return m;
    }
}
