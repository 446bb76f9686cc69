namespace Clipper.QueryFrontend.Batching;

/// <summary>A constant batch size, for models whose best batch size is known (Clipper's positive <c>batch_size</c>).</summary>
internal sealed class FixedBatchSizePolicy : IBatchSizePolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="size">The batch size; at least 1.</param>
    public FixedBatchSizePolicy(int size)
    {
        if (size < 1)
        {
            throw OptionErrors.OutOfRange(nameof(size), size, "at least 1");
        }

        MaxBatchSize = size;
    }

    /// <inheritdoc />
    public int MaxBatchSize { get; }

    /// <inheritdoc />
    public void OnBatchCompleted(int batchSize, TimeSpan latency)
    {
    }
}
