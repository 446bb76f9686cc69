using System.Text.Json;

namespace Clipper.Cli.Cluster;

/// <summary>
/// The replica records grouped by container: a container connected to several query frontends has one record per
/// frontend (each with its own replica id), and is one replica.
/// </summary>
internal static class ReplicaGroups
{
    /// <summary>One replica: its container and model version, and each frontend it is connected to.</summary>
    public sealed record Replica(string ContainerId, string ModelName, string ModelVersion, IReadOnlyList<Connection> Frontends)
    {
        /// <summary>The RPC protocol the container speaks: <c>modelrpc</c> (ours) or <c>clipper-zmq</c> (Clipper's own containers).</summary>
        public string Protocol { get; init; } = "modelrpc";
    }

    /// <summary>One connection of a replica: the frontend, the replica id that frontend gave it, its address as seen there, and since when.</summary>
    public sealed record Connection(string FrontendId, int ReplicaId, string Address, string ConnectedAt);

    /// <summary>Groups the records of <c>get_all_containers</c> (verbose) by model version and container id; records without a container id stay alone.</summary>
    public static IReadOnlyList<Replica> Group(JsonElement records)
    {
        var groups = new SortedDictionary<(string Model, string Version, string Container), List<Connection>>();
        var protocols = new Dictionary<(string Model, string Version, string Container), string>();
        var anonymous = 0;
        foreach (var record in records.EnumerateArray())
        {
            var container = record.GetProperty("container_id").GetString() ?? "";
            var key = (record.GetProperty("model_name").GetString()!, record.GetProperty("model_version").GetString()!, container.Length > 0 ? container : $"(unnamed {anonymous++})");
            if (!groups.TryGetValue(key, out var connections))
            {
                connections = [];
                groups[key] = connections;
                protocols[key] = record.TryGetProperty("protocol", out var protocol) ? protocol.GetString() ?? "modelrpc" : "modelrpc";
            }

            connections.Add(new Connection(
                record.GetProperty("frontend_id").GetString()!,
                record.GetProperty("model_replica_id").GetInt32(),
                record.GetProperty("address").GetString()!,
                record.GetProperty("connected_at").GetString()!));
        }

        return [.. groups.Select(g => new Replica(g.Key.Container, g.Key.Model, g.Key.Version, [.. g.Value.OrderBy(c => c.FrontendId, StringComparer.Ordinal)]) { Protocol = protocols[g.Key] })];
    }
}
