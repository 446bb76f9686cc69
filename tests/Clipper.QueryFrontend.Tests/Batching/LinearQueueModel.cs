namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>
/// The sequential specification of the deadline queue's non-blocking operations, for the linearizability property:
/// a bounded list kept in (deadline, arrival) order, and the answer each operation gave.
/// </summary>
internal sealed class LinearQueueModel(int capacity)
{
    private readonly List<(long Deadline, long Sequence, string Name)> _items = [];
    private long _sequence;
    private bool _completed;

    public List<string> Results { get; } = [];

    public int Count => _items.Count;

    public void Enqueue(string name, long deadline)
    {
        string result = _completed ? "Closed" : _items.Count >= capacity ? "Full" : "Accepted";
        if (result == "Accepted")
        {
            Add(name, deadline);
        }

        Results.Add($"TryEnqueue({name}) {result}");
    }

    public void Requeue(string name, long deadline)
    {
        if (!_completed)
        {
            Add(name, deadline);
        }

        Results.Add($"Requeue({name}) {!_completed}");
    }

    public void Peek() =>
        Results.Add($"TryPeekUnclaimed {_items.Count > 0} {_items.Count} {(_items.Count > 0 ? _items[0].Deadline : 0)}");

    public void Drain()
    {
        Results.Add($"DrainAll [{string.Join(", ", _items.Select(i => i.Name))}]");
        _items.Clear();
    }

    public void Complete()
    {
        _completed = true;
        Results.Add("Complete");
    }

    private void Add(string name, long deadline)
    {
        var entry = (deadline, _sequence++, name);
        int index = _items.FindIndex(i => i.Deadline > deadline);
        _items.Insert(index < 0 ? _items.Count : index, entry);
    }
}
