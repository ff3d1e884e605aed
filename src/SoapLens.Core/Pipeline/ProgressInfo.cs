namespace SoapLens.Pipeline;

/// <summary>A progress record. PercentComplete is -1 when the total is unknown.</summary>
public sealed record ProgressInfo(int ActivityId, string Activity, string Status, int PercentComplete = -1, bool Completed = false, int ParentActivityId = -1);
