using System.Net;
using System.Text.Json;
using Clipper.ContainerManagers.Images;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

internal sealed partial class KubernetesCluster
{
    /// <summary>
    /// Creates a model version's Deployment, or replaces its pod template and replica count (which rolls its pods).
    /// Its pods get Clipper's variables, with the RPC Service's cluster address as the frontend's host (no cluster
    /// DNS needed); the resources are this process's, else those recorded at start.
    /// </summary>
    /// <param name="deployment">The version, its replicas, input type and environment.</param>
    /// <param name="image">The image; null for the frontends' image (it has the <c>clipper</c> command line).</param>
    /// <param name="arguments">The container's arguments; null for the image's own command.</param>
    /// <param name="readinessProbe">The readiness probe of an image the managers built (<see cref="KubernetesObjects.ModelReadinessProbe"/>); null for none.</param>
    /// <param name="builtImageId">The id of an image built on this machine under a tag that may be reused; null otherwise.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public async Task ApplyModelAsync(ModelDeployment deployment, string? image, IList<string>? arguments, V1Probe? readinessProbe, string? builtImageId, CancellationToken cancellationToken)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, value) in deployment.Environment)
        {
            environment[variable] = value;
        }

        environment[ClipperEnvironment.ModelName] = deployment.Model.Name;
        environment[ClipperEnvironment.ModelVersion] = deployment.Model.Version;
        environment[ClipperEnvironment.FrontendPort] = Port(KubernetesObjects.RpcPort);
        environment[ClipperEnvironment.InputType] = deployment.InputType;
        environment[ClipperEnvironment.ReadyFile] = ApplicationImage.ReadyFile;
        environment[ClipperEnvironment.FrontendHost] = await RpcAddressAsync(cancellationToken).ConfigureAwait(false);
        var recorded = KubernetesModelResources.FromAnnotation(await ReadAnnotationAsync(SettingsAnnotation, cancellationToken).ConfigureAwait(false));
        KubernetesLogFormat.AddToModel(environment, recorded.LogFormat);
        var query = await ReadQueryDeploymentAsync(cancellationToken).ConfigureAwait(false);
        image ??= query.Spec.Template.Spec.Containers[0].Image;
        var container = KubernetesObjects.Container("model", image, arguments, null, readinessProbe, environment);
        container.Env.Add(JoinTokenVariable());
        List<V1Volume>? volumes = ServesTls(query) ? [AddModelTls(container, TlsSecretName, TlsServerName(ClusterName, Namespace))] : null;
        var name = KubernetesObjects.ModelDeploymentName(ClusterName, deployment.Model);
        container.Resources = KubernetesObjects.Resources(_options.Cpus ?? recorded.Cpus, _options.MemoryBytes ?? recorded.MemoryBytes);
        KubernetesObjects.AddGpus(container, deployment.Gpus);
        var wanted = KubernetesObjects.Deployment(ClusterName, name, "model", container, deployment.Replicas, KubernetesLabels.OfModel(deployment.Model), volumes);
        if (builtImageId is not null)
        {
            // A version rebuilt under the same tag changes the template, so its pods roll; from a registry they pull again.
            wanted.Spec.Template.Metadata.Annotations = new Dictionary<string, string> { ["ai.clipper.image-id"] = builtImageId };
            container.ImagePullPolicy = _options.Registry is null ? "IfNotPresent" : "Always";
        }

