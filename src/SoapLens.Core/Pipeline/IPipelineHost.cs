namespace SoapLens.Pipeline;

/// <summary>
/// What an engine stage may ask of the shell it runs in. Cmdlets implement it by forwarding
/// to the PowerShell APIs; tests use <see cref="RecordingHost"/>. Every call comes from the
/// pipeline thread: stages never call the host from worker threads.
/// </summary>
public interface IPipelineHost
{
    /// <summary>Writes one object to the output stream (never enumerated).</summary>
    void Emit(object item);

    /// <summary>Reports a failure that lets the remaining inputs continue.</summary>
    void WriteError(SoapLensError error);

    void WriteWarning(string message);

    void WriteVerbose(string message);

    /// <summary>Reports progress; a record with <see cref="ProgressInfo.Completed"/> ends the bar.</summary>
    void WriteProgress(ProgressInfo progress);

    /// <summary>Asks -WhatIf/-Confirm whether an action on a target may proceed.</summary>
    bool ShouldProcess(string target, string action);

    /// <summary>Signalled when the user presses Ctrl+C (StopProcessing).</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>
    /// Resolves input paths against the shell's current location. With <paramref name="literal"/>
    /// false, wildcards are expanded; a pattern that matches nothing throws
    /// <see cref="SoapLensException"/> with kind <see cref="ErrorKind.ObjectNotFound"/>.
    /// </summary>
    IReadOnlyList<string> ResolveInputPaths(string path, bool literal);

    /// <summary>Resolves an output path (which may not exist yet) against the shell's current location.</summary>
    string ResolveOutputPath(string path);
}
