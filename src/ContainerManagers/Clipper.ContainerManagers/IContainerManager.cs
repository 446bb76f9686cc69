using Clipper.ModelRpc.Protocol;

namespace Clipper.ContainerManagers;

/// <summary>
/// Runs a Clipper cluster's processes: Redis (unless an address is given), the management frontend,
/// the query frontend, and the replicas of every deployed model version. It knows how to start,
/// scale and stop them, not what an application or a link is; that is the management API's part.
/// </summary>
/// <remarks>
/// Implementations are local child processes, Docker containers or Kubernetes objects. Every method
/// is safe to call from a process other than the one that started the cluster: the cluster's state
/// lives with the manager (a folder, container labels, object labels), not in this object.
/// Failures are <see cref="ContainerManagerException"/>s whose message says what was wrong and what to do.
/// </remarks>
public interface IContainerManager
{
    /// <summary>The cluster's name: every process, container or object it runs is labelled with it.</summary>
    string ClusterName { get; }

    /// <summary>A short name of the kind of manager: <c>local</c>, <c>docker</c> or <c>kubernetes</c>.</summary>
    string Kind { get; }

    /// <summary>Starts Redis (unless <see cref="ClusterStartOptions.RedisAddress"/> is given), the management frontend and <see cref="ClusterStartOptions.Frontends"/> query frontends, and waits until they answer.</summary>
    /// <exception cref="ContainerManagerException">The cluster already runs, or a part did not start; the message names it and its last log lines.</exception>
    Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken = default);

    /// <summary>Finds a cluster started earlier (possibly by another process) and returns its addresses.</summary>
    /// <exception cref="ContainerManagerException">No cluster of this name runs.</exception>
    Task<ClusterAddresses> ConnectAsync(CancellationToken cancellationToken = default);

    /// <summary>The HTTP base address of every query frontend of the running cluster; the first is <see cref="ClusterAddresses.Query"/>.</summary>
    /// <exception cref="ContainerManagerException">No cluster of this name runs.</exception>
    Task<IReadOnlyList<Uri>> GetQueryFrontendsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts or stops query frontends until <paramref name="count"/> run. Scaling down stops the last ones started,
    /// gracefully (each answers what it holds and says goodbye to its containers); the first one, whose RPC address
    /// model replicas are started with, always stays. Returns once the frontends were launched or stopped; whether
    /// they announced themselves is the caller's to check (<c>POST /admin/get_query_frontends</c>).
    /// </summary>
    /// <param name="count">How many query frontends to run: <see cref="QueryFrontendCount.Min"/> to <see cref="QueryFrontendCount.Max"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>
    /// The manager's ids of the frontends that run now, first to last (for <see cref="GetLogTailAsync"/>); each
    /// frontend announces itself under the id <c>CLUSTER-ID</c>.
    /// </returns>
    /// <exception cref="ContainerManagerException">The count is out of range, no cluster of this name runs, or a frontend could not be started.</exception>
    Task<IReadOnlyList<string>> SetQueryFrontendCountAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>
    /// Turns a model version built as a published folder (<see cref="ModelArtifact.OfPublishedFolder"/>) into what
    /// this manager runs: local processes run the folder in place; Docker builds the image
    /// <c>[REGISTRY/]CLUSTER-NAME:VERSION</c> with a readiness health check, and pushes it when a registry is set.
    /// Other artifacts are returned as they are.
    /// </summary>
    /// <exception cref="ContainerManagerException">The image could not be built or pushed; the message says why.</exception>
    Task<ModelArtifact> PrepareModelAsync(ModelVersionId model, ModelArtifact built, CancellationToken cancellationToken = default);

    /// <summary>Starts the replicas of a model version (or changes their number when the version already runs).</summary>
    /// <remarks>Returns once the replicas were launched; whether they connected is the caller's to check, with <see cref="GetReplicasAsync"/>.</remarks>
    Task DeployModelAsync(ModelDeployment deployment, CancellationToken cancellationToken = default);

    /// <summary>The number of replicas the manager keeps running for a model version (0 when none).</summary>
    Task<int> GetReplicaCountAsync(ModelVersionId model, CancellationToken cancellationToken = default);

    /// <summary>Starts or stops replicas of a deployed model version until <paramref name="replicas"/> run.</summary>
    /// <exception cref="ContainerManagerException">The version was never deployed on this cluster.</exception>
    Task SetReplicaCountAsync(ModelVersionId model, int replicas, CancellationToken cancellationToken = default);

    /// <summary>The replicas the manager runs, with their state, restarts and exit codes; all versions when <paramref name="model"/> is null.</summary>
    Task<IReadOnlyList<ReplicaStatus>> GetReplicasAsync(ModelVersionId? model = null, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="lines"/> lines a replica or cluster part wrote (its id as <see cref="ReplicaStatus.Id"/> gives it).</summary>
    Task<IReadOnlyList<string>> GetLogTailAsync(string id, int lines, CancellationToken cancellationToken = default);

    /// <summary>Copies the logs of every part and replica into <paramref name="directory"/>; returns the files written.</summary>
    Task<IReadOnlyList<string>> CollectLogsAsync(string directory, CancellationToken cancellationToken = default);

    /// <summary>Stops every replica of the given model versions.</summary>
    Task StopModelsAsync(IReadOnlyCollection<ModelVersionId> models, CancellationToken cancellationToken = default);

    /// <summary>Stops every model replica of the cluster; the frontends and Redis keep running.</summary>
    Task StopAllModelContainersAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops everything the manager started for the cluster and forgets it. Nothing is left running.</summary>
    /// <param name="graceful">Ask each part to stop and wait for it (then force it); false forces at once.</param>
    /// <param name="cancellationToken">Cuts the wait short (what is left is then forced).</param>
    Task StopAllAsync(bool graceful = true, CancellationToken cancellationToken = default);
}
