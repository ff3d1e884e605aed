using SoapLens.Data;
using SoapLens.Descriptors;
using SoapLens.Dynamics;
using SoapLens.Learning;
using SoapLens.Learning.Cv;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;

namespace SoapLens.Tests.Plots;

/// <summary>
/// A small real analysis of cu211-small through the real stages, computed once for the figure and
/// report tests: SOAP (r_cut 6, n = l = 8, full, normalised) of frames 0..19 → PCA (99.5 %) →
/// k-means (10) → transitions → merge at 1 → residence times, TICA on the PCA scores; LENS (r_cut 6,
/// delay 1) of all 100 frames → Savitzky–Golay (11, 2, clipped) → k-means (3).
/// </summary>
internal sealed class Cu211Analysis
{
    private static readonly Lazy<Cu211Analysis> s_value = new(() => new Cu211Analysis());

    public static Cu211Analysis Value => s_value.Value;

    public SoapSpectrum Soap { get; }
    public PcaResult Pca { get; }
    public ClusterLabels SoapLabels { get; }
    public TransitionMatrix Transitions { get; }
    public ClusterMerge Merge { get; }
    public ResidenceTimes Residence { get; }
    public TicaResult Tica { get; }
    public LensSignal Lens { get; }
    public LensSignal LensSmooth { get; }
    public ClusterLabels LensLabels { get; }

    /// <summary>PCA of χ = (SOAP at t, LENS of t → t+1) for frames 0..18: the SOAP&amp;LENS dataset (a join made here, for the variance comparison).</summary>
    public PcaResult SoapLensPca { get; }

    private Cu211Analysis()
    {
        var path = SharedData.Trajectory("cu211-small", "cu211-small.extxyz");
        Soap = Run<SoapSpectrum>(h => new GetSoapSpectrumStage(h, new SoapSpectrumOptions { RCut = 6, Layout = SoapLayout.Full, Normalize = true }),
            (s, _) => ((GetSoapSpectrumStage)s).Process(Trajectory.Open(path, selection: new FrameSelection(0, 20))));
        Pca = Whole<PcaResult>(h => new PcaStage(h, new PcaStageOptions { Variance = 0.995 }), Soap);
        SoapLabels = Whole<ClusterLabels>(h => new KMeansStage(h, new KMeansStageOptions { Fit = new KMeansOptions { ClusterCount = 10, Seed = 0 } }), Pca);
        Transitions = Run<TransitionMatrix>(h => new GetTransitionMatrixStage(h, new TransitionMatrixOptions()), (s, _) => ((GetTransitionMatrixStage)s).Process(SoapLabels));
        Merge = Run<ClusterMerge>(h => new MergeClusterStage(h, new MergeClusterOptions { Labels = SoapLabels }), (s, _) => ((MergeClusterStage)s).Process(Transitions));
        Residence = Run<ResidenceTimes>(h => new GetResidenceTimeStage(h, new ResidenceTimeOptions { TimeStep = 1, TimeUnit = "ps" }),
            (s, _) => ((GetResidenceTimeStage)s).Process(Merge));
        Tica = Run<TicaResult>(h => new TicaStage(h, new TicaStageOptions { ComponentCount = 2 }), (s, _) => ((TicaStage)s).Process(Pca));
        Lens = Run<LensSignal>(h => new GetLensSignalStage(h, new GetLensSignalOptions { RCut = 6 }), (s, _) => ((GetLensSignalStage)s).Process(Trajectory.Open(path)));
        LensSmooth = Run<LensSignal>(h => new InvokeSavitzkyGolayStage(h, new SavitzkyGolayOptions { WindowLength = 11, PolyOrder = 2, Clip = true }),
            (s, _) => ((InvokeSavitzkyGolayStage)s).Process(Lens));
        LensLabels = Whole<ClusterLabels>(h => new KMeansStage(h, new KMeansStageOptions { Fit = new KMeansOptions { ClusterCount = 3, Seed = 0 } }), LensSmooth);
        SoapLensPca = Whole<PcaResult>(h => new PcaStage(h, new PcaStageOptions { Variance = 0.995 }), Chi(Soap, Lens));
    }

    // Rows (t, atom) of the frames that have a LENS value of the next interval; LENS appended as the last column.
    private static Dataset Chi(SoapSpectrum soap, LensSignal lens)
    {
        var x = soap.ToDataset();
        int d = x.ColumnCount, frames = soap.FrameCount - 1, atoms = soap.CentreCount;
        var v = new double[(long)frames * atoms * (d + 1)];
        for (int t = 0; t < frames; t++)
            for (int i = 0; i < atoms; i++)
            {
                long r = (long)t * atoms + i;
                x.Values.AsSpan((int)(r * d), d).CopyTo(v.AsSpan((int)(r * (d + 1)), d));
                Assert.Equal(soap.FrameIndices[t], lens.StartFrames[t]);
                v[r * (d + 1) + d] = lens[lens.IndexOfCentre(soap.CentreIds[i]), t];
            }
        return Dataset.FromGrid(v, soap.FrameIndices[..frames], soap.CentreIds, d + 1, [.. x.ColumnNames, "lens"], "SOAP&LENS");
    }

    private static T Run<T>(Func<IPipelineHost, Stage> make, Action<Stage, RecordingHost> process)
    {
        var host = new RecordingHost();
        var stage = make(host);
        stage.Begin();
        process(stage, host);
        stage.End();
        Assert.Empty(host.Errors);
        return Assert.IsType<T>(Assert.Single(host.Output));
    }

    private static T Whole<T>(Func<IPipelineHost, Stage> make, object input) =>
        Run<T>(make, (s, _) => ((WholeDatasetStage)s).Process(input));

    /// <summary>Every result, in the order of the protocol.</summary>
    public object[] All => [Soap, Pca, SoapLabels, Transitions, Merge, Residence, Tica, Lens, LensSmooth, LensLabels, SoapLensPca];
}
