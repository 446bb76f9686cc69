namespace Clipper.Admin.Connection;

/// <summary>A live query frontend, as the management API reports it (<c>POST /admin/get_query_frontends</c>).</summary>
/// <param name="Id">The frontend's id, unique in the cluster.</param>
/// <param name="RpcAddress">Where model containers reach its RPC port, <c>host:port</c>.</param>
/// <param name="HttpAddress">Its own HTTP base address (predictions, <c>GET /metrics</c>).</param>
/// <param name="StartedAt">When it started serving.</param>
/// <param name="Replicas">The number of replicas connected to it, by model version (<c>name:version</c>).</param>
public sealed record QueryFrontendInfo(string Id, string RpcAddress, Uri HttpAddress, DateTimeOffset StartedAt, IReadOnlyDictionary<string, int> Replicas)
{
    /// <summary>The model containers it refused most recently (address, protocol, model and reason), newest first.</summary>
    public IReadOnlyList<Clipper.Configuration.RefusedContainerRecord> RefusedContainers { get; init; } = [];

    /// <summary>
    /// Each app's counters on this frontend since it started (as of its last lease renewal, about a second ago); empty from a
    /// frontend that does not publish them.
    /// </summary>
    public IReadOnlyDictionary<string, Clipper.Admin.Monitoring.AppCounters> Apps { get; init; } = new Dictionary<string, Clipper.Admin.Monitoring.AppCounters>();
}
