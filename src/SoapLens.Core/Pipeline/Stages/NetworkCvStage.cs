using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning.Cv;

namespace SoapLens.Pipeline.Stages;

/// <summary>
/// Invoke-EigenfunctionCv and Invoke-AutoencoderCv: trains one network per input dataset with a
/// progress record and a verbose line per epoch, and emits the result.
/// </summary>
public sealed class NetworkCvStage : Stage
{
    private readonly NetworkTrainingOptions _options;

    /// <param name="options">An <see cref="EigenfunctionCvOptions"/> or an <see cref="AutoencoderCvOptions"/>.</param>
    public NetworkCvStage(IPipelineHost host, NetworkTrainingOptions options) : base(host)
    {
        if (options is not (EigenfunctionCvOptions or AutoencoderCvOptions))
            throw new ArgumentException("Options must be eigenfunction or autoencoder options.", nameof(options));
        _options = options;
    }

    public void Process(IDatasetSource input)
    {
        var data = input.ToDataset();
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            string what = _options is EigenfunctionCvOptions ? "Eigenfunction CV" : "Autoencoder CV";
            using var progress = new ProgressReporter(Host, $"{what} training");
            void OnEpoch(EpochReport e)
            {
                string status = string.Create(CultureInfo.InvariantCulture,
                    $"epoch {e.Epoch}/{e.Epochs}: training loss {e.TrainingLoss:G6}, validation loss {e.ValidationLoss:G6} (best epoch {e.BestEpoch})");
                progress.Report(e.Epoch, e.Epochs, status, force: true);
                Host.WriteVerbose(status);
            }
            NetworkCvResult r = _options switch
            {
                EigenfunctionCvOptions eo => EigenfunctionCv.Train(data, eo, Cancellation, OnEpoch),
                AutoencoderCvOptions ao => AutoencoderCv.Train(data, ao, Cancellation, OnEpoch),
                _ => throw new InvalidOperationException(),
            };
            if (r.History.StoppedEarly) Host.WriteVerbose($"Stopped early after epoch {r.EpochsRun}; kept epoch {r.BestEpoch}.");
            Host.Emit(r);
        }, input);
    }
}
