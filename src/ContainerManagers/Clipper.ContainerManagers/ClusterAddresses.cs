namespace Clipper.ContainerManagers;

/// <summary>Where a running cluster answers.</summary>
/// <param name="Query">The query frontend's HTTP base address (predictions), e.g. <c>http://127.0.0.1:1337</c>.</param>
/// <param name="Management">The management frontend's base address (<c>/admin/...</c>).</param>
/// <param name="Metrics">The metrics endpoint (<c>GET</c>), on the query frontend.</param>
/// <param name="RpcHost">The host that model replicas connect to.</param>
/// <param name="RpcPort">The query frontend's RPC port.</param>
/// <param name="Redis">The Redis address (<c>host:port</c>) holding the configuration.</param>
public sealed record ClusterAddresses(Uri Query, Uri Management, Uri Metrics, string RpcHost, int RpcPort, string Redis);
