using Clipper.QueryFrontend.Batching;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Batching;

/// <summary>A query stand-in whose deadline and completion the tests set directly.</summary>
internal sealed class TestItem : IQueueItem
{
    private volatile bool _isCompleted;

    public TestItem(string name, long deadline)
    {
        Name = name;
        Deadline = deadline;
    }

    public string Name { get; }

    public long Deadline { get; set; }

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
