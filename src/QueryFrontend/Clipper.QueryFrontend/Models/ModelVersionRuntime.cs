using System.Collections.Immutable;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Caching;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Models;

/// <summary>
/// The live state of one model version on this frontend: its bounded deadline queue, its batch
/// size policy and the replicas connected for it. It outlives routing snapshots, which point at it.
/// </summary>
internal sealed partial class ModelVersionRuntime
{
    private static readonly Action<Query> s_onExpired = static query => query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
    private static readonly Action<Query> s_onRemoved = static query => query.TryCompleteWithDefault(DefaultReason.ModelVersionRemoved);

    // Replaced whole with ImmutableInterlocked; an ImmutableArray is one reference, so reads never tear.
    private ImmutableArray<IReplica> _replicas = ImmutableArray<IReplica>.Empty;
    private bool _replicasExpected;
    private volatile IBatchSizePolicy _policy;
    private volatile ModelVersionSettings? _settings;
    private volatile PredictionCache? _cache;
    private int _nextReplicaId;

    public ModelVersionRuntime(ModelVersionId key, InputType inputType, int queueCapacity, TimeProvider timeProvider, BatchingOptions batching)
    {
        Key = key;
        InputType = inputType;
        Batching = batching;
        Queue = new DeadlineQueue<Query>(queueCapacity, timeProvider, s_onExpired);
        _policy = BatchSizePolicyFactory.Create(-1, batching.DefaultObjective, batching.Aimd);
    }

    public ModelVersionId Key { get; }

    /// <summary>The input type, from the registration, or from the first container while unregistered.</summary>
    public InputType InputType { get; private set; }

    public BatchingOptions Batching { get; }

    public DeadlineQueue<Query> Queue { get; }

    public IBatchSizePolicy Policy => _policy;

    /// <summary>The registered settings, or null while the version is not registered (its containers are held).</summary>
    public ModelVersionSettings? Settings => _settings;

    public ImmutableArray<IReplica> Replicas => _replicas;

    /// <summary>The version's prediction cache on this frontend, or null when its registration turned it off.</summary>
    public PredictionCache? Cache => _cache;

    /// <summary>
    /// Whether the configuration records replicas of this version on other frontends: its containers
    /// exist and will connect here too (a frontend that just started), so queries wait for them up
    /// to their deadline instead of being answered with the default at once.
    /// </summary>
    public bool ReplicasExpected
    {
        get => Volatile.Read(ref _replicasExpected);
        set => Volatile.Write(ref _replicasExpected, value);
    }

    /// <summary>Whether at least one replica can take batches.</summary>
    public bool HasReplicas
    {
        get
        {
            foreach (var replica in Replicas)
            {
                if (replica.IsAcceptingBatches)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Applies the registered settings; keeps the adaptive state when only the objective changed.</summary>
    public void Configure(ModelVersionSettings settings)
    {
        var previous = _settings;
        InputType = settings.InputType;

        // Containers held before registration said which type they serve; if the registration says
        // otherwise they would fail every batch. Closing them makes them reconnect, and the handshake
        // then refuses them with a reason they log.
        foreach (var replica in Replicas)
        {
            if (replica.InputType != settings.InputType)
            {
                replica.Stop();
            }
        }

        if (previous is null || previous.BatchSize != settings.BatchSize)
        {
            _policy = BatchSizePolicyFactory.Create(settings.BatchSize, settings.LatencyObjective, Batching.Aimd);
        }
        else if (_policy is AimdBatchSizePolicy adaptive)
        {
            // Only the objective changed: keep what the adaptive policy has learned.
            adaptive.LatencyObjective = settings.LatencyObjective;
        }

        if (previous?.CacheBytes != settings.CacheBytes)
        {
            // A new bound starts an empty cache; queries waiting on the old one's leaders still get their answers.
            var old = _cache;
            _cache = settings.CacheBytes > 0 ? new PredictionCache(settings.CacheBytes, Queue) : null;
            old?.Clear();
        }

        _settings = settings;
    }

    /// <summary>
    /// Ends the version after it was removed from the configuration: its queue takes nothing more,
    /// and every query still queued is answered at once with the default output and the reason.
    /// Batches in flight finish; each replica then finds the queue closed and says goodbye, and
    /// its container reconnects to be held until the version is registered again.
    /// </summary>
    /// <returns>The number of queued queries answered.</returns>
    public int Retire()
    {
        _cache?.Clear();
        Queue.Complete();
        return Queue.DrainAll(s_onRemoved);
    }

    public int NextReplicaId() => Interlocked.Increment(ref _nextReplicaId) - 1;

    public void AddReplica(IReplica replica) => ImmutableInterlocked.Update(ref _replicas, static (all, added) => all.Add(added), replica);

    public void RemoveReplica(IReplica replica) => ImmutableInterlocked.Update(ref _replicas, static (all, removed) => all.Remove(removed), replica);
}
