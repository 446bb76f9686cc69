namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>One dequeue of a consumer thread in <see cref="DeadlineQueueThreadsRun"/>.</summary>
/// <param name="MaxItems">The largest batch asked for.</param>
/// <param name="FillWait">The fill wait, in milliseconds of the fake clock.</param>
/// <param name="Cancel">Whether the call is cancelled right after it is made (racing any hand-off).</param>
/// <param name="Requeue">Whether the batch is re-queued, as when its replica is lost.</param>
internal readonly record struct ConsumerPlan(int MaxItems, int FillWait, bool Cancel, bool Requeue)
{
    public override string ToString() => $"(max {MaxItems}, fill {FillWait} ms{(Cancel ? ", cancel" : "")}{(Requeue ? ", requeue" : "")})";
}
