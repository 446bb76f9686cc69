namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>A generated run of a deadline queue: its capacity, the steps, and where the queue is completed.</summary>
/// <param name="Capacity">The queue's capacity.</param>
/// <param name="Steps">The operations, in order.</param>
/// <param name="CompleteAfter">The index of the step after which the queue is completed; past the end, only at the end.</param>
internal sealed record QueueScript(int Capacity, QueueStep[] Steps, int CompleteAfter)
{
    public override string ToString() =>
        $"capacity {Capacity}, complete after step {CompleteAfter}:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", Steps.Select((s, i) => $"{i}: {s}"));
}
