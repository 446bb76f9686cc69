namespace Clipper.QueryFrontend.Queries;

/// <summary>Why a query was answered with its application's default output instead of the model's.</summary>
internal enum DefaultReason : byte
{
    /// <summary>The query was answered by the model: not a default.</summary>
    None = 0,

    /// <summary>No model is linked to the application, or its current version has no connected replica.</summary>
    NoReplicaConnected,

    /// <summary>The deadline (arrival plus the application's latency objective) passed first.</summary>
    ObjectiveMissed,

    /// <summary>The replica that held the query disconnected and no time remained to send it to another.</summary>
    ReplicaLost,

    /// <summary>The model answered this input with an error.</summary>
    ModelError,

    /// <summary>The model version the query was queued for was removed from the configuration.</summary>
    ModelVersionRemoved,
}
