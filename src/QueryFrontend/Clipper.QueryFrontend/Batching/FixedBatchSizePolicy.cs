namespace Clipper.QueryFrontend.Batching;

/// <summary>A constant batch size, for models whose best batch size is known (Clipper's positive <c>batch_size</c>).</summary>
internal sealed class FixedBatchSizePolicy : IBatchSizePolicy
{
    private long _latencyObjectiveTicks = TimeSpan.MaxValue.Ticks;

    /// <summary>Creates the policy with no latency objective.</summary>
    /// <param name="size">The batch size; at least 1.</param>
    public FixedBatchSizePolicy(int size)
    {
        if (size < 1)
        {
            throw BatchingErrors.OutOfRange(nameof(size), size, "at least 1");
        }

        MaxBatchSize = size;
    }

    /// <summary>Creates the policy with a latency objective, kept for reporting only.</summary>
    /// <param name="size">The batch size; at least 1.</param>
    /// <param name="latencyObjective">The batch latency objective; positive.</param>
    public FixedBatchSizePolicy(int size, TimeSpan latencyObjective)
        : this(size)
    {
        LatencyObjective = latencyObjective;
    }

    /// <inheritdoc />
    public string Name => BatchSizePolicyNames.Fixed;

    /// <inheritdoc />
    public int MaxBatchSize { get; }

    /// <inheritdoc />
    /// <remarks>Does not affect the batch size; <see cref="TimeSpan.MaxValue"/> when none was given.</remarks>
    public TimeSpan LatencyObjective
    {
        get => new(Volatile.Read(ref _latencyObjectiveTicks));
        set
        {
            if (value <= TimeSpan.Zero)
            {
                throw BatchingErrors.OutOfRange(nameof(LatencyObjective), value, "a positive duration");
            }

            Volatile.Write(ref _latencyObjectiveTicks, value.Ticks);
        }
    }

    /// <inheritdoc />
    public void OnBatchCompleted(int batchSize, TimeSpan latency)
    {
    }
}
