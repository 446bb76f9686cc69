using System.Buffers;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Caching;
using Clipper.QueryFrontend.Queries;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Queries;

/// <summary>
/// Pooled queries: only a query the model answered is reused, and nothing that held an earlier use of it (a late answer,
/// the deadline timer, the cache) can reach the next one. The pool is shared by the process, so these tests check the
/// query's own state (its generation) rather than which object the next rent returns, and never change a query once
/// it is back in the pool.
/// </summary>
public sealed class QueryPoolingTests
{
    private static readonly byte[] s_default = "\"default\""u8.ToArray();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Release_AfterTheModelsAnswer_RecyclesTheQueryAsANewGeneration()
    {
        var query = Rent([1, 2]);
        var generation = query.Generation;
        Send(query);
        Assert.True(query.TryCompleteWithOutput(Output("42")));
        await query.Completion.AsTask().WaitAsync(TestQueries.Timeout);

        query.Release();

        Assert.Equal(generation + 1, query.Generation);
        Assert.False(query.IsCompleted);
    }

    [Fact]
    public async Task LateAnswer_AfterTheDeadlineAnsweredAndTheRequestReleased_ChangesNothing()
    {
        var query = Rent([1, 2]);
        var generation = query.Generation;
        Send(query);
        Assert.True(query.TryExpire(generation));
        await query.Completion.AsTask().WaitAsync(TestQueries.Timeout);

        // A default leaves the query to the collector: the replica still holds it and may answer.
        query.Release();
        Assert.False(query.TryCompleteWithOutput(Output("late")));

        Assert.Equal(generation, query.Generation);
        Assert.True(query.IsCompleted);
        Assert.Equal(DefaultReason.ObjectiveMissed, query.DefaultReason);
    }

    [Fact]
    public void TryExpire_OfAnEarlierGeneration_LeavesTheReusedQueryAlone()
    {
        var query = Rent([1]);
        var earlier = query.Generation;
        Send(query);
        query.TryCompleteWithOutput(Output("1"));
        query.Release();

        Assert.False(query.TryExpire(earlier));
        Assert.False(query.IsCompleted);
    }

    [Fact]
    public async Task DeadlineTimer_EntryOfAReleasedQuery_DoesNotExpireItsNextUse()
    {
        using var timer = new DeadlineTimer<Query>(_time, static (query, generation) => query.TryExpire(generation));
        var query = Rent([1], TimeSpan.FromSeconds(1));
        timer.Schedule(query);
        Send(query);
        query.TryCompleteWithOutput(Output("1"));
        await query.Completion.AsTask().WaitAsync(TestQueries.Timeout);
        query.Release();

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(query.IsCompleted);
        Assert.Equal(0, timer.Count);
    }

    [Fact]
    public async Task Cache_LeaderIsRecycled_WhileItsEntryKeepsAnsweringAndAFollowerAnsweredByItsDeadlineIsLeftAlone()
    {
        var queue = new DeadlineQueue<Query>(64, _time, static q => q.TryCompleteWithDefault(DefaultReason.ObjectiveMissed));
        var cache = new PredictionCache(1 << 20, queue);
        var leader = Rent([7, 7]);
        var follower = Rent([7, 7]);
        Assert.Equal(CacheLookup.Lead, cache.Lookup(leader));
        Assert.Equal(CacheLookup.Joined, cache.Lookup(follower));
        var followerGeneration = follower.Generation;
        Assert.True(follower.TryExpire(followerGeneration));
        follower.Release();

        Send(leader);
        Assert.True(leader.TryCompleteWithOutput(Output("42")));
        await leader.Completion.AsTask().WaitAsync(TestQueries.Timeout);
        var leaderGeneration = leader.Generation;
        leader.Release();

        Assert.Equal(leaderGeneration + 1, leader.Generation);
        Assert.Equal((followerGeneration, DefaultReason.ObjectiveMissed), (follower.Generation, follower.DefaultReason));
        var hit = Rent([7, 7]);
        Assert.Equal(CacheLookup.Hit, cache.Lookup(hit));
        Assert.Equal("42"u8.ToArray(), hit.Output.ToArray());

        // A hit shares the cache's array: it must never be recycled into another query's output.
        var hitGeneration = hit.Generation;
        hit.Release();
        Assert.Equal(hitGeneration, hit.Generation);
    }

    [Fact]
    public async Task ModelAnswerRacingTheDeadline_OneWins_AndTheLosersExpiryNeverReachesTheNextUse()
    {
        for (var use = 0; use < 2_000; use++)
        {
            var query = Rent([3]);
            var generation = query.Generation;
            Send(query);
            var expiry = Task.Run(() => query.TryExpire(generation));
            var answered = query.TryCompleteWithOutput(Output("1"));
            await query.Completion.AsTask().WaitAsync(TestQueries.Timeout);
            var expired = await expiry.WaitAsync(TestQueries.Timeout);

            Assert.NotEqual(answered, expired);
            Assert.Equal(answered ? DefaultReason.None : DefaultReason.ObjectiveMissed, query.DefaultReason);
            query.Release();

            // Recycled or not, an expiry of this use can no longer answer anything.
            Assert.False(query.TryExpire(generation));
        }
    }

    private static void Send(Query query)
    {
        Assert.True(query.TryBeginCopy());
        query.EndCopy();
    }

    private static ReadOnlySequence<byte> Output(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    private Query Rent(byte[] input, TimeSpan? objective = null)
    {
        var now = _time.GetTimestamp();
        return Query.Rent(QueryIds.Next(), input, now + (long)((objective ?? TimeSpan.FromSeconds(10)).TotalSeconds * _time.TimestampFrequency), s_default, now);
    }
}
