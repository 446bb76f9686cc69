using System.Globalization;
using Clipper.ContainerManagers.Images;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Serving;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

internal sealed partial class DockerCluster
{
    /// <summary>The replica's id as the manager reports it: its container name without the cluster's prefix.</summary>
    public string IdOf(ContainerListResponse container)
    {
        var name = container.Names.Count > 0 ? container.Names[0].TrimStart('/') : container.ID;
        return name.StartsWith(_cluster + "-", StringComparison.Ordinal) ? name[(_cluster.Length + 1)..] : name;
    }

    /// <summary>The container name of a part or replica id.</summary>
    public string ContainerNameOf(string id) => _cluster + "-" + id;

    /// <summary>The recorded deployment of a model version; null when it was never deployed (or was stopped).</summary>
    public async Task<ReplicaSpec?> FindSpecAsync(ModelVersionId model, CancellationToken cancellationToken)
    {
        foreach (var container in await ListModelContainersAsync(model, DockerRoles.ModelSpec, cancellationToken).ConfigureAwait(false))
        {
            return ReplicaSpec.FromLabel(container.Labels.TryGetValue(DockerLabels.Deployment, out var label) ? label : null);
        }

        return null;
    }

    /// <summary>
    /// Records the deployment of a model version in a container that is created and never started (the engine
    /// keeps it, so any process can scale the version); replaces an earlier record.
    /// </summary>
    public async Task SaveSpecAsync(ModelVersionId model, ReplicaSpec spec, CancellationToken cancellationToken)
    {
        foreach (var old in await ListModelContainersAsync(model, DockerRoles.ModelSpec, cancellationToken).ConfigureAwait(false))
        {
            await RemoveAsync(old.ID, graceful: false, cancellationToken).ConfigureAwait(false);
        }

        var labels = Labels(DockerRoles.ModelSpec);
        labels[DockerLabels.ModelContainer] = model.ToLabel();
        labels[DockerLabels.Deployment] = spec.ToLabel();
        await CreateAndStartAsync(new CreateContainerParameters
        {
            Name = ContainerNameOf(model.ToLabel() + "-spec"),
            Image = spec.ImageId,
            Cmd = spec.Command is null ? null : [.. spec.Command],
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = "none" },
        }, start: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts replica <paramref name="index"/> of a model version on the cluster's network, with Clipper's
    /// environment pointing at the first query frontend's container; from there it learns every live frontend
    /// and connects to each (over TLS, with the cluster's CA copied in, when the frontends serve it). Returns its id.
    /// </summary>
    public async Task<string> StartReplicaAsync(ModelVersionId model, ReplicaSpec spec, int index, DockerClusterSettings settings, CancellationToken cancellationToken)
    {
        var clipper = new Dictionary<string, string>
        {
            [ClipperEnvironment.ModelName] = model.Name,
            [ClipperEnvironment.ModelVersion] = model.Version,
            [ClipperEnvironment.FrontendHost] = QueryContainer,
            [ClipperEnvironment.FrontendPort] = Inside(RpcPortInside),
            [ClipperEnvironment.InputType] = spec.InputType,
            [ClipperEnvironment.ReadyFile] = ApplicationImage.ReadyFile,
        };
        if (settings.LogFormat == LogFormat.Json)
        {
            // Our extension beside Clipper's variables (Clipper's images ignore it); over the deployment's and the cluster's own value.
            clipper[LogFormats.Variable] = LogFormats.ValueOf(settings.LogFormat);
        }

        if (await ReadJoinTokenAsync(cancellationToken).ConfigureAwait(false) is { } joinToken)
        {
            clipper[ClipperEnvironment.JoinToken] = joinToken.Value;
        }

        var beforeStart = AddReplicaTls(clipper, await ReadReplicaCaAsync(cancellationToken).ConfigureAwait(false), PutFilesAsync);
        foreach (var (name, value) in spec.Environment)
        {
            clipper.TryAdd(name, value);
        }

        var labels = Labels(DockerRoles.Model);
        labels[DockerLabels.ModelContainer] = model.ToLabel();
        labels[DockerLabels.Index] = Inside(index);
        var hostConfig = HostConfigFor(settings);
        hostConfig.DeviceRequests = spec.DeviceRequests();
        return await CreateAndStartAsync(new CreateContainerParameters
        {
            Name = ContainerNameOf(string.Create(CultureInfo.InvariantCulture, $"{model.ToLabel()}-{index}")),
            Image = spec.ImageId,
            Cmd = spec.Command is null ? null : [.. spec.Command],
            Env = EnvironmentOf(settings, clipper),
            Labels = labels,
            Healthcheck = spec.HealthCheck ? ApplicationImage.ModelHealthCheck : null,
            HostConfig = hostConfig,
        }, start: true, cancellationToken, beforeStart).ConfigureAwait(false);
    }

    /// <summary>The replica containers (role <c>model</c>) of one version, or of all when <paramref name="model"/> is null.</summary>
    public Task<IList<ContainerListResponse>> ListReplicasAsync(ModelVersionId? model, CancellationToken cancellationToken) =>
        ListModelContainersAsync(model, DockerRoles.Model, cancellationToken);

    /// <summary>The replica's index, from its label.</summary>
    public static int ReplicaIndexOf(ContainerListResponse container) => IndexOf(container);

    /// <summary>What the engine knows of a container now; null when it is gone.</summary>
    public async Task<ContainerInspectResponse?> InspectAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await _docker.Containers.InspectContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes the replicas and the recorded deployment of the versions given (of every version when null).</summary>
    public async Task RemoveModelsAsync(IReadOnlyCollection<ModelVersionId>? models, CancellationToken cancellationToken)
    {
        var removals = new List<Task>();
        foreach (var container in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var labels = container.Labels;
            if (!labels.TryGetValue(DockerLabels.Role, out var role) || !DockerRoles.IsModel(role)
                || !labels.TryGetValue(DockerLabels.ModelContainer, out var key))
            {
                continue;
            }

            if (models is null || Contains(models, key))
            {
                removals.Add(RemoveAsync(container.ID, graceful: role == DockerRoles.Model, cancellationToken));
            }
        }

        await Task.WhenAll(removals).ConfigureAwait(false);
    }

    private static bool Contains(IReadOnlyCollection<ModelVersionId> models, string key)
    {
        foreach (var model in models)
        {
            if (model.ToLabel() == key)
            {
                return true;
            }
        }

        return false;
    }

    private Task<IList<ContainerListResponse>> ListModelContainersAsync(ModelVersionId? model, string role, CancellationToken cancellationToken)
    {
        var filter = ClusterFilter($"{DockerLabels.Role}={role}");
        if (model is { } key)
        {
            filter["label"][$"{DockerLabels.ModelContainer}={key.ToLabel()}"] = true;
        }

        return _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter }, cancellationToken);
    }
}
