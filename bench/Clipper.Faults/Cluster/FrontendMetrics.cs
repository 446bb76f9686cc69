using System.Text.Json;

namespace Clipper.Faults.Cluster;

/// <summary>The query frontend's <c>GET /metrics</c> at one moment: its counters and the containers connected to it.</summary>
/// <param name="Counters">Counters by name (<c>requeued_after_replica_lost</c>, <c>default:replica_lost</c>...).</param>
/// <param name="ContainerIds">The container id of every connected replica.</param>
/// <param name="Answered">Queries each connected replica answered, by container id (host name and pid, for the example model).</param>
internal sealed record FrontendMetrics(IReadOnlyDictionary<string, long> Counters, IReadOnlyList<string> ContainerIds, IReadOnlyDictionary<string, long> Answered)
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

        var ids = new List<string>();
        var answered = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var replica in document.RootElement.GetProperty("replicas").EnumerateArray())
        {
            var id = replica.GetProperty("container_id").GetString() ?? "";
            ids.Add(id);
            answered[id] = answered.GetValueOrDefault(id) + replica.GetProperty("answered").GetInt64();
        }

        return new FrontendMetrics(counters, ids, answered);
    }
}
