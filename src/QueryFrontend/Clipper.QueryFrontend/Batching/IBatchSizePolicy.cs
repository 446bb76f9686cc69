namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// Decides the largest batch sent to one model's replicas. Shared by all replicas of a model
/// version; implementations are thread-safe and lock-free.
/// </summary>
internal interface IBatchSizePolicy
{
    /// <summary>The policy's name, as in <see cref="BatchSizePolicyNames"/>.</summary>
    string Name { get; }

    /// <summary>The largest batch to take from the queue now; at least 1.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// The batch latency that must not be exceeded. Can be changed while batches are in flight,
    /// because an application's latency objective can be updated live.
    /// </summary>
    TimeSpan LatencyObjective { get; set; }

    /// <summary>Reports a batch that a replica has answered.</summary>
    /// <param name="batchSize">The number of items in the batch.</param>
    /// <param name="latency">The time from sending the batch to receiving its answer.</param>
    void OnBatchCompleted(int batchSize, TimeSpan latency);
}
