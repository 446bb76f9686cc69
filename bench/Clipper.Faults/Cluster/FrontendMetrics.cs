using System.Text.Json;

namespace Clipper.Faults.Cluster;

/// <summary>The query frontend's <c>GET /metrics</c> at one moment: its counters and the containers connected to it.</summary>
/// <param name="Counters">Counters by name (<c>requeued_after_replica_lost</c>, <c>default:replica_lost</c>...).</param>
/// <param name="ContainerIds">The container id of every connected replica.</param>
internal sealed record FrontendMetrics(IReadOnlyDictionary<string, long> Counters, IReadOnlyList<string> ContainerIds)
{
    /// <summary>A counter, 0 when absent.</summary>
    public long Counter(string name) => Counters.GetValueOrDefault(name);

    /// <summary>Reads the document.</summary>
    public static FrontendMetrics Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counter in document.RootElement.GetProperty("counters").EnumerateObject())
        {
            counters[counter.Name] = counter.Value.GetInt64();
        }

        var ids = document.RootElement.GetProperty("replicas").EnumerateArray()
            .Select(r => r.GetProperty("container_id").GetString() ?? "")
            .ToList();
        return new FrontendMetrics(counters, ids);
    }
}
