using System.Diagnostics;
using Clipper.ModelRpc.Protocol;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Tracing;

internal static partial class FrontendTracing
{
    /// <summary>
    /// Starts the <c>batch</c> span of <paramref name="batch"/>, which mixes queries of many traces: its parent is the
    /// request span of the first traced query, and it links to the request spans of the others (each once). Null when
    /// nobody listens or no query of the batch is traced.
    /// </summary>
    public static Activity? StartBatch(ReadOnlySpan<Query?> batch, ModelVersionId model, int replicaId, string containerId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var query in batch)
        {
            if (query?.QueueWait is not { } wait)
            {
                continue;
            }

            var request = new ActivityContext(wait.TraceId, wait.ParentSpanId, wait.ActivityTraceFlags);
            if (parent == default)
            {
                parent = request;
            }
            else if (request != parent && (links is null || links[^1].Context != request))
            {
                (links ??= []).Add(new ActivityLink(request));
            }
        }

        if (parent == default)
        {
            return null;
        }

        var current = Activity.Current;
        var span = Source.StartActivity(BatchSpan, ActivityKind.Client, parent, links: links);
        Activity.Current = current;
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("clipper.model", model.Name);
            span.SetTag("clipper.version", model.Version);
            span.SetTag("clipper.batch.size", batch.Length);
            span.SetTag("clipper.replica", replicaId);
            span.SetTag("clipper.container", containerId);
        }

        return span;
    }

    /// <summary>
    /// Ends a batch span with its answer. With a model time (protocol version 3) it records a <c>model</c> child span
    /// that long, ending when the answer was read: the container's clock is not ours, so only its duration is known.
    /// </summary>
    public static void EndBatch(Activity? span, TimeSpan? modelTime)
    {
        if (span is null)
        {
            return;
        }

        if (modelTime is { } duration && span.IsAllDataRequested)
        {
            var end = DateTime.UtcNow;
            var current = Activity.Current;
            var model = Source.StartActivity(ModelSpan, ActivityKind.Internal, span.Context, startTime: end - duration);
            if (model is not null)
            {
                model.SetTag("clipper.model_time_us", (long)(duration.Ticks / TimeSpan.TicksPerMicrosecond));
                model.SetEndTime(end);
                model.Stop();
            }

            Activity.Current = current;
            span.SetTag("clipper.model_time_us", (long)(duration.Ticks / TimeSpan.TicksPerMicrosecond));
        }

        Stop(span);
    }

    /// <summary>Ends a batch span whose answer will never come (the replica was lost or stopped).</summary>
    public static void FailBatch(Activity? span, string reason)
    {
        if (span is null)
        {
            return;
        }

        span.SetStatus(ActivityStatusCode.Error, reason);
        Stop(span);
    }
}
