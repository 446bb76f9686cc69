using System.Collections.Concurrent;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Rpc;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>Keeps the replicas the handler records, as the Redis directory would publish them.</summary>
internal sealed class RecordingReplicaDirectory : IReplicaDirectory
{
    private readonly ConcurrentDictionary<(ModelVersionId Model, int ReplicaId), string> _recorded = new();

    public IReadOnlyCollection<(ModelVersionId Model, int ReplicaId)> Recorded => [.. _recorded.Keys];

    public void Add(ModelVersionId model, IReplica replica, string address, int reconnects)
    {
        _recorded[(model, replica.ReplicaId)] = address;
        Reconnects[(model, replica.ReplicaId)] = reconnects;
    }

    /// <summary>The reconnect count each replica was recorded with.</summary>
    public ConcurrentDictionary<(ModelVersionId Model, int ReplicaId), int> Reconnects { get; } = new();

    public void MarkDraining(ModelVersionId model, IReplica replica) => Draining.Add((model, replica.ReplicaId));

    /// <summary>The replicas marked draining, in order.</summary>
    public ConcurrentBag<(ModelVersionId Model, int ReplicaId)> Draining { get; } = [];

    public void Remove(ModelVersionId model, IReplica replica) => _recorded.TryRemove((model, replica.ReplicaId), out _);
}
