using System.Collections.Concurrent;
using System.IO.Hashing;
using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Caching;

/// <summary>
/// One model version's prediction cache on this frontend, as Clipper's: answers by input, bounded in bytes, keyed by a
/// 64-bit hash of the input's wire bytes (the bytes themselves decide a match, so a collision is never a wrong answer).
/// Identical queries in flight at once share one evaluation: the first leads, the others wait for its answer.
/// </summary>
/// <remarks>
/// Hits read without a lock and share the entry's array (no copy). A miss, and the leader's completion, take one short
/// lock (no await under it). Eviction is CLOCK: a hit marks its entry, the hand clears marks and evicts the first entry
/// it finds unmarked. Only the model's own answers are kept; a default (deadline, lost replica, model error) never is.
/// </remarks>
internal sealed partial class PredictionCache
{
    private readonly ConcurrentDictionary<ulong, CacheEntry> _entries = new();
    private readonly List<CacheEntry> _ring = [];
    private readonly DeadlineQueue<Query> _queue;
    private readonly Lock _gate = new();
    private int _hand;
    private long _bytes;
    private long _hits;
    private long _misses;
    private long _coalesced;
    private long _evictions;

    /// <param name="capacityBytes">The bound on the inputs and answers kept, with <see cref="CacheEntry.Overhead"/> each.</param>
    /// <param name="queue">The version's queue, where the queries that waited on a leader that missed go on their own.</param>
    public PredictionCache(long capacityBytes, DeadlineQueue<Query> queue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacityBytes);
        CapacityBytes = capacityBytes;
        _queue = queue;
    }

    public long CapacityBytes { get; }

    /// <summary>The bytes the kept entries count (inputs, answers and overhead).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>The entries kept with an answer, and those being evaluated.</summary>
    public int Count => _entries.Count;

    public long Hits => Volatile.Read(ref _hits);

    /// <summary>Queries the cache could not answer or join: each one is evaluated by the model.</summary>
    public long Misses => Volatile.Read(ref _misses);

    /// <summary>Queries that waited on an identical query in flight instead of being evaluated.</summary>
    public long Coalesced => Volatile.Read(ref _coalesced);

    public long Evictions => Volatile.Read(ref _evictions);

    /// <summary>
    /// Answers <paramref name="query"/> from the cache, attaches it to an identical query in flight, or makes it the
    /// leader of its input (the caller then queues it). Call before the query is queued or scheduled.
    /// </summary>
    public CacheLookup Lookup(Query query)
    {
        var input = query.Input.Span;
        var hash = XxHash3.HashToUInt64(input);
        if (_entries.TryGetValue(hash, out var entry) && entry.Data is not null && TryHit(entry, query, input))
        {
            return CacheLookup.Hit;
        }

        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out entry))
            {
                if (entry.Data is not null)
                {
                    return TryHit(entry, query, input) ? CacheLookup.Hit : Miss(CacheLookup.Bypass);
                }

                if (!entry.Matches(input))
                {
                    return Miss(CacheLookup.Bypass);
                }

                (entry.Followers ??= []).Add(query);
                _coalesced++;
                return CacheLookup.Joined;
            }

            entry = new CacheEntry(this, hash, query);
            _entries[hash] = entry;
            query.Observer = entry;
            return Miss(CacheLookup.Lead);
        }
    }

    /// <summary>Forgets every entry (the version was retired or its cache resized). Queries waiting on a leader still get its answer.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _ring.Clear();
            _hand = 0;
            Volatile.Write(ref _bytes, 0);
        }
    }

    /// <summary>The leader of <paramref name="entry"/> completed: keep its answer and hand it to the waiting queries.</summary>
    internal void LeaderCompleted(CacheEntry entry, Query leader)
    {
        if (leader.DefaultReason == DefaultReason.None)
        {
            // Copied outside the lock; the leader's request cannot resume (and release its buffers) before this returns.
            entry.Fill(leader.Input.Span, leader.Output.Span);
        }

        List<Query>? followers;
        lock (_gate)
        {
            followers = entry.Followers;
            entry.Followers = null;
            entry.Leader = null;
            var kept = IsCurrent(entry);
            if (entry.Data is null || entry.Size > CapacityBytes)
            {
                if (kept)
                {
                    _entries.TryRemove(new KeyValuePair<ulong, CacheEntry>(entry.Hash, entry));
                }
            }
            else if (kept)
            {
                Admit(entry);
            }
        }

        if (followers is not null)
        {
            Release(entry, leader, followers);
        }
    }

    private bool IsCurrent(CacheEntry entry) => _entries.TryGetValue(entry.Hash, out var current) && ReferenceEquals(current, entry);

    private bool TryHit(CacheEntry entry, Query query, ReadOnlySpan<byte> input)
    {
        if (!entry.Matches(input))
        {
            return false;
        }

        var data = entry.Data!;
        entry.Referenced = true;
        Interlocked.Increment(ref _hits);
        query.TryCompleteWithShared(data, entry.InputLength, data.Length - entry.InputLength);
        return true;
    }

    private CacheLookup Miss(CacheLookup outcome)
    {
        _misses++;
        return outcome;
    }
}