        try
        {
            var current = await _client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (current.Metadata.Labels is not { } labels || !labels.TryGetValue(KubernetesLabels.Cluster, out var owner) || owner != ClusterName
                || !labels.TryGetValue(KubernetesLabels.Model, out var model) || model != deployment.Model.Name
                || !labels.TryGetValue(KubernetesLabels.Version, out var version) || version != deployment.Model.Version)
            {
                throw new ContainerManagerException($"Deployment {name} in namespace '{Namespace}' exists but is not {deployment.Model.Name}:{deployment.Model.Version} of cluster '{ClusterName}'; it was left alone.");
            }

            current.Spec.Template = wanted.Spec.Template;
            current.Spec.Replicas = deployment.Replicas;
            await _client.AppsV1.ReplaceNamespacedDeploymentAsync(current, name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            await _client.AppsV1.CreateNamespacedDeploymentAsync(wanted, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The replicas a version's Deployment asks for; 0 when it has none.</summary>
    public async Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken)
    {
        try
        {
            var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(KubernetesObjects.ModelDeploymentName(ClusterName, model), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return deployment.Spec.Replicas ?? 0;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }
    }

    /// <summary>Scales a version's Deployment through its scale subresource.</summary>
    public async Task ScaleAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(JsonSerializer.Serialize(new { spec = new { replicas } }), V1Patch.PatchType.MergePatch);
        try
        {
            await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, KubernetesObjects.ModelDeploymentName(ClusterName, model), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ContainerManagerException($"Model {model.Name}:{model.Version} was never deployed on Kubernetes cluster '{ClusterName}' (or it was stopped); deploy it first.");
        }
    }

    /// <summary>Why a pod does not run yet: no node can take it (the scheduler's message), or its container waits (the reason and message).</summary>
    private static string? DetailOf(V1Pod pod, V1ContainerStatus? container)
    {
        foreach (var condition in pod.Status?.Conditions ?? [])
        {
            if (condition.Type == "PodScheduled" && condition.Status == "False")
            {
                return $"not scheduled ({condition.Reason}): {condition.Message}";
            }
        }

        return container?.State?.Waiting is { Reason: { } reason } waiting && reason != "ContainerCreating"
            ? $"waiting ({reason}){(string.IsNullOrEmpty(waiting.Message) ? "" : ": " + waiting.Message)}"
            : null;
    }

    /// <summary>The model pods (of one version when given), sorted by id; pods being deleted are left out.</summary>
    public async Task<IReadOnlyList<ReplicaStatus>> GetReplicasAsync(ModelVersionId? model, CancellationToken cancellationToken)
    {
        var selector = model is { } key ? KubernetesLabels.SelectorOf(ClusterName, key) : KubernetesLabels.Selector(ClusterName, "model");
        var pods = (await _client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        var statuses = new List<ReplicaStatus>();
        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null
                || !pod.Metadata.Labels.TryGetValue(KubernetesLabels.Model, out var modelName) || !pod.Metadata.Labels.TryGetValue(KubernetesLabels.Version, out var modelVersion))
            {
                continue;
            }

            var container = pod.Status?.ContainerStatuses?.FirstOrDefault();
            var state = pod.Status?.Phase switch
            {
                _ when container?.State?.Waiting?.Reason is "CrashLoopBackOff" => ReplicaState.Restarting,
                _ when container?.State?.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff" or "ErrImageNeverPull" or "InvalidImageName" or "CreateContainerConfigError" => ReplicaState.Failed,
                "Running" => container?.Ready == true ? ReplicaState.Running : ReplicaState.Starting,
                "Failed" => ReplicaState.Failed,
                "Succeeded" => ReplicaState.Stopped,
                _ => ReplicaState.Starting,
            };
            var exit = container?.State?.Terminated?.ExitCode ?? container?.LastState?.Terminated?.ExitCode;
            statuses.Add(new ReplicaStatus(IdOf(pod), new ModelVersionId(modelName, modelVersion), state, container?.RestartCount ?? 0, exit, null) { Detail = DetailOf(pod, container) });
        }

        statuses.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return statuses;
    }

    /// <summary>Deletes the Deployments of the versions given, or of every version when null.</summary>
    public async Task StopModelsAsync(IReadOnlyCollection<ModelVersionId>? models, CancellationToken cancellationToken)
    {
        if (models is null)
        {
            await DeleteDeploymentsAsync(KubernetesLabels.Selector(ClusterName, "model"), cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var model in models)
        {
            await DeleteDeploymentAsync(KubernetesObjects.ModelDeploymentName(ClusterName, model), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An annotation of the management Deployment; null when it or the annotation is missing.</summary>
    private async Task<string?> ReadAnnotationAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var management = await _client.AppsV1.ReadNamespacedDeploymentAsync(ManagementName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return management.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The query frontends' Deployment: their image and whether they serve TLS.</summary>
    private async Task<V1Deployment> ReadQueryDeploymentAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.AppsV1.ReadNamespacedDeploymentAsync(QueryName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw NotRunning();
        }
    }

    /// <summary>The RPC Service's cluster address, which model pods connect to.</summary>
    private async Task<string> RpcAddressAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.CoreV1.ReadNamespacedServiceAsync(RpcServiceName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Spec.ClusterIP;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw NotRunning();
        }
    }
}
