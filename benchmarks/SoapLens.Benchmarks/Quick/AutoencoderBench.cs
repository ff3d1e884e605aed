using SoapLens.Data;
using SoapLens.IO;
using SoapLens.Learning.Cv;

namespace SoapLens.Benchmarks.Quick;

/// <summary>
/// Network CV training on the reference double well (20,000 × 2): the autoencoder (2-32-32-1-32-32-2,
/// batch 256) and the VAMP-2 eigenfunction network (2-32-32-1, batch 1000, lag 10), 20 epochs each,
/// no early stopping. Usage: quick autoencoder [epochs=20].
/// </summary>
public sealed class AutoencoderBench : IQuickBench
{
    public string Name => "autoencoder";
    public string Description => "autoencoder and eigenfunction training on the double well (20000 x 2)";

    public void Run(string[] args)
    {
        int epochs = args.Length > 0 ? int.Parse(args[0]) : 20;
        var xy = Npy.Load(QuickBenches.SharedData("reference", "cv", "doublewell_traj.npy")).ToDoubleArray();
        var data = Dataset.FromMatrix(xy, xy.Length / 2, 2);
        foreach (int threads in new[] { 1, Environment.ProcessorCount })
        {
            var ao = new AutoencoderCvOptions { ComponentCount = 1, Hidden = [32, 32], Epochs = epochs, ValidationFraction = 0, Threads = threads, Lag = 10 };
            AutoencoderCvResult? ae = null;
            double t = QuickBenches.Median(() => ae = AutoencoderCv.Train(data, ao), 3);
            Console.WriteLine($"autoencoder 2-32-32-1-32-32-2, {epochs} epochs, {threads} thread(s): {t:F2} s ({t / epochs * 1e3:F0} ms/epoch, " +
                $"{(double)data.RowCount * epochs / t / 1e3:F0} k rows/s), reconstruction error {ae!.ReconstructionError:G3}");
            var eo = new EigenfunctionCvOptions { ComponentCount = 1, Hidden = [32, 32], Epochs = epochs, ValidationFraction = 0, Threads = threads, Lag = 10 };
            EigenfunctionCvResult? ef = null;
            double te = QuickBenches.Median(() => ef = EigenfunctionCv.Train(data, eo), 3);
            Console.WriteLine($"eigenfunction 2-32-32-1 (VAMP-2), {epochs} epochs, {threads} thread(s): {te:F2} s ({te / epochs * 1e3:F0} ms/epoch, " +
                $"{2.0 * (data.RowCount - 10) * epochs / te / 1e3:F0} k rows/s), λ1 {ef!.Eigenvalues[0]:F4}");
        }
    }
}
