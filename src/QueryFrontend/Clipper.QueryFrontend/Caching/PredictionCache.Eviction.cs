using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Caching;

internal sealed partial class PredictionCache
{
    /// <summary>Counts a filled entry against the bound, evicting unmarked entries until it fits. Under the lock.</summary>
    private void Admit(CacheEntry entry)
    {
        var size = entry.Size;
        while (_bytes + size > CapacityBytes && _ring.Count > 0)
        {
            if (_hand >= _ring.Count)
            {
                _hand = 0;
            }

            var candidate = _ring[_hand];
            if (candidate.Referenced)
            {
                candidate.Referenced = false;
                _hand++;
                continue;
            }

            // Swap-remove: the last entry takes the evicted one's slot, and the hand looks at it next.
            _ring[_hand] = _ring[^1];
            _ring.RemoveAt(_ring.Count - 1);
            _entries.TryRemove(new KeyValuePair<ulong, CacheEntry>(candidate.Hash, candidate));
            Volatile.Write(ref _bytes, _bytes - candidate.Size);
            _evictions++;
        }

        _ring.Add(entry);
        Volatile.Write(ref _bytes, _bytes + size);
    }

    /// <summary>
    /// Hands the leader's outcome to the queries that waited on it: its answer, or the model's error (the same input
    /// fails the same way). Any other default (the leader's deadline, a lost replica) says nothing of their input, so
    /// they go to the queue on their own, each still bound by its own deadline.
    /// </summary>
    private void Release(CacheEntry entry, Query leader, List<Query> followers)
    {
        var data = entry.Data;
        if (data is not null)
        {
            foreach (var follower in followers)
            {
                follower.TryCompleteWithShared(data, entry.InputLength, data.Length - entry.InputLength);
            }

            return;
        }

        if (leader.DefaultReason == DefaultReason.ModelError)
        {
            foreach (var follower in followers)
            {
                follower.TryCompleteWithDefault(DefaultReason.ModelError, leader.ModelError);
            }

            return;
        }

        // Off this thread: the deadline timer or the queue may be the caller, mid-way through their own work.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Cache.Requeue(state.Followers), (Cache: this, Followers: followers), preferLocal: false);
    }

    private void Requeue(List<Query> followers)
    {
        foreach (var follower in followers)
        {
            if (follower.IsCompleted)
            {
                continue;
            }

            var outcome = _queue.TryEnqueue(follower);
            if (outcome == EnqueueResult.Closed)
            {
                follower.TryCompleteWithDefault(DefaultReason.ModelVersionRemoved);
            }
            else if (outcome == EnqueueResult.Full)
            {
                follower.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
            }
        }
    }
}
