using System.Buffers;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tests.Queries;

public sealed class QueryStateTests
{
    [Fact]
    public void TryBeginCopy_QueuedQuery_Succeeds()
    {
        Query query = TestQueries.Create();

        Assert.True(query.TryBeginCopy());

        Assert.False(query.IsCompleted);
    }

    [Fact]
    public void TryBeginCopy_CopyingOrInFlightQuery_Fails()
    {
        Query query = TestQueries.Create();
        query.TryBeginCopy();

        Assert.False(query.TryBeginCopy());
        query.EndCopy();
        Assert.False(query.TryBeginCopy());
    }

    [Fact]
    public void TryBeginCopy_CompletedQuery_Fails()
    {
        Query query = TestQueries.Create();
        query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);

        Assert.False(query.TryBeginCopy());

        Assert.True(query.IsCompleted);
    }

    [Fact]
    public void TryReturnToQueue_InFlightQuery_RequeuesItForAnotherCopy()
    {
        Query query = TestQueries.Create();
        query.TryBeginCopy();
        query.EndCopy();

        Assert.True(query.TryReturnToQueue());

        Assert.False(query.IsCompleted);
        Assert.True(query.TryBeginCopy());
    }

    [Fact]
    public void TryReturnToQueue_QueuedQuery_Fails()
    {
        Query query = TestQueries.Create();

        Assert.False(query.TryReturnToQueue());
    }

    [Fact]
    public void TryReturnToQueue_CopyingQuery_Fails()
    {
        Query query = TestQueries.Create();
        query.TryBeginCopy();

        Assert.False(query.TryReturnToQueue());
    }

    [Fact]
    public void TryReturnToQueue_CompletedQuery_FailsAndTheQueryStaysCompleted()
    {
        Query query = TestQueries.Create();
        query.TryBeginCopy();
        query.EndCopy();
        query.TryCompleteWithOutput(new ReadOnlySequence<byte>("1"u8.ToArray()));

        Assert.False(query.TryReturnToQueue());

        Assert.True(query.IsCompleted);
        Assert.False(query.TryBeginCopy());
    }

    [Fact]
    public async Task TryCompleteWithDefault_WhileCopying_WaitsForEndCopy()
    {
        Query query = TestQueries.Create();
        Assert.True(query.TryBeginCopy());
        using ManualResetEventSlim started = new();
        Task<bool> completing = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(TestQueries.Timeout));

        // Whatever the timing, nothing may complete a query under its copy; the bounded wait only
        // gives a wrong implementation the chance to show itself.
        await Assert.ThrowsAsync<TimeoutException>(() => completing.WaitAsync(TimeSpan.FromMilliseconds(50)));
        Assert.False(query.IsCompleted);
        Assert.False(query.Completion.IsCompleted);

        query.EndCopy();

        Assert.True(await completing.WaitAsync(TestQueries.Timeout));
        Assert.True(query.IsCompleted);
        Assert.Equal(DefaultReason.ObjectiveMissed, query.DefaultReason);
    }

    [Fact]
    public async Task TryCompleteWithOutput_WhileCopying_WaitsForEndCopy()
    {
        Query query = TestQueries.Create();
        Assert.True(query.TryBeginCopy());
        using ManualResetEventSlim started = new();
        Task<bool> completing = Task.Factory.StartNew(
            () =>
            {
                started.Set();
                return query.TryCompleteWithOutput(new ReadOnlySequence<byte>("[7]"u8.ToArray()));
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        Assert.True(started.Wait(TestQueries.Timeout));

        await Assert.ThrowsAsync<TimeoutException>(() => completing.WaitAsync(TimeSpan.FromMilliseconds(50)));
        Assert.False(query.IsCompleted);

        query.EndCopy();

        Assert.True(await completing.WaitAsync(TestQueries.Timeout));
        Assert.Equal("[7]"u8.ToArray(), query.Output.ToArray());
    }
}
