using Clipper.ContainerManagers.Images;
using Clipper.ModelRpc.Protocol;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

public sealed partial class DockerContainerManager
{
    /// <inheritdoc />
    /// <remarks>
    /// A published folder becomes the image <c>[REGISTRY/]CLUSTER-NAME:VERSION</c> on top of the runtime image, with
    /// <c>CLIPPER_READY_FILE</c> and a health check that is healthy while the replica is connected; it is rebuilt
    /// only when the folder changed, and pushed when a registry is set.
    /// </remarks>
    public async Task<ModelArtifact> PrepareModelAsync(ModelVersionId model, ModelArtifact built, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(built);
        if (built.RunsClipper && built.DataDirectory is { } data)
        {
            return await RunAsync(async (docker, cluster) =>
            {
                var settings = (await cluster.FindSettingsAsync(cancellationToken).ConfigureAwait(false) ?? DockerClusterSettings.From(_options)).OverriddenBy(_options);
                var clipper = await cluster.EnsureClipperImageAsync(Progress, cancellationToken).ConfigureAwait(false);
                return await ClipperDataImage.BuildAsync(docker, clipper, _clipperDirectory, ClusterName, model, data, built.Command, settings.Registry, Progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        var entry = built.GetPublishedEntryAssembly();
        if (entry is null && built.Python is null)
        {
            return built;
        }

        return await RunAsync(async (docker, cluster) =>
        {
            var settings = (await cluster.FindSettingsAsync(cancellationToken).ConfigureAwait(false) ?? DockerClusterSettings.From(_options)).OverriddenBy(_options);
            if (built.Python is { } python)
            {
                return await PythonModelImage.BuildAsync(docker, ClusterName, model, python, settings.Registry, Progress, cancellationToken).ConfigureAwait(false);
            }

            return await ModelImage.BuildAsync(docker, ClusterName, model, built.WorkingDirectory!, entry!, settings.Registry, Progress, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// An image is pulled when the engine lacks it; a published folder is built into an image first
    /// (<see cref="PrepareModelAsync"/>); the <c>clipper</c> command line runs in the frontends' image. When the
    /// version already runs with another image, command or environment, its replicas are replaced.
    /// </remarks>
    public async Task DeployModelAsync(ModelDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Replicas < 0)
        {
            throw new ContainerManagerException($"Cannot deploy {deployment.Model} with {deployment.Replicas} replicas; expected 0 or more.");
        }

        var artifact = deployment.Artifact;
        if (artifact.NeedsImage)
        {
            artifact = await PrepareModelAsync(deployment.Model, artifact, cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(async (docker, cluster) =>
        {
            var settings = await SettingsAsync(cluster, cancellationToken).ConfigureAwait(false);
            string image;
            IReadOnlyList<string>? command;
            if (artifact.RunsClipper)
            {
                image = await cluster.EnsureClipperImageAsync(Progress, cancellationToken).ConfigureAwait(false);
                command = artifact.Command;
            }
            else if (artifact.Image is { } given)
            {
                await DockerRegistry.EnsurePulledAsync(docker, given, Progress, cancellationToken).ConfigureAwait(false);
                image = given;
                command = artifact.Command.Count == 0 ? null : artifact.Command;
            }
            else
            {
                throw new ContainerManagerException(
                    $"Model {deployment.Model.Name}:{deployment.Model.Version} names neither an image nor a published folder ({string.Join(' ', artifact.Command)}); "
                    + "a Docker deployment needs an image, a model built with `clipper deploy --project` (BuildModelAsync), or an example model.");
            }

            var imageId = (await docker.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)).ID;
            var spec = ReplicaSpec.Create(image, imageId, command, deployment.InputType, deployment.Environment, healthCheck: artifact.RunsClipper, deployment.Gpus);
            var previous = await cluster.FindSpecAsync(deployment.Model, cancellationToken).ConfigureAwait(false);
            if (previous is null || previous.ToLabel() != spec.ToLabel())
            {
                // A new image, command or environment for the version: its replicas are replaced, not kept on the old one.
                await cluster.RemoveModelsAsync([deployment.Model], cancellationToken).ConfigureAwait(false);
                await cluster.SaveSpecAsync(deployment.Model, spec, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await ScaleAsync(cluster, deployment.Model, spec, deployment.Replicas, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (ContainerManagerException failure) when (spec.Gpus > 0)
            {
                throw new ContainerManagerException(
                    $"{failure.Message} (each replica of {deployment.Model} asks the engine for {spec.Gpus} GPU(s): the Docker host needs GPUs and a driver that offers them to containers, such as NVIDIA's container toolkit)",
                    failure);
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async (_, cluster) => (await cluster.ListReplicasAsync(model, cancellationToken).ConfigureAwait(false)).Count).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SetReplicaCountAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken = default)
    {
        if (replicas < 0)
        {
            throw new ContainerManagerException($"Cannot scale {model.Name}:{model.Version} to {replicas} replicas; expected 0 or more.");
        }

        await RunAsync(async (_, cluster) =>
        {
            var settings = await SettingsAsync(cluster, cancellationToken).ConfigureAwait(false);
            var spec = await cluster.FindSpecAsync(model, cancellationToken).ConfigureAwait(false)
                ?? throw new ContainerManagerException($"Model {model.Name}:{model.Version} was never deployed on Docker cluster '{ClusterName}' (or it was stopped); deploy it first.");
            await ScaleAsync(cluster, model, spec, replicas, settings, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A running replica whose health check has not passed yet (it has not connected) is <see cref="ReplicaState.Starting"/>;
    /// restarts are the engine's restart count (the restart policy is <c>unless-stopped</c>).
    /// </remarks>
    public async Task<IReadOnlyList<ReplicaStatus>> GetReplicasAsync(ModelVersionId? model = null, CancellationToken cancellationToken = default)
    {
        return await RunAsync(async (_, cluster) =>
        {
            var statuses = new List<ReplicaStatus>();
            foreach (var container in await cluster.ListReplicasAsync(model, cancellationToken).ConfigureAwait(false))
            {
                if (await cluster.InspectAsync(container.ID, cancellationToken).ConfigureAwait(false) is not { } inspect
                    || !container.Labels.TryGetValue(DockerLabels.ModelContainer, out var key)
                    || ModelVersionId.TryParseLabel(key) is not { } version)
                {
                    continue;
                }

                var state = inspect.State;
                var replicaState = state.Restarting ? ReplicaState.Restarting
                    : state.Running ? (state.Health is { Status: not "healthy" } ? ReplicaState.Starting : ReplicaState.Running)
                    : state.Status == "created" ? ReplicaState.Starting
                    : state.ExitCode == 0 ? ReplicaState.Stopped : ReplicaState.Failed;
                statuses.Add(new ReplicaStatus(
                    cluster.IdOf(container),
                    version,
                    replicaState,
                    (int)inspect.RestartCount,
                    await cluster.LastExitCodeAsync(inspect, cancellationToken).ConfigureAwait(false),
                    state.Running && state.Pid > 0 ? (int)state.Pid : null));
            }

            statuses.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            return (IReadOnlyList<ReplicaStatus>)statuses;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopModelsAsync(IReadOnlyCollection<ModelVersionId> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        await RunAsync((_, cluster) => cluster.RemoveModelsAsync(models, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAllModelContainersAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync((_, cluster) => cluster.RemoveModelsAsync(null, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts replicas at the lowest free indices, or stops those at the highest, until <paramref name="replicas"/> run.
    /// Replicas that exited for good (the engine does not restart a container stopped or killed by hand) are replaced.
    /// </summary>
    private static async Task ScaleAsync(DockerCluster cluster, ModelVersionId model, ReplicaSpec spec, int replicas, DockerClusterSettings settings, CancellationToken cancellationToken)
    {
        var existing = await cluster.ListReplicasAsync(model, cancellationToken).ConfigureAwait(false);
        var byIndex = new SortedList<int, ContainerListResponse>();
        foreach (var container in existing)
        {
            if (container.State is "exited" or "dead" or "created")
            {
                // Killed (`docker kill` is not restarted by the restart policy), stopped by hand, or never started: replaced below.
                await cluster.RemoveAsync(container.ID, graceful: false, cancellationToken).ConfigureAwait(false);
                continue;
            }

            byIndex[DockerCluster.ReplicaIndexOf(container)] = container;
        }

        if (byIndex.Count > replicas)
        {
            var removals = new List<Task>();
            for (var i = byIndex.Count - 1; i >= replicas; i--)
            {
                removals.Add(cluster.RemoveAsync(byIndex.Values[i].ID, graceful: true, cancellationToken));
            }

            await Task.WhenAll(removals).ConfigureAwait(false);
            return;
        }

        for (int index = 0, missing = replicas - byIndex.Count; missing > 0; index++)
        {
            if (!byIndex.ContainsKey(index))
            {
                await cluster.StartReplicaAsync(model, spec, index, settings, cancellationToken).ConfigureAwait(false);
                missing--;
            }
        }
    }

    private async Task<DockerClusterSettings> SettingsAsync(DockerCluster cluster, CancellationToken cancellationToken) =>
        (await cluster.FindSettingsAsync(cancellationToken).ConfigureAwait(false) ?? throw NotRunning()).OverriddenBy(_options);

}
