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
        var serving = IsServing(target);
        for (var i = 0; i < count; i++)
        {
            var query = Query.Rent(QueryIds.Next(), inputs.GetInput(i), deadline, defaultOutput, now);
            queries[i] = query;
            if (!TryQueue(target, serving, query, deadlines))
            {
                // Backpressure: refuse the whole request rather than answer part of it.
                RefuseAll(queries.AsSpan(0, i + 1));
                rejected = true;
                return i + 1;
            }
        }

        return count;
    }

    /// <summary>Whether queries for <paramref name="target"/> may wait for a replica (one is connected here or expected).</summary>
    public static bool IsServing(ModelVersionRuntime? target) =>
        target is not null && target.Settings is not null && (target.HasReplicas || target.ReplicasExpected);

    /// <summary>
    /// Answers <paramref name="query"/> from the version's cache, joins it to an identical query in flight, or queues it
    /// and schedules its deadline; an expected failure completes it with its default reason. False only when the queue
    /// was full: the query is then neither queued nor completed, and the caller refuses the request.
    /// </summary>
    /// <param name="target">The version's runtime, or null.</param>
    /// <param name="serving"><see cref="IsServing"/> of <paramref name="target"/>, read once per request.</param>
    /// <param name="query">The new query.</param>
    /// <param name="deadlines">The timer that completes queries at their deadline.</param>
    public static bool TryQueue(ModelVersionRuntime? target, bool serving, Query query, DeadlineTimer<Query> deadlines)
    {
        if (target?.Cache is { } cache)
        {
            var lookup = cache.Lookup(query);
            if (lookup == CacheLookup.Hit)
            {
                return true;
            }

            if (lookup == CacheLookup.Joined)
            {
                // It waits for an identical query's answer, and is answered by its own deadline if that comes first.
                deadlines.Schedule(query);
                return true;
            }
        }

        if (!serving)
        {
            query.TryCompleteWithDefault(DefaultReason.NoReplicaConnected);
            return true;
        }

        // Started before the query is queued: a replica may take it at once.
        query.QueueWait = FrontendTracing.StartQueueWait();
        var enqueued = target!.Queue.TryEnqueue(query);
        if (enqueued == EnqueueResult.Closed)
        {
            // The version was removed after this request read its route.
            query.TryCompleteWithDefault(DefaultReason.ModelVersionRemoved);
            return true;
        }

        if (enqueued == EnqueueResult.Full)
        {
            return false;
        }

        deadlines.Schedule(query);
        return true;
    }

    /// <summary>Completes every query of a refused request, so that replicas skip those already queued.</summary>
    public static void RefuseAll(ReadOnlySpan<Query> queries)
    {
        foreach (var query in queries)
        {
            query.TryCompleteWithDefault(DefaultReason.ObjectiveMissed);
        }
    }
}
