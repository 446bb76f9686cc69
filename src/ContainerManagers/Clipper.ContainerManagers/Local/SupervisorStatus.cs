using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers.Local;

/// <summary>What <c>GET /status</c> of a supervisor answers: the cluster's addresses, its parts and its replicas.</summary>
/// <param name="Cluster">The cluster's name.</param>
/// <param name="Addresses">Where it answers; null before it was started.</param>
/// <param name="Parts">Redis (when the cluster runs its own), the management frontend and the query frontends.</param>
/// <param name="Replicas">Every model replica.</param>
/// <param name="Deployments">Each deployed model version and how many replicas it keeps.</param>
internal sealed record SupervisorStatus(
    string Cluster,
    ClusterAddresses? Addresses,
    IReadOnlyList<PartStatus> Parts,
    IReadOnlyList<ReplicaStatus> Replicas,
    IReadOnlyList<DeploymentStatus> Deployments)
{
    /// <summary>The query frontends, first to last.</summary>
    public IReadOnlyList<LocalFrontend> Frontends { get; init; } = [];
}

/// <summary>A cluster part's process.</summary>
internal sealed record PartStatus(string Id, ReplicaState State, int Restarts, int? LastExitCode, int? ProcessId);

/// <summary>A deployed model version.</summary>
internal sealed record DeploymentStatus(ModelVersionId Model, string InputType, int Replicas);
