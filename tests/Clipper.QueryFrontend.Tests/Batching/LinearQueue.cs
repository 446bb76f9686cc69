using System.Collections.Concurrent;
using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>A real deadline queue and the answers its non-blocking operations gave, for the linearizability property.</summary>
internal sealed class LinearQueue(int capacity)
{
    // Deadlines are offsets from the start of a clock that never moves, so nothing expires and the model needs no clock.
    private static readonly long s_start = new FakeTimeProvider().GetTimestamp();

    public DeadlineQueue<TestItem> Queue { get; } = new(capacity, new FakeTimeProvider(), _ => { });

    public ConcurrentQueue<string> Results { get; } = new();

    public void Enqueue(string name, long deadline) =>
        Results.Enqueue($"TryEnqueue({name}) {Queue.TryEnqueue(new TestItem(name, s_start + deadline))}");

    public void Requeue(string name, long deadline) =>
        Results.Enqueue($"Requeue({name}) {Queue.Requeue(new TestItem(name, s_start + deadline))}");

    public void Peek()
    {
        bool found = Queue.TryPeekUnclaimed(out int queued, out long earliest);
        Results.Enqueue($"TryPeekUnclaimed {found} {queued} {(found ? earliest - s_start : 0)}");
    }

    public void Drain()
    {
        List<string> drained = [];
        Queue.DrainAll(item => drained.Add(item.Name));
        Results.Enqueue($"DrainAll [{string.Join(", ", drained)}]");
    }

    public void Complete()
    {
        Queue.Complete();
        Results.Enqueue("Complete");
    }

    /// <summary>Whether every operation answered as in <paramref name="model"/>'s order, and the same items remain.</summary>
    public bool Matches(LinearQueueModel model) =>
        Results.Order(StringComparer.Ordinal).SequenceEqual(model.Results.Order(StringComparer.Ordinal))
        && Queue.Count == model.Count;

    public override string ToString() => $"{Queue.Count} queued; {string.Join("; ", Results)}";
}
