using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

/// <summary>
/// Runs a cluster on Kubernetes through <c>apps/v1</c> and <c>v1</c> only: Redis (unless an address is given;
/// with a PersistentVolumeClaim when a storage class is), the management and the query frontend as
/// Deployments with Services (the frontends' of <see cref="KubernetesClusterOptions.ServiceType"/>, an RPC
/// Service that model pods connect to), and one Deployment per model version, scaled through its scale
/// subresource. Every object is labelled with the cluster's name, which is how any process finds it again.
/// </summary>
public sealed partial class KubernetesContainerManager : IContainerManager
{
    private readonly KubernetesClusterOptions _options;

    /// <summary>A manager for the cluster <paramref name="options"/> names.</summary>
    /// <exception cref="ContainerManagerException">An option is invalid.</exception>
    public KubernetesContainerManager(KubernetesClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string ClusterName => _options.ClusterName;

    /// <inheritdoc />
    public string Kind => "kubernetes";

    /// <summary>Receives one line per slow step; null for none.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>On the management Deployment: the model containers' resources given at start, for every later process.</summary>
    private const string SettingsAnnotation = "ai.clipper.settings";

    private string Namespace => _options.Namespace;

    private string RedisName => ClusterName + "-redis";

    private string ManagementName => ClusterName + "-management";

    private string QueryName => ClusterName + "-query";

    private string RpcServiceName => ClusterName + "-query-rpc";

    /// <inheritdoc />
    public async Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clipperImage = _options.ClipperImage
            ?? throw new ContainerManagerException("A Kubernetes cluster needs ClipperImage (--clipper-image): an image of the clipper command line that the nodes can pull or have.");
        return await RunAsync(async client =>
        {
            if (_options.CreateNamespace)
            {
                await IgnoreConflictAsync(() => client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            var alreadyThere = new ContainerManagerException($"Cluster '{ClusterName}' already has objects in namespace '{Namespace}' (or is being started by another process); connect to it, or stop it with `clipper stop-all --manager kubernetes --cluster {ClusterName}`.");
            var existing = await client.AppsV1.ListNamespacedDeploymentAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.Items.Count > 0)
            {
                throw alreadyThere;
            }

            // The RPC Service is the claim on the name: of two starts at once, the second is refused before it made anything.
            try
            {
                await client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, RpcServiceName, "query", QueryName, "ClusterIP", ("rpc", KubernetesObjects.RpcPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
            {
                throw alreadyThere;
            }

            try
            {
                if (_options.RoleForServiceAccount is { } account)
                {
                    await IgnoreConflictAsync(() => client.RbacAuthorizationV1.CreateNamespacedRoleAsync(KubernetesRole.Create(ClusterName, Namespace), Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await IgnoreConflictAsync(() => client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(KubernetesRole.Binding(ClusterName, Namespace, account), Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                return await StartPartsAsync(client, options, clipperImage, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Nothing half-started is left; a failing clean-up does not hide why the start failed.
                try
                {
                    await DeleteClusterObjectsAsync(client, CancellationToken.None).ConfigureAwait(false);
                    await EndPodsAsync(client, KubernetesLabels.Selector(ClusterName), TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception cleanup) when (cleanup is HttpOperationException or ContainerManagerException)
                {
                    // The start's own failure is the one to report.
                }

                throw;
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ClusterAddresses> ConnectAsync(CancellationToken cancellationToken = default) =>
        await RunAsync(async client => await FindAddressesAsync(client, cancellationToken).ConfigureAwait(false) ?? throw NotRunning()).ConfigureAwait(false);

    private ContainerManagerException NotRunning() =>
        new($"No Kubernetes cluster named '{ClusterName}' runs in namespace '{Namespace}' (or its frontends have no address yet); start one with `clipper start --manager kubernetes --cluster {ClusterName}`.");

    /// <inheritdoc />
    /// <remarks>Every object with the cluster's label goes: Deployments, Services, the Redis claim, the Role. Pods end with their Deployments.</remarks>
    public async Task StopAllAsync(bool graceful = true, CancellationToken cancellationToken = default) =>
        await RunAsync(async client =>
        {
            await DeleteClusterObjectsAsync(client, CancellationToken.None).ConfigureAwait(false);
            await EndPodsAsync(client, KubernetesLabels.Selector(ClusterName), graceful ? TimeSpan.FromSeconds(60) : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <summary>
    /// Waits until no pod matches <paramref name="selector"/> (their Deployments are gone, so they are ending); pods
    /// still there after <paramref name="wait"/>, or when the wait is cancelled, are deleted at once, round after
    /// round, until the garbage collector has removed the ReplicaSets that would start them again (at most 60 s more).
    /// </summary>
    private async Task EndPodsAsync(IKubernetes client, string selector, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        var giveUp = DateTime.UtcNow + wait + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < giveUp)
        {
            var pods = (await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: selector, cancellationToken: CancellationToken.None).ConfigureAwait(false)).Items;
            if (pods.Count == 0)
            {
                return;
            }

            if (deadline.IsCancellationRequested)
            {
                foreach (var pod in pods)
                {
                    await IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, Namespace, new V1DeleteOptions { GracePeriodSeconds = 0 }, cancellationToken: CancellationToken.None)).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(500, deadline.IsCancellationRequested ? CancellationToken.None : deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The next round forces what is left.
            }
        }

        throw new ContainerManagerException($"Pods of cluster '{ClusterName}' in namespace '{Namespace}' were still there 60 s after they were deleted; `kubectl get pods -l {selector}` shows them.");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetLogTailAsync(string id, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await RunAsync(async client =>
        {
            var pods = await ListPodsAsync(client, null, cancellationToken).ConfigureAwait(false);
            var pod = pods.FirstOrDefault(p => p.Metadata.Name == ClusterName + "-" + id)
                ?? pods.FirstOrDefault(p => p.Metadata.Labels.TryGetValue(KubernetesLabels.Deployment, out var d) && d == ClusterName + "-" + id)
                ?? throw new ContainerManagerException($"Cluster '{ClusterName}' has no pod '{id}'; `clipper status --manager kubernetes` lists them.");
            return await TailAsync(client, pod.Metadata.Name, lines, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CollectLogsAsync(string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        return await RunAsync(async client =>
        {
            var written = new List<string>();
            foreach (var pod in await ListPodsAsync(client, null, cancellationToken).ConfigureAwait(false))
            {
                var path = Path.Combine(directory, IdOf(pod) + ".log");
                var lines = await TailAsync(client, pod.Metadata.Name, null, cancellationToken).ConfigureAwait(false);
                await File.WriteAllLinesAsync(path, lines, cancellationToken).ConfigureAwait(false);
                written.Add(path);
            }

            written.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)written;
        }).ConfigureAwait(false);
    }

    private async Task<ClusterAddresses> StartPartsAsync(IKubernetes client, ClusterStartOptions options, string clipperImage, CancellationToken cancellationToken)
    {
        var serviceType = _options.ServiceType.ToString();
        string redis;
        if (options.RedisAddress is { } given)
        {
            redis = given;
        }
        else
        {
            var redisImage = _options.RedisImage
                ?? throw new ContainerManagerException("A Kubernetes cluster that runs its own Redis needs RedisImage (--redis-image), or give --redis HOST:PORT.");
            var arguments = new List<string> { "--protected-mode", "no", "--save", "", "--appendonly", _options.RedisStorageClass is null ? "no" : "yes" };
            IList<V1Volume>? volumes = null;
            var container = KubernetesObjects.Container("redis", redisImage, arguments, KubernetesObjects.RedisPort, KubernetesObjects.TcpProbe(KubernetesObjects.RedisPort));
            if (_options.RedisStorageClass is { } storageClass)
            {
                await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
                {
                    Metadata = new V1ObjectMeta { Name = RedisName, Labels = KubernetesLabels.Of(ClusterName, "redis") },
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        StorageClassName = storageClass,
                        AccessModes = ["ReadWriteOnce"],
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity("1Gi") } },
                    },
                }, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                arguments.AddRange(["--dir", "/data"]);
                container.VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/data" }];
                volumes = [new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = RedisName } }];
            }

            // Services first: the parts reach each other by the Services' cluster addresses, which need no cluster DNS.
            var redisService = await client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, RedisName, "redis", RedisName, "ClusterIP", ("redis", KubernetesObjects.RedisPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesObjects.Deployment(ClusterName, RedisName, "redis", container, 1, volumes: volumes), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            redis = $"{redisService.Spec.ClusterIP}:{Port(KubernetesObjects.RedisPort)}";
        }

        var management = KubernetesObjects.Container("management", clipperImage, ["management-frontend", "--redis", redis, "--port", Port(KubernetesObjects.ManagementPort)], KubernetesObjects.ManagementPort, KubernetesObjects.HttpProbe("/admin/ping", KubernetesObjects.ManagementPort));
        await client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, ManagementName, "management", ManagementName, serviceType, ("http", KubernetesObjects.ManagementPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        var managementDeployment = KubernetesObjects.Deployment(ClusterName, ManagementName, "management", management, 1);
        managementDeployment.Metadata.Annotations = new Dictionary<string, string> { [SettingsAnnotation] = KubernetesModelResources.From(_options).ToAnnotation() };
        await client.AppsV1.CreateNamespacedDeploymentAsync(managementDeployment, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);

        var query = KubernetesObjects.Container("query", clipperImage, ["query-frontend", "--redis", redis, "--http-port", Port(KubernetesObjects.QueryPort), "--rpc-port", Port(KubernetesObjects.RpcPort)], KubernetesObjects.QueryPort, KubernetesObjects.HttpProbe("/metrics", KubernetesObjects.QueryPort));
        await client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, QueryName, "query", QueryName, serviceType, ("http", KubernetesObjects.QueryPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesObjects.Deployment(ClusterName, QueryName, "query", query, 1), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        var parts = options.RedisAddress is null ? new[] { RedisName, ManagementName, QueryName } : [ManagementName, QueryName];
        foreach (var part in parts)
        {
            await WaitReadyAsync(client, part, options.StartTimeout, deadline.Token, cancellationToken).ConfigureAwait(false);
        }

        // A LoadBalancer's address comes after its pods are ready, when the provider assigned one.
        while (true)
        {
            if (await FindAddressesAsync(client, cancellationToken).ConfigureAwait(false) is { } addresses)
            {
                return addresses;
            }

            try
            {
                await Task.Delay(500, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ContainerManagerException($"Cluster '{ClusterName}' started but its Services {QueryName} and {ManagementName} ({serviceType}) have no address after {options.StartTimeout.TotalSeconds:0} s: does the cluster provide load balancers?");
            }
        }
    }

    /// <summary>The addresses: the frontends' Services (node address and node ports for NodePort), read from the objects.</summary>
    private async Task<ClusterAddresses?> FindAddressesAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var services = await client.CoreV1.ListNamespacedServiceAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName), cancellationToken: cancellationToken).ConfigureAwait(false);
        var query = services.Items.FirstOrDefault(s => s.Metadata.Name == QueryName);
        var management = services.Items.FirstOrDefault(s => s.Metadata.Name == ManagementName);
        if (query is null || management is null)
        {
            return null;
        }

        var queryPods = await ListPodsAsync(client, "query", cancellationToken).ConfigureAwait(false);
        var nodeAddress = queryPods.Select(p => p.Status?.HostIP).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));
        var queryUri = ServiceAddress(query, nodeAddress);
        var managementUri = ServiceAddress(management, nodeAddress);
        if (queryUri is null || managementUri is null)
        {
            return null;
        }

        var rpc = services.Items.FirstOrDefault(s => s.Metadata.Name == RpcServiceName)?.Spec.ClusterIP ?? RpcServiceName;
        return new ClusterAddresses(queryUri, managementUri, new Uri(queryUri, "metrics"), rpc, KubernetesObjects.RpcPort, RedisArgumentOf(queryPods) ?? "");
    }

    private static Uri? ServiceAddress(V1Service service, string? nodeAddress)
    {
        var port = service.Spec.Ports[0];
        return service.Spec.Type switch
        {
            "NodePort" when nodeAddress is not null && port.NodePort is { } nodePort => new Uri($"http://{nodeAddress}:{Port(nodePort)}/"),
            "LoadBalancer" when service.Status?.LoadBalancer?.Ingress is [var ingress, ..] => new Uri($"http://{ingress.Ip ?? ingress.Hostname}:{Port(port.Port)}/"),
            "ClusterIP" => new Uri($"http://{service.Spec.ClusterIP}:{Port(port.Port)}/"),
            _ => null,
        };
    }

    private static string? RedisArgumentOf(IList<V1Pod> pods)
    {
        var arguments = pods.FirstOrDefault()?.Spec.Containers[0].Args;
        var index = arguments?.IndexOf("--redis") ?? -1;
        return index >= 0 && index + 1 < arguments!.Count ? arguments[index + 1] : null;
    }

    private async Task DeleteClusterObjectsAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var selector = KubernetesLabels.Selector(ClusterName);
        await DeleteDeploymentsAsync(client, selector, cancellationToken).ConfigureAwait(false);

        foreach (var service in (await client.CoreV1.ListNamespacedServiceAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await DeleteServiceAsync(client, service.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }

        foreach (var claim in (await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(claim.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        try
        {
            foreach (var binding in (await client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
            {
                await IgnoreNotFoundAsync(() => client.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(binding.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            foreach (var role in (await client.RbacAuthorizationV1.ListNamespacedRoleAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
            {
                await IgnoreNotFoundAsync(() => client.RbacAuthorizationV1.DeleteNamespacedRoleAsync(role.Metadata.Name, Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            // An account that may not touch Roles (the manager's own Role grants none) applied none either.
        }
    }

    /// <summary>Deletes the Deployments <paramref name="selector"/> matches; their pods are left to the garbage collector.</summary>
    private async Task DeleteDeploymentsAsync(IKubernetes client, string selector, CancellationToken cancellationToken)
    {
        foreach (var deployment in (await client.AppsV1.ListNamespacedDeploymentAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await DeleteDeploymentAsync(client, deployment.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a Deployment (gone already is fine); its pods are left to the garbage collector.</summary>
    private Task DeleteDeploymentAsync(IKubernetes client, string name, CancellationToken cancellationToken) =>
        IgnoreNotFoundAsync(() => client.AppsV1.DeleteNamespacedDeploymentAsync(name, Namespace, new V1DeleteOptions { PropagationPolicy = "Background" }, cancellationToken: cancellationToken));

    /// <summary>Deletes a Service. The client cannot read the Status some servers answer with and throws a JsonException although the delete succeeded.</summary>
    private async Task DeleteServiceAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedServiceAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            // Deleted; only the answer's shape was unexpected.
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    /// <summary>The cluster's pods (of one role when given), without those being deleted.</summary>
    private async Task<List<V1Pod>> ListPodsAsync(IKubernetes client, string? role, CancellationToken cancellationToken) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName, role), cancellationToken: cancellationToken).ConfigureAwait(false)).Items.Where(p => p.Metadata.DeletionTimestamp is null)];

    private async Task<IReadOnlyList<string>> TailAsync(IKubernetes client, string pod, int? lines, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod, Namespace, tailLines: lines, cancellationToken: cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // The container has not started yet (or is gone): no log to read.
            return [];
        }
    }

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
