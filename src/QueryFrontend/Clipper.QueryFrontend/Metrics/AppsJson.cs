using System.Globalization;
using System.Text.Json;
using Clipper.QueryFrontend.Queries;

namespace Clipper.QueryFrontend.Metrics;

/// <summary>
/// The <c>"apps"</c> object of the JSON metrics: per application, its answers (by the model, by default per reason), its
/// refusals per status and its latency histogram, as running totals; a reader computes rates and percentiles from the
/// difference of two reads.
/// </summary>
internal static class AppsJson
{
    private static readonly DefaultReason[] s_defaultReasons =
    [
        DefaultReason.NoReplicaConnected, DefaultReason.ObjectiveMissed, DefaultReason.ReplicaLost, DefaultReason.ModelError, DefaultReason.ModelVersionRemoved,
    ];

    public static void Write(Utf8JsonWriter writer, IEnumerable<AppMetrics> apps)
    {
        writer.WriteStartObject("apps");
        foreach (var app in apps.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            writer.WriteStartObject(app.Name);
            writer.WriteNumber("answered_by_model", app.AnswerCount(DefaultReason.None));
            writer.WriteStartObject("defaults");
            foreach (var reason in s_defaultReasons)
            {
                writer.WriteNumber(DefaultExplanations.TagOf(reason), app.AnswerCount(reason));
            }

            writer.WriteEndObject();
            writer.WriteStartObject("refused");
            for (var slot = 0; slot <= AppMetrics.Statuses.Length; slot++)
            {
                var name = slot < AppMetrics.Statuses.Length ? AppMetrics.Statuses[slot].ToString(CultureInfo.InvariantCulture) : AppMetrics.OtherStatus;
                writer.WriteNumber(name, app.RefusedCount(slot));
            }

            writer.WriteEndObject();
            WriteLatency(writer, app.Latency);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteLatency(Utf8JsonWriter writer, LatencyCounts latency)
    {
        // Read the buckets first: a request counted between the reads then shows in count but not yet in a bucket, never
        // the other way round, so the last bucket never exceeds count.
        var cumulative = latency.Cumulative();
        writer.WriteStartObject("latency_seconds");
        writer.WriteNumber("count", latency.Count);
        writer.WriteNumber("sum", latency.SumSeconds);
        writer.WriteStartArray("buckets");
        for (var i = 0; i < cumulative.Length; i++)
        {
            writer.WriteStartArray();
            if (i < MetricBuckets.Seconds.Length)
            {
                writer.WriteNumberValue(MetricBuckets.Seconds[i]);
            }
            else
            {
                // JSON has no infinity: the last bucket's bound is written as Prometheus writes it.
                writer.WriteStringValue("+Inf");
            }

            writer.WriteNumberValue(cumulative[i]);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
