using System.Text.Json.Serialization;
using Clipper.ModelRpc.Security;

namespace Clipper.ContainerManagers;

/// <summary>Where a running cluster answers.</summary>
/// <param name="Query">The query frontend's HTTP base address (predictions), e.g. <c>http://127.0.0.1:1337</c>.</param>
/// <param name="Management">The management frontend's base address (<c>/admin/...</c>).</param>
/// <param name="Metrics">The metrics endpoint (<c>GET</c>), on the query frontend.</param>
/// <param name="RpcHost">The host that model replicas connect to.</param>
/// <param name="RpcPort">The query frontend's RPC port.</param>
/// <param name="Redis">The Redis address (<c>host:port</c>) holding the configuration.</param>
public sealed record ClusterAddresses(Uri Query, Uri Management, Uri Metrics, string RpcHost, int RpcPort, string Redis)
{
    /// <summary>
    /// The cluster's admin token, found by the manager where it keeps it (the local cluster's state, a root-only file for
    /// Docker, a Secret on Kubernetes); <see langword="null"/> for a cluster that has none. It prints as a placeholder.
    /// </summary>
    [JsonIgnore]
    public ClusterToken? AdminToken { get; init; }

    /// <summary>
    /// The PEM file of the CA that the frontends' TLS certificates chain to, recorded by a manager that started them with
    /// TLS, so that clients verify them without being told; <see langword="null"/> for plain frontends, or for
    /// certificates this machine's CA store trusts.
    /// </summary>
    public string? TlsCaPath { get; init; }

    /// <summary>
    /// The gRPC address (<c>host:port</c>; the Open Inference Protocol over HTTP/2): the first query frontend's on the local
    /// and Docker managers, the query Service's on Kubernetes; null when the cluster serves no gRPC.
    /// </summary>
    public string? Grpc { get; init; }

    /// <summary>
    /// The base address of the Prometheus server the cluster runs (started with <see cref="ClusterStartOptions.Prometheus"/>),
    /// e.g. <c>http://127.0.0.1:9090</c>, whose <c>/api/v1/query</c> answers the frontends' series; null when it runs none.
    /// </summary>
    public Uri? Prometheus { get; init; }

    /// <summary>The addresses of frontends published on this machine's loopback ports; metrics are served by the query frontend.</summary>
    /// <param name="queryPort">The query frontend's HTTP port on 127.0.0.1.</param>
    /// <param name="managementPort">The management frontend's port on 127.0.0.1.</param>
    /// <param name="rpcHost">The host model replicas connect to.</param>
    /// <param name="rpcPort">The RPC port on that host.</param>
    /// <param name="redis">The Redis address.</param>
    /// <param name="https">Whether the frontends serve HTTPS.</param>
    /// <returns>The addresses.</returns>
    public static ClusterAddresses OnLoopback(int queryPort, int managementPort, string rpcHost, int rpcPort, string redis, bool https = false) => new(
        new Uri($"{Scheme(https)}://127.0.0.1:{queryPort}"),
        new Uri($"{Scheme(https)}://127.0.0.1:{managementPort}"),
        new Uri($"{Scheme(https)}://127.0.0.1:{queryPort}/metrics"),
        rpcHost,
        rpcPort,
        redis);

    private static string Scheme(bool https) => https ? "https" : "http";
}
