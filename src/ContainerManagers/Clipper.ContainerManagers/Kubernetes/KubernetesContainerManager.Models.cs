using System.Net;
using System.Text.Json;
using Clipper.ContainerManagers.Docker;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clipper.ContainerManagers.Kubernetes;

public sealed partial class KubernetesContainerManager
{
    /// <inheritdoc />
    /// <remarks>
    /// A published folder is built into an image on this machine's Docker engine, as the Docker manager builds it
    /// (<c>[REGISTRY/]CLUSTER-NAME:VERSION</c>), and pushed when <see cref="KubernetesClusterOptions.Registry"/> is set;
    /// otherwise the image has to be brought to the nodes (for a local cluster: imported into its container runtime).
    /// </remarks>
    public async Task<ModelArtifact> PrepareModelAsync(ModelVersionId model, ModelArtifact built, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(built);
        if (built.GetPublishedEntryAssembly() is null)
        {
            return built;
        }

        var docker = new DockerContainerManager(new DockerClusterOptions { ClusterName = ClusterName, Registry = _options.Registry }) { Progress = Progress };
        return await docker.PrepareModelAsync(model, built, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One Deployment per version (<c>CLUSTER-NAME-VERSION</c>); a new image, command or environment replaces its pod template, which rolls its pods.</remarks>
    public async Task DeployModelAsync(ModelDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Replicas < 0)
        {
            throw new ContainerManagerException($"Cannot deploy {deployment.Model} with {deployment.Replicas} replicas; expected 0 or more.");
        }

        var artifact = deployment.Artifact.GetPublishedEntryAssembly() is null
            ? deployment.Artifact
            : await PrepareModelAsync(deployment.Model, deployment.Artifact, cancellationToken).ConfigureAwait(false);
        string? image;
        IList<string>? arguments;
        V1Probe? readiness = null;
        if (artifact.RunsClipper)
        {
            // The command line's image is the one the cluster's frontends run, unless this process names another.
            image = _options.ClipperImage;
            arguments = [.. artifact.Command];
            readiness = KubernetesObjects.ModelReadinessProbe();
        }
        else if (artifact.Image is { } given)
        {
            image = given;
            arguments = artifact.Command.Count == 0 ? null : [.. artifact.Command];
            readiness = artifact.HasReadinessProbe ? KubernetesObjects.ModelReadinessProbe() : null;
        }
        else
        {
            throw new ContainerManagerException(
                $"Model {deployment.Model.Name}:{deployment.Model.Version} names neither an image nor a published folder ({string.Join(' ', artifact.Command)}); "
                + "a Kubernetes deployment needs an image, a model built with `clipper deploy --project`, or an example model.");
        }

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
        var builtImageId = artifact.HasReadinessProbe && artifact.Image is { } built
            ? await new DockerContainerManager(new DockerClusterOptions()).TryGetImageIdAsync(built, cancellationToken).ConfigureAwait(false)
            : null;
        var name = KubernetesObjects.ModelDeploymentName(ClusterName, deployment.Model);
        await RunAsync(async client =>
        {
            // The RPC Service's cluster address: model pods need no cluster DNS to reach it.
            environment[ClipperEnvironment.FrontendHost] = await RpcAddressAsync(client, cancellationToken).ConfigureAwait(false);
            image ??= (await client.AppsV1.ReadNamespacedDeploymentAsync(QueryName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Spec.Template.Spec.Containers[0].Image;
            var container = KubernetesObjects.Container("model", image, arguments, null, readiness, environment);
            var recorded = KubernetesModelResources.FromAnnotation(await ReadAnnotationAsync(client, SettingsAnnotation, cancellationToken).ConfigureAwait(false));
            container.Resources = KubernetesObjects.Resources(_options.Cpus ?? recorded.Cpus, _options.MemoryBytes ?? recorded.MemoryBytes);
            var wanted = KubernetesObjects.Deployment(ClusterName, name, "model", container, deployment.Replicas, KubernetesLabels.OfModel(deployment.Model));
            if (builtImageId is not null)
            {
                // A version rebuilt under the same tag changes the template, so its pods roll; from a registry they pull again.
                wanted.Spec.Template.Metadata.Annotations = new Dictionary<string, string> { ["ai.clipper.image-id"] = builtImageId };
                container.ImagePullPolicy = _options.Registry is null ? "IfNotPresent" : "Always";
            }
            try
            {
                var current = await client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (current.Metadata.Labels is not { } labels || !labels.TryGetValue(KubernetesLabels.Cluster, out var owner) || owner != ClusterName
                    || !labels.TryGetValue(KubernetesLabels.Model, out var model) || model != deployment.Model.Name
                    || !labels.TryGetValue(KubernetesLabels.Version, out var version) || version != deployment.Model.Version)
                {
                    throw new ContainerManagerException($"Deployment {name} in namespace '{Namespace}' exists but is not {deployment.Model.Name}:{deployment.Model.Version} of cluster '{ClusterName}'; it was left alone.");
                }

                current.Spec.Template = wanted.Spec.Template;
                current.Spec.Replicas = deployment.Replicas;
                await client.AppsV1.ReplaceNamespacedDeploymentAsync(current, name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                await client.AppsV1.CreateNamespacedDeploymentAsync(wanted, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken = default) =>
        await RunAsync(async client =>
        {
            try
            {
                var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(KubernetesObjects.ModelDeploymentName(ClusterName, model), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                return deployment.Spec.Replicas ?? 0;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return 0;
            }
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task SetReplicaCountAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken = default)
    {
        if (replicas < 0)
        {
            throw new ContainerManagerException($"Cannot scale {model.Name}:{model.Version} to {replicas} replicas; expected 0 or more.");
        }

        await RunAsync(async client =>
        {
            var patch = new V1Patch(JsonSerializer.Serialize(new { spec = new { replicas } }), V1Patch.PatchType.MergePatch);
            try
            {
                await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, KubernetesObjects.ModelDeploymentName(ClusterName, model), Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ContainerManagerException($"Model {model.Name}:{model.Version} was never deployed on Kubernetes cluster '{ClusterName}' (or it was stopped); deploy it first.");
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Pods being deleted are left out; a pod whose container waits in CrashLoopBackOff is <see cref="ReplicaState.Restarting"/>.</remarks>
    public async Task<IReadOnlyList<ReplicaStatus>> GetReplicasAsync(ModelVersionId? model = null, CancellationToken cancellationToken = default) =>
        await RunAsync(async client =>
        {
            var selector = model is { } key ? KubernetesLabels.SelectorOf(ClusterName, key) : KubernetesLabels.Selector(ClusterName, "model");
            var pods = (await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
            var statuses = new List<ReplicaStatus>();
            foreach (var pod in pods)
            {
                if (pod.Metadata.DeletionTimestamp is not null
                    || !pod.Metadata.Labels.TryGetValue(KubernetesLabels.Model, out var modelName) || !pod.Metadata.Labels.TryGetValue(KubernetesLabels.Version, out var modelVersion))
                {
                    continue;
                }

                var version = new ModelVersionId(modelName, modelVersion);

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
                statuses.Add(new ReplicaStatus(IdOf(pod), version, state, container?.RestartCount ?? 0, exit, null));
            }

            statuses.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return (IReadOnlyList<ReplicaStatus>)statuses;
        }).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task StopModelsAsync(IReadOnlyCollection<ModelVersionId> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        await RunAsync(async client =>
        {
            foreach (var model in models)
            {
                await DeleteDeploymentAsync(client, KubernetesObjects.ModelDeploymentName(ClusterName, model), cancellationToken).ConfigureAwait(false);
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAllModelContainersAsync(CancellationToken cancellationToken = default) =>
        await RunAsync(async client =>
        {
            await DeleteDeploymentsAsync(client, KubernetesLabels.Selector(ClusterName, "model"), cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    /// <summary>An annotation of the management Deployment; null when it or the annotation is missing.</summary>
    private async Task<string?> ReadAnnotationAsync(IKubernetes client, string key, CancellationToken cancellationToken)
    {
        try
        {
            var management = await client.AppsV1.ReadNamespacedDeploymentAsync(ManagementName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return management.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The RPC Service's cluster address, which model pods connect to.</summary>
    private async Task<string> RpcAddressAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.CoreV1.ReadNamespacedServiceAsync(RpcServiceName, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Spec.ClusterIP;
        }
        catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw NotRunning();
        }
    }
}
