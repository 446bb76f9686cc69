namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>One replica's dequeue loop in a <see cref="DeadlineQueueHarness"/>: at most one call pending, and the items it holds.</summary>
internal sealed class QueueConsumer(int id, int destinationLength)
{
    public int Id { get; } = id;

    public TestItem[] Destination { get; } = new TestItem[destinationLength];

    public List<TestItem> Held { get; } = [];

    /// <summary>The pending call, or null when the consumer is not waiting.</summary>
    public Task<int>? Pending { get; set; }

    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>Arrival order of the current call among all consumers' calls.</summary>
    public long Call { get; set; }

    public int MaxItems { get; set; }

    public int FillWaitMilliseconds { get; set; }

    /// <summary>The clock when the current call was made.</summary>
    public long CalledAt { get; set; }

    /// <summary>Whether the current call must return 0: cancelled, or the queue completed.</summary>
    public bool ExpectsZero { get; set; }
}
