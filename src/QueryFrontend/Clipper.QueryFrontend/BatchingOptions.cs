
namespace Clipper.QueryFrontend;

/// <summary>How the frontend forms batches.</summary>
public sealed class BatchingOptions
{
    /// <summary>How many queries one model version may hold waiting; past it requests get 503. Default 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long a replica waits for a batch to fill when fewer queries than its batch size are queued.
    /// Zero (the default) sends what is there at once; a few hundred microseconds trade latency for
    /// larger batches under light load.
    /// </summary>
    public TimeSpan FillWait { get; set; } = TimeSpan.Zero;

    /// <summary>The largest batch sent to a replica, whatever the policy says. Default 1,024.</summary>
    public int MaxBatchSize { get; set; } = 1024;

    /// <summary>The batch latency objective used while no linked application gives one. Default 100 ms.</summary>
    public TimeSpan DefaultObjective { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The share of an application's latency objective a batch may take (the rest is left for
    /// queueing and the network). Default 0.5.
    /// </summary>
    public double ObjectiveShare { get; set; } = 0.5;

    /// <summary>The adaptive (AIMD) policy's settings.</summary>
    internal AimdBatchSizeOptions Aimd { get; set; } = new();

    /// <summary>Checks the settings and says which one is wrong.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (QueueCapacity < 1 || MaxBatchSize < 1)
        {
            throw new ArgumentException($"Batching.QueueCapacity and Batching.MaxBatchSize must be at least 1; got {QueueCapacity} and {MaxBatchSize}.");
        }

        if (FillWait < TimeSpan.Zero || DefaultObjective <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Batching.FillWait must not be negative and Batching.DefaultObjective must be positive; got {FillWait} and {DefaultObjective}.");
        }

        if (!(ObjectiveShare > 0 && ObjectiveShare <= 1))
        {
            throw new ArgumentException($"Batching.ObjectiveShare must be in (0, 1]; got {ObjectiveShare}.");
        }
    }
}
