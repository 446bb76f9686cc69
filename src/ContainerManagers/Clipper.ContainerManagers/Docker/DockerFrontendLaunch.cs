using Clipper.ModelRpc.Security;

namespace Clipper.ContainerManagers.Docker;

/// <summary>What every query frontend container of a cluster is started with; a scale-up reads it back from the first one.</summary>
/// <param name="Image">The image of the <c>clipper</c> command line.</param>
/// <param name="RedisInside">The Redis address as containers reach it.</param>
/// <param name="RedisFromHost">The Redis address as this machine reaches it (recorded as a label).</param>
/// <param name="ExtraHosts">The host names added to the containers (the engine's host, for a Redis on its loopback); null for none.</param>
/// <param name="MetricsConfig">The path of the cluster's metrics configuration (<see cref="MetricsConfigFile"/>) the first frontend is labelled with and a scale rewrites; null when the cluster's Prometheus carries it.</param>
/// <param name="JoinToken">The cluster's join token, copied into each frontend; null for a cluster started before join tokens (its frontends check none).</param>
/// <param name="RedisPassword">The Redis password, copied into each frontend; null when Redis has none.</param>
/// <param name="Tls">The certificate, key and CA copied into each frontend; null for plain HTTP and TCP.</param>
internal sealed record DockerFrontendLaunch(string Image, string RedisInside, string RedisFromHost, IList<string>? ExtraHosts, string? MetricsConfig, ClusterToken? JoinToken, string? RedisPassword, ContainerTls? Tls = null)
{
    /// <summary>No secret is shown.</summary>
    /// <returns>The image and the Redis address.</returns>
    public override string ToString() => $"{nameof(DockerFrontendLaunch)} {{ Image = {Image}, RedisInside = {RedisInside} }}";
}
