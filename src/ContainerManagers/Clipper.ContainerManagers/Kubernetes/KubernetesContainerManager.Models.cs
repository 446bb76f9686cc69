using Clipper.ContainerManagers.Images;
using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Kubernetes;

public sealed partial class KubernetesContainerManager
{
    /// <summary>Model images are built on this machine's Docker engine.</summary>
    private ImageBuilder ModelImages => new() { Progress = Progress };

    /// <inheritdoc />
    /// <remarks>
    /// A published folder is built into an image on this machine's Docker engine (<see cref="ImageBuilder"/>), as the Docker manager builds it
    /// (<c>[REGISTRY/]CLUSTER-NAME:VERSION</c>), and pushed when <see cref="KubernetesClusterOptions.Registry"/> is set;
    /// otherwise the image has to be brought to the nodes (for a local cluster: imported into its container runtime).
    /// </remarks>
    public async Task<ModelArtifact> PrepareModelAsync(ModelVersionId model, ModelArtifact built, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(built);
        if (built.RunsClipper && built.DataDirectory is { } data)
        {
            return await ModelImages.BuildClipperDataModelAsync(ClusterName, model, data, built.Command, _options.Registry, cancellationToken).ConfigureAwait(false);
        }

        if (built.Python is { } python)
        {
            return await ModelImages.BuildPythonModelAsync(ClusterName, model, python, _options.Registry, cancellationToken).ConfigureAwait(false);
        }

        if (built.GetPublishedEntryAssembly() is not { } entry)
        {
            return built;
        }

        return await ModelImages.BuildModelAsync(ClusterName, model, built.WorkingDirectory!, entry, _options.Registry, cancellationToken).ConfigureAwait(false);
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

        var artifact = !deployment.Artifact.NeedsImage
            ? deployment.Artifact
            : await PrepareModelAsync(deployment.Model, deployment.Artifact, cancellationToken).ConfigureAwait(false);
        string? image;
        IList<string>? arguments;
        bool readinessProbe;
        if (artifact.RunsClipper)
        {
            // The command line's image is the one the cluster's frontends run, unless this process names another.
            image = _options.ClipperImage;
            arguments = [.. artifact.Command];
            readinessProbe = true;
        }
        else if (artifact.Image is { } given)
        {
            image = given;
            arguments = artifact.Command.Count == 0 ? null : [.. artifact.Command];
            readinessProbe = artifact.HasReadinessProbe;
        }
        else
        {
            throw new ContainerManagerException(
                $"Model {deployment.Model.Name}:{deployment.Model.Version} names neither an image nor a published folder ({string.Join(' ', artifact.Command)}); "
                + "a Kubernetes deployment needs an image, a model built with `clipper deploy --project`, or an example model.");
        }

        var builtImageId = artifact.HasReadinessProbe && artifact.Image is { } built
            ? await ModelImages.TryGetImageIdAsync(built, cancellationToken).ConfigureAwait(false)
            : null;
        await RunAsync(cluster => cluster.ApplyModelAsync(deployment, image, arguments, readinessProbe ? KubernetesObjects.ModelReadinessProbe(artifact.ReadinessCommand) : null, builtImageId, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken = default) =>
        await RunAsync(cluster => cluster.GetReplicaCountAsync(model, cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task SetReplicaCountAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken = default)
    {
        if (replicas < 0)
        {
            throw new ContainerManagerException($"Cannot scale {model.Name}:{model.Version} to {replicas} replicas; expected 0 or more.");
        }

        await RunAsync(cluster => cluster.ScaleAsync(model, replicas, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Pods being deleted are left out; a pod whose container waits in CrashLoopBackOff is <see cref="ReplicaState.Restarting"/>.</remarks>
    public async Task<IReadOnlyList<ReplicaStatus>> GetReplicasAsync(ModelVersionId? model = null, CancellationToken cancellationToken = default) =>
        await RunAsync(cluster => cluster.GetReplicasAsync(model, cancellationToken)).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task StopModelsAsync(IReadOnlyCollection<ModelVersionId> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        await RunAsync(cluster => cluster.StopModelsAsync(models, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAllModelContainersAsync(CancellationToken cancellationToken = default) =>
        await RunAsync(cluster => cluster.StopModelsAsync(null, cancellationToken)).ConfigureAwait(false);
}
