using System.Globalization;
using SoapLens.Data;
using SoapLens.Learning.Cv;

namespace SoapLens.Pipeline.Stages;

/// <summary>
/// Invoke-EigenfunctionCv and Invoke-AutoencoderCv: collects every piped dataset (independent
/// trajectories of the same features), trains one network on all of them in <see cref="End"/> with
/// a progress record and a verbose line per epoch, and emits one result per input.
/// </summary>
public sealed class NetworkCvStage : Stage, IDatasetStage
{
    private readonly NetworkTrainingOptions _options;
    private readonly List<Dataset> _inputs = new();

    /// <param name="options">An <see cref="EigenfunctionCvOptions"/> or an <see cref="AutoencoderCvOptions"/>.</param>
    public NetworkCvStage(IPipelineHost host, NetworkTrainingOptions options) : base(host)
    {
        if (options is not (EigenfunctionCvOptions or AutoencoderCvOptions))
            throw new ArgumentException("Options must be eigenfunction or autoencoder options.", nameof(options));
        _options = options;
    }

    public void Process(IDatasetSource input) => _inputs.Add(input.ToDataset());

    public override void End()
    {
        if (_inputs.Count == 0) return;
        Cancellation.ThrowIfCancellationRequested();
        TryRun(() =>
        {
            var parts = TrajectoryParts.Combine(_inputs);
            string what = _options is EigenfunctionCvOptions ? "Eigenfunction CV" : "Autoencoder CV";
            using var progress = new ProgressReporter(Host, $"{what} training");
            void OnEpoch(EpochReport e)
            {
                string status = string.Create(CultureInfo.InvariantCulture,
                    $"epoch {e.Epoch}/{e.Epochs}: training loss {e.TrainingLoss:G6}, validation loss {e.ValidationLoss:G6} (best epoch {e.BestEpoch})");
                progress.Report(e.Epoch, e.Epochs, status, force: true);
                Host.WriteVerbose(status);
            }
            NetworkCvResult[] results = _options switch
            {
                EigenfunctionCvOptions eo => EigenfunctionCv.Train(parts, eo, Cancellation, OnEpoch),
                AutoencoderCvOptions ao => AutoencoderCv.Train(parts, ao, Cancellation, OnEpoch),
                _ => throw new InvalidOperationException(),
            };
            if (results[0].History.StoppedEarly) Host.WriteVerbose($"Stopped early after epoch {results[0].EpochsRun}; kept epoch {results[0].BestEpoch}.");
            foreach (var r in results) Host.Emit(r);
        }, null);
    }
}
