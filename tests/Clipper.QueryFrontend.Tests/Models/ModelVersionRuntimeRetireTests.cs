using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Models;

public sealed class ModelVersionRuntimeRetireTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Retire_AnswersEveryQueuedQueryWithItsOwnExplanation()
    {
        var runtime = new ModelVersionRuntime(new ModelVersionId("m", "1"), InputType.Doubles, queueCapacity: 16, _time, new BatchingOptions());
        var queued = new[] { NewQuery(1), NewQuery(2) };
        var answered = NewQuery(3);
        foreach (var query in queued.Append(answered))
        {
            Assert.Equal(EnqueueResult.Accepted, runtime.Queue.TryEnqueue(query));
        }

        answered.TryCompleteWithOutput(new System.Buffers.ReadOnlySequence<byte>("1"u8.ToArray()));

        Assert.Equal(2, runtime.Retire());

        foreach (var query in queued)
        {
            Assert.True(query.IsCompleted);
            Assert.Equal(DefaultReason.ModelVersionRemoved, query.DefaultReason);
            Assert.Equal("null"u8.ToArray(), query.Output.ToArray());
        }

        Assert.Equal(DefaultReason.None, answered.DefaultReason);
        Assert.StartsWith("The model version the query was queued for was removed", DefaultExplanations.For(DefaultReason.ModelVersionRemoved), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retire_ClosesTheQueueSoLaterQueriesAreRefusedAndReplicasGetNoMoreBatches()
    {
        var runtime = new ModelVersionRuntime(new ModelVersionId("m", "1"), InputType.Doubles, queueCapacity: 16, _time, new BatchingOptions());
        var waiting = runtime.Queue.DequeueBatchAsync(new Query[4], 4, TimeSpan.Zero);

        runtime.Retire();

        Assert.Equal(EnqueueResult.Closed, runtime.Queue.TryEnqueue(NewQuery(1)));
        Assert.Equal(0, await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Retire_ThroughTheRegistry_RemovesOnlyTheRegisteredRuntime()
    {
        var registry = new ModelRegistry(_time, new BatchingOptions());
        var registered = registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles);
        var stranger = new ModelVersionRuntime(new ModelVersionId("m", "1"), InputType.Doubles, queueCapacity: 16, _time, new BatchingOptions());

        Assert.Equal(-1, registry.Retire(stranger));
        Assert.True(registry.TryGet(new ModelVersionId("m", "1"), out _));
        Assert.False(stranger.Queue.IsCompleted);

        Assert.Equal(0, registry.Retire(registered));
        Assert.False(registry.TryGet(new ModelVersionId("m", "1"), out _));
        Assert.NotSame(registered, registry.GetOrAdd(new ModelVersionId("m", "1"), InputType.Doubles));
    }

    private Query NewQuery(long id) => new(id, new byte[8], _time.GetTimestamp() + TimeSpan.TicksPerSecond, "null"u8.ToArray());
}
