using System.Text.Json;
using Clipper.QueryFrontend.Keys;
using Clipper.QueryFrontend.Models;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Selection;
using Microsoft.AspNetCore.Http;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// <c>GET /metrics</c> with <c>Accept: application/json</c>: the frontend's counts as JSON, for Clipper's tools, people
/// and tests (without it the same path answers Prometheus's text, <see cref="Clipper.Configuration.Metrics.PrometheusEndpoint"/>).
/// </summary>
internal static class MetricsEndpoint
{
    private static readonly DefaultReason[] s_defaultReasons =
    [
        DefaultReason.NoReplicaConnected, DefaultReason.ObjectiveMissed, DefaultReason.ReplicaLost, DefaultReason.ModelError, DefaultReason.ModelVersionRemoved,
    ];

    public static async Task WriteAsync(HttpContext context, FrontendMetrics metrics, ModelRegistry models, RefusedContainers refused)
    {
        context.Response.ContentType = "application/json";
        // Refusal reasons quote names; this JSON is read by people and tools, never embedded in HTML.
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartObject();
        writer.WriteStartObject("counters");
        writer.WriteNumber("answered_by_model", metrics.AnswerCount(DefaultReason.None));
        foreach (var reason in s_defaultReasons)
        {
            writer.WriteNumber("default:" + DefaultExplanations.TagOf(reason), metrics.AnswerCount(reason));
        }

        writer.WriteNumber("rejected_queue_full", metrics.RejectedCount);
        writer.WriteNumber("requeued_after_replica_lost", metrics.RequeuedCount);
        writer.WriteNumber("sent_to_replicas", metrics.SentCount);
        writer.WriteNumber("refused_containers", refused.Count);
        writer.WriteNumber("refused_connections", metrics.RefusedConnectionCount);
        WriteCacheCounters(writer, models);
        writer.WriteNumber("shadow:agreed", metrics.ShadowCount(ShadowResult.Agreed));
        writer.WriteNumber("shadow:disagreed", metrics.ShadowCount(ShadowResult.Disagreed));
        writer.WriteNumber("shadow:missed", metrics.ShadowCount(ShadowResult.Missed));
        writer.WriteNumber("ensemble:missed", metrics.EnsembleMissedCount);
        writer.WriteNumber("feedback", metrics.FeedbackCount);
        foreach (var check in KeyChecks.Refusals)
        {
            writer.WriteNumber("key_refusals:" + KeyChecks.TagOf(check), metrics.KeyRefusalCount(check));
        }
        writer.WriteEndObject();
        writer.WriteStartObject("gauges");
        writer.WriteNumber("requests_in_progress", metrics.RequestsInProgress);
        writer.WriteEndObject();
        AppsJson.Write(writer, metrics.Apps);

        // Each connected replica and how many queries it answered here: how work spreads over replicas.
        writer.WriteStartArray("replicas");
        foreach (var runtime in models.All)
        {
            foreach (var replica in runtime.Replicas)
            {
                writer.WriteStartObject();
                writer.WriteString("model", runtime.Key.ToString());
                writer.WriteNumber("replica_id", replica.ReplicaId);
                writer.WriteString("container_id", replica.ContainerId);
                writer.WriteString("protocol", replica.Protocol);
                writer.WriteNumber("answered", replica.AnsweredCount);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();

        // The containers refused most recently, newest first: who tried to serve here and why they may not.
        writer.WriteStartArray("refused_containers");
        foreach (var refusal in refused.Recent)
        {
            writer.WriteStartObject();
            writer.WriteString("at", refusal.At);
            writer.WriteString("protocol", refusal.Protocol);
            writer.WriteString("address", refusal.Address);
            writer.WriteString("model", refusal.Model);
            writer.WriteString("reason", refusal.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The prediction caches' counts summed over model versions: <c>cache:hit</c>, <c>cache:coalesced</c>, <c>cache:miss</c>.</summary>
    private static void WriteCacheCounters(Utf8JsonWriter writer, ModelRegistry models)
    {
        long hits = 0, coalesced = 0, misses = 0;
        foreach (var runtime in models.All)
        {
            if (runtime.Cache is { } cache)
            {
                hits += cache.Hits;
                coalesced += cache.Coalesced;
                misses += cache.Misses;
            }
        }

        writer.WriteNumber("cache:hit", hits);
        writer.WriteNumber("cache:coalesced", coalesced);
        writer.WriteNumber("cache:miss", misses);
    }
}
