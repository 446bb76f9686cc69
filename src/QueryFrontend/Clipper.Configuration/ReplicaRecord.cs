using Clipper.ModelRpc.Protocol;

namespace Clipper.Configuration;

/// <summary>A replica of a model version: one container connected to one query frontend.</summary>
public sealed record ReplicaRecord
{
    /// <summary>The name of the model the replica serves.</summary>
    public required string ModelName { get; init; }

    /// <summary>The version of the model the replica serves.</summary>
    public required string ModelVersion { get; init; }

    /// <summary>The replica number, unique within the model version (non-negative).</summary>
    public required int ReplicaId { get; init; }

    /// <summary>The container's identity as reported by the container or its manager (may be empty).</summary>
    public string ContainerId { get; init; } = "";

    /// <summary>The query frontend the replica is connected to.</summary>
    public required string FrontendId { get; init; }

    /// <summary>The replica's remote address as the frontend sees it (for example <c>10.0.0.7:51234</c>).</summary>
    public string Address { get; init; } = "";

    /// <summary>The RPC protocol the replica speaks (<see cref="ReplicaProtocols"/>); records written before it existed read as ModelRpc.</summary>
    public string Protocol { get; init; } = ReplicaProtocols.ModelRpc;

    /// <summary>When the replica connected.</summary>
    public required DateTimeOffset ConnectedAt { get; init; }

    /// <summary>
    /// How many times the same container id connected to this frontend again after all its connections to it were gone
    /// (since the frontend started): restarts that keep the id, and dropped connections. Records written before it existed read as 0.
    /// </summary>
    public int Reconnects { get; init; }

    /// <summary>The connection's state as the frontend sees it (<see cref="ReplicaConnectionStates"/>); records written before it existed read as connected.</summary>
    public string State { get; init; } = ReplicaConnectionStates.Connected;

    /// <summary>The model version the replica serves.</summary>
    public ModelVersionId Model => new(ModelName, ModelVersion);

    /// <summary>The replica's key: model version and replica id.</summary>
    public ReplicaKey Key => new(Model, ReplicaId);
}
