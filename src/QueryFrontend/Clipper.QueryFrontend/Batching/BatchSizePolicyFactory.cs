namespace Clipper.QueryFrontend.Batching;

/// <summary>Creates the batch size policy of a model from its configuration.</summary>
internal static class BatchSizePolicyFactory
{
    /// <summary>Clipper's <c>batch_size</c> value meaning "adaptive".</summary>
    public const int AdaptiveBatchSize = -1;

    /// <summary>Maps Clipper's <c>batch_size</c>: -1 is adaptive (AIMD), a positive value is fixed.</summary>
    /// <param name="configuredBatchSize">-1 or a positive size.</param>
    /// <param name="latencyObjective">The batch latency objective of the adaptive policy; positive.</param>
    /// <param name="options">AIMD options; defaults when null. Ignored for a fixed size.</param>
    /// <returns>A new policy; one per model version, since it holds that model's state.</returns>
    public static IBatchSizePolicy Create(int configuredBatchSize, TimeSpan latencyObjective, AimdBatchSizeOptions? options = null)
    {
        if (configuredBatchSize == AdaptiveBatchSize)
        {
            return new AimdBatchSizePolicy(latencyObjective, options);
        }

        if (configuredBatchSize > 0)
        {
            return new FixedBatchSizePolicy(configuredBatchSize);
        }

        throw OptionErrors.OutOfRange("batchSize", configuredBatchSize, $"{AdaptiveBatchSize} (adaptive) or a positive fixed size");
    }
}
