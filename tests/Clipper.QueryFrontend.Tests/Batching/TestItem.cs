using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>A query stand-in whose deadline, generation and completion the tests set directly.</summary>
internal sealed class TestItem : IQueueItem
{
    private volatile bool _isCompleted;
    private volatile int _generation;

    public TestItem(string name, long deadline)
    {
        Name = name;
        Deadline = deadline;
    }

    public string Name { get; }

    public long Deadline { get; set; }

    public int Generation
    {
        get => _generation;
        set => _generation = value;
    }

    public bool IsCompleted
    {
        get => _isCompleted;
        set => _isCompleted = value;
    }

    /// <summary>An item due <paramref name="milliseconds"/> from the fake clock's now.</summary>
    public static TestItem DueIn(FakeTimeProvider time, string name, double milliseconds)
        => new(name, time.GetTimestamp() + TimeSpan.FromMilliseconds(milliseconds).Ticks);

    public override string ToString() => Name;
}
