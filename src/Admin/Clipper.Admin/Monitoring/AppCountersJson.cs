using System.Text.Json;

namespace Clipper.Admin.Monitoring;

/// <summary>
/// Reads the per-app counters a query frontend publishes (the <c>apps</c> object of its <c>/metrics</c> JSON and of its
/// lease, shown by <c>get_query_frontends</c>): <c>{"APP": {"answered_by_model": n, "defaults": {"REASON": n}, "refused":
/// {"STATUS": n}, "latency_seconds": {"count": n, "sum": s, "buckets": [[upper_bound, cumulative], ..., ["+Inf", count]]}}}</c>.
/// </summary>
public static class AppCountersJson
{
    /// <summary>The counters of each app in <paramref name="apps"/>, by app name.</summary>
    /// <param name="apps">The <c>apps</c> object.</param>
    /// <returns>The counters.</returns>
    /// <exception cref="FormatException">The object does not have the shape above; the message names the member.</exception>
    public static IReadOnlyDictionary<string, AppCounters> Read(JsonElement apps)
    {
        if (apps.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"'apps' is a JSON {apps.ValueKind}, expected an object of apps");
        }

        var result = new SortedDictionary<string, AppCounters>(StringComparer.Ordinal);
        foreach (var app in apps.EnumerateObject())
        {
            result[app.Name] = ReadApp(app.Name, app.Value);
        }

        return result;
    }

    /// <summary>The apps' counters summed over frontends.</summary>
    /// <param name="frontends">Each frontend's counters by app.</param>
    /// <returns>The cluster's counters by app.</returns>
    public static IReadOnlyDictionary<string, AppCounters> Sum(IEnumerable<IReadOnlyDictionary<string, AppCounters>> frontends)
    {
        ArgumentNullException.ThrowIfNull(frontends);
        var sum = new SortedDictionary<string, AppCounters>(StringComparer.Ordinal);
        foreach (var frontend in frontends)
        {
            foreach (var (app, counters) in frontend)
            {
                sum[app] = sum.TryGetValue(app, out var total) ? total.Add(counters) : counters;
            }
        }

        return sum;
    }

    private static AppCounters ReadApp(string app, JsonElement value)
    {
        try
        {
            var latency = value.GetProperty("latency_seconds");
            var bounds = new List<double>();
            var cumulative = new List<long>();
            foreach (var bucket in latency.GetProperty("buckets").EnumerateArray())
            {
                // The last bucket's bound is "+Inf" (JSON has no infinity): its count is the total, read from "count".
                if (bucket[0].ValueKind == JsonValueKind.String && bucket[0].GetString() == "+Inf")
                {
                    continue;
                }

                bounds.Add(bucket[0].GetDouble());
                cumulative.Add(bucket[1].GetInt64());
            }

            return new AppCounters(
                value.GetProperty("answered_by_model").GetInt64(),
                ReadCounts(value, "defaults"),
                ReadCounts(value, "refused"),
                new LatencyHistogram(bounds, cumulative, latency.GetProperty("count").GetInt64(), latency.GetProperty("sum").GetDouble()));
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            throw new FormatException($"The counters of app '{app}' are not of the expected shape ({ex.Message}): {value.GetRawText()}", ex);
        }
    }

    private static SortedDictionary<string, long> ReadCounts(JsonElement app, string name)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        if (app.TryGetProperty(name, out var members))
        {
            foreach (var member in members.EnumerateObject())
            {
                counts[member.Name] = member.Value.GetInt64();
            }
        }

        return counts;
    }
}
