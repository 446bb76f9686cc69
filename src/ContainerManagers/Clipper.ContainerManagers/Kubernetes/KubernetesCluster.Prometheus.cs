using System.Text;
using Clipper.ContainerManagers.Images;
using Clipper.ContainerManagers.Prometheus;
using k8s;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <content>
/// The cluster's Prometheus (<c>start --prometheus</c>): a Deployment of <see cref="KubernetesClusterOptions.PrometheusImage"/>
/// behind the ClusterIP Service <c>NAME-prometheus</c> (Prometheus asks no credential, so it is reachable inside the
/// cluster only; <c>kubectl port-forward svc/NAME-prometheus 9090</c> brings it to this machine). It finds the query
/// frontends through the management frontend's <c>GET /prometheus/targets</c> (HTTP service discovery: the pods' own
/// addresses from their leases in Redis, so scaled and restarted pods are followed, with no cluster DNS and no API
/// permission), and scrapes the management frontend by its Service address. Its configuration is the Secret
/// <c>NAME-prometheus</c>; the admin token and the CA come from the cluster's own Secrets, mounted owner-only.
/// </content>
internal sealed partial class KubernetesCluster
{
    private const string PrometheusConfigKey = "prometheus.yml";
    private const string PrometheusConfigPath = "/run/clipper/prometheus";
    private const string PrometheusTokenPath = "/run/clipper/admin";
    private const string PrometheusCaPath = "/run/clipper/tls";
    private const int PrometheusPort = PrometheusImage.Port;

    private string PrometheusName => ClusterName + "-prometheus";

    /// <summary>Creates the Secret, Service and Deployment of the cluster's Prometheus (not waiting for it).</summary>
    /// <param name="options">The start's options (the scrape interval).</param>
    /// <param name="managementAddress">The management Service's <c>host:port</c>.</param>
    /// <param name="https">Whether the frontends serve HTTPS.</param>
    /// <param name="adminToken">Whether the management frontend checks the admin token (its Secret exists).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    private async Task StartPrometheusAsync(ClusterStartOptions options, string managementAddress, bool https, bool adminToken, CancellationToken cancellationToken)
    {
        var image = _options.PrometheusImage
            ?? throw new InvalidOperationException("The manager checks PrometheusImage before a start with --prometheus.");
        var config = PrometheusConfigFor(options.PrometheusScrapeInterval, managementAddress, https, adminToken);
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = PrometheusName, Labels = KubernetesLabels.Of(ClusterName, "prometheus") },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { [PrometheusConfigKey] = Encoding.UTF8.GetBytes(config.Render()) },
        }, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);

        var container = KubernetesObjects.Container(
            "prometheus",
            image,
            [.. PrometheusServer.Arguments(PrometheusConfigPath + "/" + PrometheusConfigKey, PrometheusImage.DataDirectory, "0.0.0.0:" + Port(PrometheusPort), options.LogFormat)],
            PrometheusPort,
            KubernetesObjects.HttpProbe(PrometheusServer.ReadyPath, PrometheusPort));
        container.VolumeMounts = [Mount("config", PrometheusConfigPath), new V1VolumeMount { Name = "data", MountPath = PrometheusImage.DataDirectory }];
        List<V1Volume> volumes =
        [
            KubernetesObjects.OwnerOnlySecretVolume("config", PrometheusName, PrometheusConfigKey),
            new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() },
        ];
        if (adminToken)
        {
            container.VolumeMounts.Add(Mount("admin-token", PrometheusTokenPath));
            volumes.Add(KubernetesObjects.OwnerOnlySecretVolume("admin-token", AdminTokenSecretName, TokenKey));
        }

        if (https)
        {
            container.VolumeMounts.Add(Mount("tls-ca", PrometheusCaPath));
            volumes.Add(KubernetesObjects.OwnerOnlySecretVolume("tls-ca", TlsSecretName, TlsCaKey));
        }

        await _client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, PrometheusName, "prometheus", PrometheusName, "ClusterIP", ("http", PrometheusPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesObjects.Deployment(ClusterName, PrometheusName, "prometheus", container, 1, volumes: volumes), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Prometheus configuration of a cluster whose management Service is at <paramref name="managementAddress"/>.</summary>
    internal PrometheusConfig PrometheusConfigFor(TimeSpan interval, string managementAddress, bool https, bool adminToken)
    {
        var token = adminToken ? PrometheusTokenPath + "/" + TokenKey : null;
        var discovery = new Uri((https ? "https://" : "http://") + managementAddress + PrometheusServer.DiscoveryPath);
        return new PrometheusConfig(ClusterName, interval, [
            new PrometheusJob(PrometheusJob.QueryJob, new PrometheusTargets.Http(discovery, interval, token)),
            new PrometheusJob(PrometheusJob.ManagementJob, new PrometheusTargets.Static([managementAddress]), token),
        ])
        {
            Https = https,
            TlsCaFile = https ? PrometheusCaPath + "/" + TlsCaKey : null,

            // Pods are scraped by address; the certificate names the RPC Service (see TlsServerName), which it must carry.
            TlsServerName = https ? TlsServerName(ClusterName, Namespace) : null,
            Header = $"Prometheus of Kubernetes Clipper cluster '{ClusterName}' in namespace '{Namespace}' (Deployment {PrometheusName}); the query frontends come from the management frontend's {PrometheusServer.DiscoveryPath}.",
        };
    }

    private static V1VolumeMount Mount(string name, string path) => new() { Name = name, MountPath = path, ReadOnlyProperty = true };
}
