using SoapLens.Descriptors;
using SoapLens.Tests.Support;
using Xunit.Abstractions;

namespace SoapLens.Tests.Descriptors;

public class SoapReferenceTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("soap-cu211", 6.0, 8, 8, 1.0)]
    [InlineData("soap-cu211-params", 4.0, 4, 6, 0.5)]
    public void Cu211_periodic_slab_matches_dscribe(string caseName, double rCut, int nMax, int lMax, double sigma)
    {
        var frames = SoapReference.Frames(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), 0, 49, 99);
        var p = SoapParameters.Create(rCut, nMax, lMax, sigma, ["Cu"]);
        var native = SoapReference.Load(caseName, "soap_native.npy");
        var norms = SoapReference.Load(caseName, "soap_full_l2norm.npy").ToDoubleArray();
        Assert.Equal(SoapReference.Load(caseName, "ids.npy").ToInt32Array(), frames[0].Topology.Ids);
        int nf = native.Shape[2];
        var calc = new SoapCalculator(p);
        var full = new SoapCalculator(p, SoapLayout.Full);
        Assert.Equal(nf, calc.FeatureCount);
        for (int f = 0; f < 3; f++)
        {
            var ours = calc.ComputeFrame(frames[f]);
            SoapReference.AssertClose(ours, native.ToDoubleArray().AsSpan(f * 720 * nf, 720 * nf), $"{caseName} native frame {frames[f].Index}", log);
            var oursFull = full.ComputeFrame(frames[f]);
            var ourNorms = new double[720];
            for (int c = 0; c < 720; c++)
            {
                double s = 0;
                foreach (var v in oursFull.AsSpan(c * full.FeatureCount, full.FeatureCount)) s += v * v;
                ourNorms[c] = Math.Sqrt(s);
            }
            SoapReference.AssertClose(ourNorms, norms.AsSpan(f * 720, 720), $"{caseName} full-vector norms frame {frames[f].Index}", log);
        }
    }

    [Fact]
    public void Cu211_full_layout_and_normalised_vectors_match_soapify()
    {
        var frames = SoapReference.Frames(SharedData.Trajectory("cu211-small", "cu211-small.extxyz"), 0, 99);
        var p = SoapParameters.Create(6.0, 8, 8, 1.0, ["Cu"]);
        var full = SoapReference.Load("soap-cu211", "soap_full.npy").ToDoubleArray();
        var fullNorm = SoapReference.Load("soap-cu211", "soap_full_norm.npy").ToDoubleArray();
        var ours = new SoapCalculator(p, SoapLayout.Full).ComputeFrame(frames[0]);
        SoapReference.AssertClose(ours, full, "cu211 full frame 0", log);
        var centres = Enumerable.Range(0, 120).ToArray();
        var oursNorm = new SoapCalculator(p, SoapLayout.Full, normalize: true).ComputeFrame(frames[1], centres);
        SoapReference.AssertClose(oursNorm, fullNorm, "cu211 normalised full frame 99, atoms 0..119", log);
    }

    [Fact]
    public void Au309_non_periodic_matches_dscribe_with_norms()
    {
        var frames = SoapReference.Frames(SharedData.Trajectory("au309", "au309.extxyz"), 0, 299);
        Assert.False(frames[0].Pbc.Any);
        var native = SoapReference.Load("soap-au309", "soap_native.npy").ToDoubleArray();
        var norms = SoapReference.Load("soap-au309", "soap_full_l2norm.npy").ToDoubleArray();
        var p = SoapParameters.Create(4.48, 8, 8, 1.0, ["Au"]);
        var calc = new SoapCalculator(p);
        var map = calc.Map;
        for (int f = 0; f < 2; f++)
        {
            var ours = calc.ComputeFrame(frames[f]);
            SoapReference.AssertClose(ours, native.AsSpan(f * 309 * 324, 309 * 324), $"au309 native frame {frames[f].Index}", log);
            var ourNorms = new double[309];
            for (int c = 0; c < 309; c++)
            {
                var v = ours.AsSpan(c * 324, 324);
                ourNorms[c] = Math.Sqrt(map.FullDot(SoapLayout.Dscribe, v, v));
            }
            SoapReference.AssertClose(ourNorms, norms.AsSpan(f * 309, 309), $"au309 full norms frame {frames[f].Index}", log);
        }
    }

    [Fact]
    public void Water_two_species_cluster_matches_dscribe()
    {
        var frames = SoapReference.Frames(SharedData.Reference("soap-water", "water_cluster.extxyz"));
        var frame = frames[0];
        Assert.Equal(["H", "O"], frame.Topology.SpeciesList);
        var p = SoapParameters.Create(6.0, 8, 8, 1.0, ["O", "H"]);
        Assert.Equal(["H", "O"], p.Species);
        var native = SoapReference.Load("soap-water", "soap_native.npy").ToDoubleArray();
        var fullO = SoapReference.Load("soap-water", "soap_full_O.npy").ToDoubleArray();
        var rows = SoapReference.Load("soap-water", "soap_full_O_rows.npy").ToInt32Array();
        var norms = SoapReference.Load("soap-water", "soap_full_l2norm.npy").ToDoubleArray();
        var calc = new SoapCalculator(p);
        Assert.Equal(1224, calc.FeatureCount);
        var ours = calc.ComputeFrame(frame);
        SoapReference.AssertClose(ours, native, "water native", log);
        var full = new SoapCalculator(p, SoapLayout.Full);
        Assert.Equal(1728, full.FeatureCount);
        SoapReference.AssertClose(full.ComputeFrame(frame, rows), fullO, "water full (O centres)", log);
        var all = full.ComputeFrame(frame);
        var ourNorms = new double[393];
        for (int c = 0; c < 393; c++)
        {
            double s = 0;
            foreach (var v in all.AsSpan(c * 1728, 1728)) s += v * v;
            ourNorms[c] = Math.Sqrt(s);
        }
        SoapReference.AssertClose(ourNorms, norms, "water full norms", log);
    }

    [Theory]
    [InlineData("cu_fcc_prim_3x3x3_rattled.extxyz", "rattled27")]
    [InlineData("cu_fcc_prim_1atom.extxyz", "prim1")]
    public void Triclinic_cells_with_image_replication_match_dscribe(string file, string prefix)
    {
        var frame = SoapReference.Frames(SharedData.Reference("soap-triclinic", file))[0];
        Assert.True(frame.Pbc.A && frame.Pbc.B && frame.Pbc.C);
        var p = SoapParameters.Create(6.0, 8, 8, 1.0, ["Cu"]);
        SoapReference.AssertClose(new SoapCalculator(p).ComputeFrame(frame),
            SoapReference.Load("soap-triclinic", prefix + "_soap_native.npy").ToDoubleArray(), prefix + " native", log);
        SoapReference.AssertClose(new SoapCalculator(p, SoapLayout.Full).ComputeFrame(frame),
            SoapReference.Load("soap-triclinic", prefix + "_soap_full.npy").ToDoubleArray(), prefix + " full", log);
        SoapReference.AssertClose(new SoapCalculator(p, SoapLayout.Full, normalize: true).ComputeFrame(frame),
            SoapReference.Load("soap-triclinic", prefix + "_soap_full_norm.npy").ToDoubleArray(), prefix + " full normalised", log);
    }
}
