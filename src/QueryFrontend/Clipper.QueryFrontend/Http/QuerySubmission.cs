using Clipper.QueryFrontend.Batching;
using Clipper.QueryFrontend.Caching;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tracing;

namespace Clipper.QueryFrontend.Http;

/// <summary>
/// Puts one query per input on a model version's queue: what Clipper's predict and the Open Inference Protocol's infer
/// both do once they have parsed a request. Expected failures complete the query with their default reason; a full
/// queue refuses the whole request.
/// </summary>
internal static class QuerySubmission
{
    /// <summary>
    /// Creates and queues one query per input into <paramref name="queries"/>; returns how many were created. When the
    /// version's queue is full, stops there, completes those already created (so replicas skip them) and sets
    /// <paramref name="rejected"/>.
    /// </summary>
    /// <param name="target">The version's runtime, or null when the route has none.</param>
    /// <param name="inputs">The parsed inputs, one query each.</param>
    /// <param name="now">The time of queueing (a <see cref="TimeProvider"/> timestamp).</param>
    /// <param name="deadline">The queries' deadline (a <see cref="TimeProvider"/> timestamp).</param>
    /// <param name="defaultOutput">What a query answered by default answers, UTF-8.</param>
    /// <param name="deadlines">The timer that completes queries at their deadline.</param>
    /// <param name="queries">Where the queries go; at least <c>inputs.Count</c> long.</param>
    /// <param name="rejected">Set when the queue was full.</param>
    public static int Submit(
        ModelVersionRuntime? target, ParsedInputs inputs, long now, long deadline, byte[] defaultOutput,
        DeadlineTimer<Query> deadlines, Query[] queries, out bool rejected)
    {
        rejected = false;
        var count = inputs.Count;
        var serving = target is not null && target.Settings is not null && (target.HasReplicas || target.ReplicasExpected);
        var cache = target?.Cache;
        for (var i = 0; i < count; i++)
        {
            var query = new Query(QueryIds.Next(), inputs.GetInput(i), deadline, defaultOutput) { EnqueuedAt = now };
            queries[i] = query;
            if (cache is not null)
            {
                var lookup = cache.Lookup(query);
                if (lookup == CacheLookup.Hit)
                {
                    continue;
                }

                if (lookup == CacheLookup.Joined)
                {
                    // It waits for an identical query's answer, and is answered by its own deadline if that comes first.
                    deadlines.Schedule(query);
                    continue;
                }
            }

            if (!serving)
            {
                query.TryCompleteWithDefault(DefaultReason.NoReplicaConnected);
                continue;
            }

            // Started before the query is queued: a replica may take it at once.
            query.QueueWait = FrontendTracing.StartQueueWait();
            var enqueued = target!.Queue.TryEnqueue(query);
            if (enqueued == EnqueueResult.Closed)
            {
                // The version was removed after this request read its route.
                query.TryCompleteWithDefault(DefaultReason.ModelVersionRemoved);
                continue;
            }

            if (enqueued == EnqueueResult.Full)
            {
                // Backpressure: refuse the whole request rather than answer part of it.
                for (var j = 0; j <= i; j++)
                {
                    queries[j].TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
                }

                rejected = true;
                return i + 1;
            }

            deadlines.Schedule(query);
        }

        return count;
    }
}
