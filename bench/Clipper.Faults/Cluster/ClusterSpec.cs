namespace Clipper.Faults.Cluster;

/// <summary>
/// The cluster a fault runs against: one Redis, one management frontend, one query frontend, and the replicas of one
/// model version (the <c>sleep</c> example) linked to one application.
/// </summary>
internal sealed record ClusterSpec
{
    /// <summary>The application's name.</summary>
    public const string AppName = "faults";

    /// <summary>The model's name (version 1).</summary>
    public const string ModelName = "sleepy";

    /// <summary>The replicas. Default three, 5 ms per batch plus 10 µs per input.</summary>
    public IReadOnlyList<ReplicaSpec> Replicas { get; init; } = [new(5), new(5), new(5)];

    /// <summary>The model version's batch size: -1 adaptive (the default), else fixed.</summary>
    public int BatchSize { get; init; } = -1;

    /// <summary>The application's latency objective. Default 200 ms.</summary>
    public TimeSpan Objective { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The query frontend's queue capacity per model version (503 past it). Default 10,000 (the product's).</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Whether Redis runs with append-only persistence. Default yes.</summary>
    public bool AppendOnly { get; init; } = true;

    /// <summary>A password Redis requires of every client, or none (the default).</summary>
    public string? RedisPassword { get; init; }

    /// <summary>Where the run keeps Redis's data and the processes' logs; a new temporary folder when null.</summary>
    public string? Folder { get; init; }
}
