namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>One generated operation on a deadline queue; the arguments a kind does not use are zero.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Consumer">The consumer (a replica's dequeue loop) that performs it, for consumer operations.</param>
/// <param name="Value">Milliseconds (deadline offset, clock advance), or the index of the item to answer.</param>
/// <param name="MaxItems">For a dequeue: the largest batch asked for.</param>
/// <param name="FillWait">For a dequeue: the fill wait in milliseconds.</param>
/// <param name="Cancellation">For a dequeue: 0 no token, 1 a cancellable token, 2 a token cancelled before the call.</param>
internal readonly record struct QueueStep(QueueStepKind Kind, int Consumer, int Value, int MaxItems, int FillWait, int Cancellation)
{
    public override string ToString() => Kind switch
    {
        QueueStepKind.Enqueue => $"Enqueue(due in {Value} ms)",
        QueueStepKind.Requeue => $"Requeue(consumer {Consumer})",
        QueueStepKind.Dequeue => $"Dequeue(consumer {Consumer}, max {MaxItems}, fill wait {FillWait} ms{(Cancellation == 1 ? ", cancellable" : Cancellation == 2 ? ", cancelled" : "")})",
        QueueStepKind.Cancel => $"Cancel(consumer {Consumer})",
        QueueStepKind.Advance => $"Advance({Value} ms)",
        _ => $"Answer(#{Value})",
    };
}
