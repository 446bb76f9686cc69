namespace Clipper.QueryFrontend.Batching;

/// <summary>
/// Decides the largest batch sent to one model's replicas. Shared by all replicas of a model
/// version; implementations are thread-safe and lock-free.
/// </summary>
internal interface IBatchSizePolicy
{
    /// <summary>The largest batch to take from the queue now; at least 1.</summary>
    int MaxBatchSize { get; }

    /// <summary>Reports a batch that a replica has answered.</summary>
    /// <param name="batchSize">The number of items in the batch.</param>
    /// <param name="latency">The time from sending the batch to receiving its answer.</param>
    void OnBatchCompleted(int batchSize, TimeSpan latency);
}
