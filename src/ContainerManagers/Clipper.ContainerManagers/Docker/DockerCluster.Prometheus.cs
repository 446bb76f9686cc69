using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Images;
using Clipper.ContainerManagers.Networking;
using Clipper.ContainerManagers.Prometheus;
using Clipper.ModelRpc.Security;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <content>
/// The cluster's Prometheus (<c>start --prometheus</c>): a container of an image built here <c>FROM scratch</c>, on the
/// cluster's network, published on 127.0.0.1 only. It finds the query frontends by the network alias every one of them
/// carries (Docker's DNS answers one address per frontend, scaled ones included) and the management frontend by its
/// name. As in Clipper, the Prometheus container carries <see cref="DockerLabels.MetricPort"/> (its host port) and
/// <see cref="DockerLabels.MetricConfig"/> (its configuration, <see cref="MetricsConfigFile"/>).
/// </content>
internal sealed partial class DockerCluster
{
    private const string PrometheusConfigInside = "/run/clipper/prometheus.yml";

    /// <summary>The network alias every query frontend carries: its A records are the frontends Prometheus scrapes.</summary>
    private string QueryAlias => _cluster + "-query-frontends";

    /// <summary>The name of the Prometheus container.</summary>
    private string PrometheusContainer => _cluster + "-prometheus";

    /// <summary>Starts Prometheus, waits until it is ready, and returns its address on 127.0.0.1.</summary>
    private async Task<Uri> RunPrometheusAsync(ClusterStartOptions options, ContainerTls? tls, ClusterToken? adminToken, string image, DockerClusterSettings settings, ISet<int> taken, List<string> created, HttpClient http, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var port = PortPicker.Pick("Prometheus", options.PrometheusPort, PrometheusServer.DefaultPort, taken);
        var config = new PrometheusConfig(_cluster, options.PrometheusScrapeInterval, [
            new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Dns(QueryAlias, QueryPortInside, options.PrometheusScrapeInterval)),
            new PrometheusJob(PrometheusJob.ManagementJob, new PrometheusTargets.Static([_cluster + "-management:" + Inside(ManagementPortInside)]), adminToken is null ? null : AdminTokenInside),
        ])
        {
            Https = tls is not null,
            TlsCaFile = tls is null ? null : TlsCaInside,

            // The frontends' certificate names 127.0.0.1 (where clients reach them), not their addresses on the network.
            TlsServerName = tls is null ? null : "127.0.0.1",
            Header = $"Prometheus of Docker Clipper cluster '{_cluster}' (container {PrometheusContainer}), copied into it at start; the query frontends are the addresses of {QueryAlias}.",
        };
        var path = MetricsConfigFile.PathOf(_stateRoot, _cluster);
        MetricsConfigFile.Write(path, config);

        List<(string, string, UnixFileMode)> files = [(PrometheusConfigInside, config.Render(), UnixFileMode.UserRead)];
        if (adminToken is not null)
        {
            files.Add((AdminTokenInside, adminToken.Value, UnixFileMode.UserRead));
        }

        if (tls is not null)
        {
            files.Add((TlsCaInside, tls.CaPem, UnixFileMode.UserRead));
        }

        var labels = new Dictionary<string, string>
        {
            [DockerLabels.MetricPort] = Inside(port),
            [DockerLabels.MetricConfig] = path,
        };
        var id = await RunPartAsync(
            PrometheusContainer,
            image,
            [.. PrometheusServer.Arguments(PrometheusConfigInside, PrometheusImage.DataDirectory, "0.0.0.0:" + Inside(PrometheusImage.Port), settings.LogFormat)],
            DockerRoles.Prometheus,
            new() { [PrometheusImage.Port] = port },
            labels,
            settings,
            null,
            null,
            created,
            cancellationToken,
            beforeStart: (container, ct) => PutFilesAsync(container, files, ct)).ConfigureAwait(false);
        var address = PrometheusServer.OnLoopback(port);
        await WaitAsync(id, ct => HealthProbes.HttpAnswersAsync(http, new Uri(address, PrometheusServer.ReadyPath), ct), deadline, cancellationToken).ConfigureAwait(false);
        return address;
    }

    /// <summary>The address of the cluster's Prometheus from its container's label; null when it runs none.</summary>
    private static Uri? PrometheusAddressOf(IEnumerable<ContainerListResponse> containers)
    {
        foreach (var container in containers)
        {
            if (RoleOf(container) == DockerRoles.Prometheus && TryPort(container.Labels, DockerLabels.MetricPort, out var port))
            {
                return PrometheusServer.OnLoopback(port);
            }
        }

        return null;
    }
}
