using BenchmarkDotNet.Attributes;

namespace Clipper.Benchmarks.Scheduling;

/// <summary>
/// 10,000 queries enqueued, formed into batches and completed by 8 concurrent replica loops,
/// through the frontend's deadline queue, against the same items through a bounded channel with
/// 8 readers. Results are per query.
/// </summary>
/// <remarks>
/// The real path allocates one <c>Query</c> per query (as <c>PredictEndpoint</c> does); the
/// baseline passes preallocated item numbers. Both run their consumers on the thread pool, so on a
/// machine with fewer cores than consumers the figures include context switches.
/// </remarks>
public class SchedulerBenchmarks
{
    /// <summary>Queries per operation, and the queue's capacity (the frontend's default).</summary>
    public const int QueryCount = 10_000;

    /// <summary>Concurrent consumers: replica loops or channel readers.</summary>
    public const int ReplicaCount = 8;

    private QueueWithReplicas? _frontend;
    private ChannelReaders? _channel;

    /// <summary>The fixed batch size: the most queries one replica takes at a time.</summary>
    [Params(1, 16, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup(Target = nameof(ChannelWith8Readers))]
    public void SetupChannel() => _channel = new ChannelReaders(QueryCount, ReplicaCount, BatchSize);

    [GlobalCleanup(Target = nameof(ChannelWith8Readers))]
    public Task CleanupChannel() => _channel?.StopAsync() ?? Task.CompletedTask;

    [GlobalSetup(Target = nameof(DeadlineQueueWith8Replicas))]
    public void SetupFrontend() => _frontend = new QueueWithReplicas(QueryCount, ReplicaCount, BatchSize);

    [GlobalCleanup(Target = nameof(DeadlineQueueWith8Replicas))]
    public Task CleanupFrontend() => _frontend?.StopAsync() ?? Task.CompletedTask;

    [Benchmark(Baseline = true, OperationsPerInvoke = QueryCount)]
    public Task ChannelWith8Readers() => _channel!.RunAsync(QueryCount);

    [Benchmark(OperationsPerInvoke = QueryCount)]
    public Task DeadlineQueueWith8Replicas() => _frontend!.RunAsync(QueryCount);
}
