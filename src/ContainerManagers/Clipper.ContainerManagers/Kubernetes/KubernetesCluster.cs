using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// The objects of one cluster in one namespace, through one API client: Redis, the management and the query
/// frontend as Deployments with Services, an RPC Service that model pods connect to, and one Deployment per
/// model version. Every object carries the cluster's label, which is how any process finds it again.
/// </summary>
internal sealed partial class KubernetesCluster
{
    /// <summary>On the management Deployment: the model containers' resources given at start, for every later process.</summary>
    private const string SettingsAnnotation = "ai.clipper.settings";

    private readonly IKubernetes _client;
    private readonly KubernetesClusterOptions _options;
    private readonly IProgress<string>? _progress;

    public KubernetesCluster(IKubernetes client, KubernetesClusterOptions options, IProgress<string>? progress)
    {
        _client = client;
        _options = options;
        _progress = progress;
    }

    private string ClusterName => _options.ClusterName;

    private string Namespace => _options.Namespace;

    private string RedisName => ClusterName + "-redis";

    private string ManagementName => ClusterName + "-management";

    private string QueryName => ClusterName + "-query";

    private string RpcServiceName => ClusterName + "-query-rpc";

    /// <summary>The failure of a call that needs the cluster when it does not run.</summary>
    public ContainerManagerException NotRunning() =>
        new($"No Kubernetes cluster named '{ClusterName}' runs in namespace '{Namespace}' (or its frontends have no address yet); start one with `clipper start --manager kubernetes --cluster {ClusterName}`.");

    /// <summary>The addresses: the frontends' Services (node address and node ports for NodePort), read from the objects; null when they have none yet.</summary>
    public async Task<ClusterAddresses?> FindAsync(CancellationToken cancellationToken)
    {
        var services = await _client.CoreV1.ListNamespacedServiceAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName), cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = services.Items.FirstOrDefault(s => s.Metadata.Name == QueryName);
        var management = services.Items.FirstOrDefault(s => s.Metadata.Name == ManagementName);
        if (query is null || management is null)
        {
            return null;
        }

        var queryPods = await ListPodsAsync("query", cancellationToken).ConfigureAwait(false);
        var nodeAddress = queryPods.Select(p => p.Status?.HostIP).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));
        var queryUri = ServiceAddress(query, nodeAddress);
        var managementUri = ServiceAddress(management, nodeAddress);
        if (queryUri is null || managementUri is null)
        {
            return null;
        }

        var rpc = services.Items.FirstOrDefault(s => s.Metadata.Name == RpcServiceName)?.Spec.ClusterIP ?? RpcServiceName;
        return new ClusterAddresses(queryUri, managementUri, new Uri(queryUri, "metrics"), rpc, KubernetesObjects.RpcPort, RedisArgumentOf(queryPods) ?? "")
        {
            AdminToken = await ReadAdminTokenAsync(cancellationToken).ConfigureAwait(false),
            TlsCaPath = ServesTls(query) ? await ClientCaPathAsync(cancellationToken).ConfigureAwait(false) : null,
            Prometheus = services.Items.FirstOrDefault(s => s.Metadata.Name == PrometheusName) is { } prometheus ? ServiceAddress(prometheus, nodeAddress) : null,
            Grpc = KubernetesFrontend.GrpcAddress(query, nodeAddress),
        };
    }

    private static Uri? ServiceAddress(V1Service service, string? nodeAddress) =>
        KubernetesObjects.Endpoint(service, service.Spec.Ports[0], nodeAddress) is { } endpoint
            ? new Uri($"{(ServesTls(service) ? "https" : "http")}://{endpoint}/")
            : null;

    private static string? RedisArgumentOf(IList<V1Pod> pods)
    {
        var arguments = pods.FirstOrDefault()?.Spec.Containers[0].Args;
        var index = arguments?.IndexOf("--redis") ?? -1;
        return index >= 0 && index + 1 < arguments!.Count ? arguments[index + 1] : null;
    }

    /// <summary>The cluster's pods (of one role when given), without those being deleted.</summary>
    private async Task<List<V1Pod>> ListPodsAsync(string? role, CancellationToken cancellationToken) =>
        [.. (await _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName, role), cancellationToken: cancellationToken).ConfigureAwait(false)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    /// <summary>The id the manager reports for a pod: its name without the cluster's prefix.</summary>
    private string IdOf(V1Pod pod) =>
        pod.Metadata.Name.StartsWith(ClusterName + "-", StringComparison.Ordinal) ? pod.Metadata.Name[(ClusterName.Length + 1)..] : pod.Metadata.Name;

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task IgnoreConflictAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // It exists already.
        }
    }

    private static async Task IgnoreNotFoundAsync<T>(Func<Task<T>> delete)
    {
        try
        {
            await delete().ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }
}
