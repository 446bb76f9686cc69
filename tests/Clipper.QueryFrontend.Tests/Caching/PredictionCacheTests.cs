using System.Buffers;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Caching;
using Clipper.QueryFrontend.Queries;
using Microsoft.Extensions.Time.Testing;

namespace Clipper.QueryFrontend.Tests.Caching;

/// <summary>The prediction cache: hits share the answer, identical queries in flight share one evaluation, the bound holds.</summary>
public sealed class PredictionCacheTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] s_default = "\"default\""u8.ToArray();
    private readonly FakeTimeProvider _time = new();
    private readonly DeadlineQueue<Query> _queue;

    public PredictionCacheTests() => _queue = new DeadlineQueue<Query>(64, _time, static q => q.TryCompleteWithDefault(DefaultReason.ObjectiveMissed));

    [Fact]
    public void Lookup_AfterTheLeaderAnswered_IsAHitSharingTheAnswer()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        var leader = NewQuery(1, [1, 2, 3]);
        Assert.Equal(CacheLookup.Lead, cache.Lookup(leader));
        Complete(leader, "42");

        var again = NewQuery(2, [1, 2, 3]);
        Assert.Equal(CacheLookup.Hit, cache.Lookup(again));

        Assert.True(again.IsCompleted);
        Assert.Equal(DefaultReason.None, again.DefaultReason);
        Assert.Equal("42"u8.ToArray(), again.Output.ToArray());
        Assert.Equal((1L, 1L, 0L), (cache.Hits, cache.Misses, cache.Coalesced));

        // The answer is the cache's own copy: the leader's pooled buffer goes back without touching it.
        leader.Release();
        again.Release();
        Assert.Equal(CacheLookup.Hit, cache.Lookup(NewQuery(3, [1, 2, 3])));
    }

    [Fact]
    public void Lookup_OfAnotherInput_Leads()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        var first = NewQuery(1, [1]);
        cache.Lookup(first);
        Complete(first, "1");

        Assert.Equal(CacheLookup.Lead, cache.Lookup(NewQuery(2, [2])));
        Assert.Equal(2, cache.Misses);
    }

    [Fact]
    public void HundredIdenticalQueriesInFlight_ShareOneEvaluation()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        var queries = Enumerable.Range(0, 100).Select(i => NewQuery(i, [7, 7])).ToArray();

        var outcomes = queries.Select(cache.Lookup).ToArray();

        Assert.Equal(CacheLookup.Lead, outcomes[0]);
        Assert.All(outcomes.Skip(1), o => Assert.Equal(CacheLookup.Joined, o));
        Assert.All(queries.Skip(1), q => Assert.False(q.IsCompleted));

        Complete(queries[0], "\"seven\"");

        Assert.All(queries, q => Assert.Equal("\"seven\""u8.ToArray(), q.Output.ToArray()));
        Assert.Equal((0L, 1L, 99L), (cache.Hits, cache.Misses, cache.Coalesced));
    }

    [Fact]
    public void LeaderWithModelError_GivesTheWaitingQueriesTheSameError()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        var leader = NewQuery(1, [1]);
        var follower = NewQuery(2, [1]);
        cache.Lookup(leader);
        cache.Lookup(follower);

        leader.TryCompleteWithDefault(DefaultReason.ModelError, "bad input");

        Assert.Equal(DefaultReason.ModelError, follower.DefaultReason);
        Assert.Equal("bad input", follower.ModelError);
        Assert.Equal(CacheLookup.Lead, cache.Lookup(NewQuery(3, [1])));
    }

    [Fact]
    public async Task LeaderThatMissedItsDeadline_SendsTheWaitingQueriesToTheQueueOnTheirOwn()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        var leader = NewQuery(1, [1]);
        var follower = NewQuery(2, [1]);
        var done = NewQuery(3, [1]);
        cache.Lookup(leader);
        cache.Lookup(follower);
        cache.Lookup(done);
        done.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);

        leader.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);

        var batch = new Query[4];
        var taken = await _queue.DequeueBatchAsync(batch, 4, TimeSpan.Zero).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, taken);
        Assert.Same(follower, batch[0]);
        Assert.False(follower.IsCompleted);
    }

    [Fact]
    public void Admit_KeepsTheBound_EvictingEntriesNotHitSinceTheHandPassed()
    {
        // Each entry: 1 input byte + 1 output byte + the overhead.
        var entry = 2 + CacheEntry.Overhead;
        var cache = new PredictionCache(3 * entry, _queue);
        for (byte i = 1; i <= 3; i++)
        {
            Fill(cache, i);
        }

        Assert.Equal(CacheLookup.Hit, cache.Lookup(NewQuery(10, [1])));
        Fill(cache, 4);

        Assert.Equal(3 * entry, cache.Bytes);
        Assert.Equal(1, cache.Evictions);
        Assert.Equal(CacheLookup.Hit, cache.Lookup(NewQuery(11, [1])));
        Assert.Equal(CacheLookup.Hit, cache.Lookup(NewQuery(12, [4])));
    }

    [Fact]
    public void Answer_LargerThanTheBound_IsNotKept()
    {
        var cache = new PredictionCache(CacheEntry.Overhead + 4, _queue);
        var leader = NewQuery(1, [1]);
        cache.Lookup(leader);
        Complete(leader, "\"far too long\"");

        Assert.Equal(0, cache.Bytes);
        Assert.Equal(CacheLookup.Lead, cache.Lookup(NewQuery(2, [1])));
    }

    [Fact]
    public void Clear_ForgetsEveryAnswer_AndALeaderAnsweringAfterwardsStillServesItsFollowers()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        Fill(cache, 1);
        var leader = NewQuery(2, [2]);
        var follower = NewQuery(3, [2]);
        cache.Lookup(leader);
        cache.Lookup(follower);

        cache.Clear();
        Complete(leader, "2");

        Assert.Equal("2"u8.ToArray(), follower.Output.ToArray());
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(0, cache.Count);
        Assert.Equal(CacheLookup.Lead, cache.Lookup(NewQuery(4, [1])));
    }

    [Fact]
    public async Task Lookups_FromManyThreads_AnswerEveryQueryWithItsOwnInputsAnswer()
    {
        var cache = new PredictionCache(1 << 20, _queue);
        var tasks = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var input = (byte)(i % 50);
                var query = NewQuery(i, [input]);
                var outcome = cache.Lookup(query);
                if (outcome == CacheLookup.Lead)
                {
                    Complete(query, input.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else if (outcome == CacheLookup.Joined)
                {
                    // Its leader is being answered on another thread.
                    Assert.True(query.Completion.AsTask().Wait(s_timeout));
                }

                Assert.True(query.IsCompleted);
                Assert.Equal(input.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(query.Output.Span));
            }
        })).ToArray();

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(20_000, cache.Hits + cache.Misses + cache.Coalesced);
    }

    private void Fill(PredictionCache cache, byte input)
    {
        var leader = NewQuery(input, [input]);
        Assert.Equal(CacheLookup.Lead, cache.Lookup(leader));
        Complete(leader, "1");
    }

    private static void Complete(Query query, string output) =>
        Assert.True(query.TryCompleteWithOutput(new ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(output))));

    private Query NewQuery(long id, byte[] input) => new(id, input, _time.GetTimestamp() + TimeSpan.TicksPerSecond, s_default);
}
