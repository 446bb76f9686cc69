namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>A generated run of <see cref="DeadlineQueueThreadsRun"/>: what each thread does.</summary>
/// <param name="Capacity">The queue's capacity.</param>
/// <param name="Producers">Per producer thread, the deadline of each item it enqueues, in milliseconds from then.</param>
/// <param name="Consumers">Per consumer thread, its dequeues, repeated in turn until the queue completes.</param>
/// <param name="Advances">The clock thread's steps, in milliseconds (0 yields instead).</param>
internal sealed record ThreadsScript(int Capacity, int[][] Producers, ConsumerPlan[][] Consumers, int[] Advances)
{
    public override string ToString() =>
        $"capacity {Capacity}{Environment.NewLine}"
        + string.Concat(Producers.Select((p, i) => $"  producer {i}: due in [{string.Join(", ", p)}] ms{Environment.NewLine}"))
        + string.Concat(Consumers.Select((c, i) => $"  consumer {i}: {string.Join(" ", c)}{Environment.NewLine}"))
        + $"  clock: [{string.Join(", ", Advances)}] ms";
}
