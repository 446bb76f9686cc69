using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Local;

/// <content>Model versions: deploying them and reading and setting their replicas, through the supervisor.</content>
public sealed partial class LocalProcessContainerManager
{
    /// <inheritdoc />
    /// <remarks>Local replicas run a published folder where it is: the artifact is returned as it is.</remarks>
    public Task<ModelArtifact> PrepareModelAsync(ModelVersionId model, ModelArtifact built, CancellationToken cancellationToken = default) =>
        Task.FromResult(built);

    /// <inheritdoc />
    public async Task DeployModelAsync(ModelDeployment deployment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        LocalGpus.Require(deployment, LocalGpus.Find());
        if (deployment.Artifact.RunsClipper)
        {
            // The supervisor runs programs: the clipper command line's arguments follow its program (in its data folder, when it has one).
            deployment = deployment with { Artifact = new ModelArtifact([.. _options.ResolveClipperCommand(), .. deployment.Artifact.Command], WorkingDirectory: deployment.Artifact.DataDirectory) };
        }

        using var client = Connect();
        await client.DeployAsync(deployment, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken = default)
    {
        using var client = Connect();
        return await client.GetReplicaCountAsync(model, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task SetReplicaCountAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken = default)
    {
        if (replicas < 0)
        {
            throw new ContainerManagerException($"A model version cannot have {replicas} replicas; expected 0 or more.");
        }

        using var client = Connect();
        await client.ScaleAsync(model, replicas, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReplicaStatus>> GetReplicasAsync(ModelVersionId? model = null, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        if (model is not { } only)
        {
            return status.Replicas;
        }

        var matching = new List<ReplicaStatus>();
        foreach (var replica in status.Replicas)
        {
            if (replica.Model == only)
            {
                matching.Add(replica);
            }
        }

        return matching;
    }
}
