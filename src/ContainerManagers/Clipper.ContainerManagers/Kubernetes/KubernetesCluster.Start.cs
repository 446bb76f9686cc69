using System.Net;
using Clipper.ModelRpc.Security;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

internal sealed partial class KubernetesCluster
{
    /// <summary>
    /// Creates the cluster's objects and waits until its Deployments are ready and its frontends have addresses.
    /// The RPC Service is the claim on the name: of two starts at once, the second is refused before it made
    /// anything; a start that fails removes what it created.
    /// </summary>
    public async Task<ClusterAddresses> StartAsync(ClusterStartOptions options, ContainerTls? tls, string clipperImage, CancellationToken cancellationToken)
    {
        if (_options.CreateNamespace)
        {
            await IgnoreConflictAsync(() => _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var alreadyThere = new ContainerManagerException($"Cluster '{ClusterName}' already has objects in namespace '{Namespace}' (or is being started by another process); connect to it, or stop it with `clipper stop-all --manager kubernetes --cluster {ClusterName}`.");
        var existing = await _client.AppsV1.ListNamespacedDeploymentAsync(Namespace, labelSelector: KubernetesLabels.Selector(ClusterName), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing.Items.Count > 0)
        {
            throw alreadyThere;
        }

        try
        {
            await _client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, RpcServiceName, "query", QueryName, "ClusterIP", ("rpc", KubernetesObjects.RpcPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw alreadyThere;
        }

        try
        {
            if (_options.RoleForServiceAccount is { } account)
            {
                await IgnoreConflictAsync(() => _client.RbacAuthorizationV1.CreateNamespacedRoleAsync(KubernetesRole.Create(ClusterName, Namespace), Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await IgnoreConflictAsync(() => _client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(KubernetesRole.Binding(ClusterName, Namespace, account), Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            return await StartPartsAsync(options, tls, clipperImage, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing half-started is left; a failing clean-up does not hide why the start failed.
            try
            {
                await DeleteObjectsAsync(CancellationToken.None).ConfigureAwait(false);
                await EndPodsAsync(KubernetesLabels.Selector(ClusterName), TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception cleanup) when (cleanup is HttpOperationException or ContainerManagerException)
            {
                // The start's own failure is the one to report.
            }

            throw;
        }
    }

    private async Task<ClusterAddresses> StartPartsAsync(ClusterStartOptions options, ContainerTls? tls, string clipperImage, CancellationToken cancellationToken)
    {
        var serviceType = _options.ServiceType.ToString();
        // The Redis password (made now for the cluster's own Redis) goes in a Secret the frontends read as a variable.
        var redisPassword = options.RedisAddress is null ? ClusterToken.Create().Value : options.RedisPassword;
        if (redisPassword is not null)
        {
            await CreateRedisSecretAsync(redisPassword, withConfig: options.RedisAddress is null, cancellationToken).ConfigureAwait(false);
        }

        var redis = options.RedisAddress ?? await StartRedisAsync(cancellationToken).ConfigureAwait(false);
        if (tls is not null)
        {
            await CreateTlsSecretAsync(tls, cancellationToken).ConfigureAwait(false);
        }

        var management = ManagementContainer(clipperImage, redis);
        KubernetesLogFormat.AddToFrontend(management, options.LogFormat);
        if (redisPassword is not null)
        {
            management.Env.Add(RedisPasswordVariable());
        }

        if (options.InsecureAdmin)
        {
            management.Args.Add("--insecure-admin");
        }
        else
        {
            await CreateAdminTokenAsync(cancellationToken).ConfigureAwait(false);
            management.Env.Add(AdminTokenVariable());
        }

        List<V1Volume>? managementVolumes = tls is null ? null : [AddFrontendTls(management, TlsSecretName)];
        var managementService = await _client.CoreV1.CreateNamespacedServiceAsync(WithTlsLabel(KubernetesObjects.Service(ClusterName, ManagementName, "management", ManagementName, serviceType, ("http", KubernetesObjects.ManagementPort)), tls is not null), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        var managementDeployment = KubernetesObjects.Deployment(ClusterName, ManagementName, "management", management, 1, volumes: managementVolumes);
        managementDeployment.Metadata.Annotations = new Dictionary<string, string> { [SettingsAnnotation] = (KubernetesModelResources.From(_options) with { LogFormat = options.LogFormat }).ToAnnotation() };
        await _client.AppsV1.CreateNamespacedDeploymentAsync(managementDeployment, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);

        await CreateJoinTokenAsync(cancellationToken).ConfigureAwait(false);
        var queryContainer = KubernetesFrontend.Container(clipperImage, redis, grpc: options.GrpcPort is not null);
        KubernetesLogFormat.AddToFrontend(queryContainer, options.LogFormat);
        queryContainer.Env.Add(JoinTokenVariable());
        if (redisPassword is not null)
        {
            queryContainer.Env.Add(RedisPasswordVariable());
        }

        List<V1Volume>? queryVolumes = tls is null ? null : [AddFrontendTls(queryContainer, TlsSecretName)];
        var query = KubernetesObjects.Deployment(ClusterName, QueryName, "query", queryContainer, options.Frontends, volumes: queryVolumes);
        query.Spec.Template.Spec.TerminationGracePeriodSeconds = KubernetesFrontend.TerminationGracePeriodSeconds;
        var queryService = KubernetesFrontend.WithGrpc(WithTlsLabel(KubernetesObjects.Service(ClusterName, QueryName, "query", QueryName, serviceType, ("http", KubernetesObjects.QueryPort)), tls is not null), options.GrpcPort is not null, tls is not null);
        await _client.CoreV1.CreateNamespacedServiceAsync(queryService, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(query, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);

        List<string> parts = options.RedisAddress is null ? [RedisName, ManagementName, QueryName] : [ManagementName, QueryName];
        if (options.Prometheus)
        {
            await StartPrometheusAsync(options, $"{managementService.Spec.ClusterIP}:{Port(KubernetesObjects.ManagementPort)}", tls is not null, !options.InsecureAdmin, cancellationToken).ConfigureAwait(false);
            parts.Add(PrometheusName);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        foreach (var part in parts)
        {
            await WaitReadyAsync(part, options.StartTimeout, deadline.Token, cancellationToken).ConfigureAwait(false);
        }

        // A LoadBalancer's address comes after its pods are ready, when the provider assigned one.
        while (true)
        {
            if (await FindAsync(cancellationToken).ConfigureAwait(false) is { } addresses)
            {
                RequireClientNames(options, addresses, serviceType);
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

    /// <summary>Creates Redis's Service, Deployment and (with a storage class) claim; returns the address the frontends use.</summary>
    private async Task<string> StartRedisAsync(CancellationToken cancellationToken)
    {
        var redisImage = _options.RedisImage
            ?? throw new ContainerManagerException("A Kubernetes cluster that runs its own Redis needs RedisImage (--redis-image), or give --redis HOST:PORT.");
        // Reachable through a ClusterIP Service only, with the password from its Secret's configuration file.
        var arguments = new List<string> { RedisConfigMountPath + "/" + RedisConfigKey, "--protected-mode", "no", "--save", "", "--appendonly", _options.RedisStorageClass is null ? "no" : "yes" };
        List<V1Volume> volumes = [RedisConfigVolume()];
        var container = KubernetesObjects.Container("redis", redisImage, arguments, KubernetesObjects.RedisPort, KubernetesObjects.TcpProbe(KubernetesObjects.RedisPort));
        container.VolumeMounts = [new V1VolumeMount { Name = RedisConfigVolumeName, MountPath = RedisConfigMountPath, ReadOnlyProperty = true }];
        if (_options.RedisStorageClass is { } storageClass)
        {
            await _client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
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
            container.VolumeMounts.Add(new V1VolumeMount { Name = "data", MountPath = "/data" });
            volumes.Add(new V1Volume { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = RedisName } });
        }

        // Services first: the parts reach each other by the Services' cluster addresses, which need no cluster DNS.
        var redisService = await _client.CoreV1.CreateNamespacedServiceAsync(KubernetesObjects.Service(ClusterName, RedisName, "redis", RedisName, "ClusterIP", ("redis", KubernetesObjects.RedisPort)), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesObjects.Deployment(ClusterName, RedisName, "redis", container, 1, volumes: volumes), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return $"{redisService.Spec.ClusterIP}:{Port(KubernetesObjects.RedisPort)}";
    }

    /// <summary>The management frontend's container, probed on <c>/readyz</c> (Redis answers) and <c>/healthz</c>.</summary>
    internal static V1Container ManagementContainer(string clipperImage, string redis)
    {
        var management = KubernetesObjects.Container("management", clipperImage, ["management-frontend", "--redis", redis, "--port", Port(KubernetesObjects.ManagementPort)], KubernetesObjects.ManagementPort, null);
        KubernetesObjects.AddFrontendProbes(management, KubernetesObjects.ManagementPort);
        return management;
    }
}
