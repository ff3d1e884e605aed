using SoapLens.Descriptors;
using SoapLens.Pipeline;
using SoapLens.Pipeline.Stages;
using SoapLens.Tests.Support;
using SoapLens.Trajectories;
using Xunit.Abstractions;

namespace SoapLens.Tests.Learning;

/// <summary>
/// pca-cu211 on its real input: the normalised full-layout SOAP (r_cut 6, n = l = 8, σ 1, pbc T T F)
/// of cu211-small frames 0..19, every atom, rows t·720 + i, computed by our own engine.
/// </summary>
public sealed class PcaCu211SoapTests
{
    private readonly ITestOutputHelper _out;

    public PcaCu211SoapTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Pca_of_our_SOAP_matches_scikit_learn()
    {
        var traj = Trajectory.Open(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), selection: new FrameSelection(0, 20));
        var host = new RecordingHost();
        var stage = new GetSoapSpectrumStage(host, new SoapSpectrumOptions { RCut = 6, Layout = SoapLayout.Full, Normalize = true });
        stage.Begin();
        stage.Process(traj);
        Assert.Empty(host.Errors);
        var soap = Assert.IsType<SoapSpectrum>(Assert.Single(host.Output));
        Assert.Equal((20, 720, 576), (soap.FrameCount, soap.CentreCount, soap.FeatureCount));

        var x = soap.ToDataset();
        Assert.Equal(14400, x.RowCount);
        Assert.Equal(0, x.Frames[0]);
        Assert.Equal(1, x.Frames[720]);
        // The mean inherits the SOAP tolerance (soap-cu211: 1e-8 relative); every other check keeps the README's bound.
        var result = PcaReferenceCheck.Assert(x, _out.WriteLine, meanTolerance: 1e-10);
        // The tighter goals: ratios within 1e-10, components within 1e-8.
        var evr = PcaReferenceCheck.Load("explained_variance_ratio");
        Assert.True(PcaReferenceCheck.MaxAbsDiff(evr, result.Model.ExplainedVarianceRatio) <= 1e-10);
        var comps = PcaReferenceCheck.Load("components5");
        Assert.True(PcaReferenceCheck.MaxAbsDiff(comps, result.Model.Components.AsSpan(0, comps.Length).ToArray()) <= 1e-8);
    }
}
