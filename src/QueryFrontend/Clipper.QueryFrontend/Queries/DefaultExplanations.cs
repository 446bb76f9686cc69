namespace Clipper.QueryFrontend.Queries;

/// <summary>The <c>default_explanation</c> texts; the first two are Clipper's own, kept for compatibility.</summary>
internal static class DefaultExplanations
{
    public const string NoReplicaConnected = "No connected models found for query";
    public const string ObjectiveMissed = "Failed to retrieve a prediction response within the specified latency SLO";
    public const string ReplicaLost = "The model replica serving the query disconnected and no time remained to retry it on another replica";
    public const string ModelErrorPrefix = "The model failed on this input: ";
    public const string ModelVersionRemoved = "The model version the query was queued for was removed before a replica took the query";

    public static string For(DefaultReason reason) => reason switch
    {
        DefaultReason.NoReplicaConnected => NoReplicaConnected,
        DefaultReason.ObjectiveMissed => ObjectiveMissed,
        DefaultReason.ReplicaLost => ReplicaLost,
        DefaultReason.ModelError => ModelErrorPrefix.TrimEnd(' ', ':'),
        DefaultReason.ModelVersionRemoved => ModelVersionRemoved,
        _ => string.Empty,
    };

    /// <summary>The metric tag value of a reason.</summary>
    public static string TagOf(DefaultReason reason) => reason switch
    {
        DefaultReason.NoReplicaConnected => "no_replica",
        DefaultReason.ObjectiveMissed => "objective_missed",
        DefaultReason.ReplicaLost => "replica_lost",
        DefaultReason.ModelError => "model_error",
        DefaultReason.ModelVersionRemoved => "model_version_removed",
        _ => "none",
    };
}
