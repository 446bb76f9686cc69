using Clipper.ContainerManagers.Images;
using Docker.DotNet;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// Runs a cluster as containers on a Docker engine: Redis (with a volume when persistence is on), the
/// management frontend and one or more query frontends on the network <c>clipper-CLUSTER</c>, published on
/// loopback ports of the engine's host, and every model replica as a container that connects to a query
/// frontend by its container name. Images are built on the engine from this machine's .NET runtime
/// (<c>FROM scratch</c>; nothing is pulled). The cluster's state is its containers' labels, compatible with
/// Clipper's, so any process with the cluster's name finds it.
/// </summary>
public sealed partial class DockerContainerManager : IContainerManager
{
    private static readonly TimeSpan s_frontendStartTimeout = TimeSpan.FromSeconds(60);

    private readonly DockerClusterOptions _options;
    private readonly string _clipperDirectory;

    /// <summary>A manager for the cluster <paramref name="options"/> names.</summary>
    /// <exception cref="ContainerManagerException">An option is invalid.</exception>
    public DockerContainerManager(DockerClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _clipperDirectory = Path.GetFullPath(options.ClipperDirectory ?? AppContext.BaseDirectory);
    }

    /// <inheritdoc />
    public string ClusterName => _options.ClusterName;

    /// <inheritdoc />
    public string Kind => "docker";

    /// <summary>Receives one line per slow step (building an image, pushing, pulling); null for none.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <inheritdoc />
    public async Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tls = ContainerTls.Load(options, Kind, (DockerCluster.TlsServerName, ", and a Docker cluster's clients reach its frontends on ports published on 127.0.0.1, and its model containers check that name"));
        return await RunAsync((_, cluster) => cluster.StartAsync(options, tls, DockerClusterSettings.From(_options, options), Progress, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Frontends are the containers <c>NAME-query</c>, <c>NAME-query-1</c>... Removed ones are stopped with SIGTERM and
    /// 35 s to drain; new ones are started like the first (its image, Redis and settings) on a free loopback port, and
    /// waited for until they answer HTTP. The metrics configuration is rewritten to name every frontend.
    /// </remarks>
    public async Task<IReadOnlyList<string>> SetQueryFrontendCountAsync(int count, CancellationToken cancellationToken = default)
    {
        QueryFrontendCount.Validate(count);
        return await RunAsync(async (_, cluster) =>
            await cluster.SetFrontendCountAsync(count, await SettingsAsync(cluster, cancellationToken).ConfigureAwait(false), s_frontendStartTimeout, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ClusterAddresses> ConnectAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(async (_, cluster) => await cluster.FindAsync(cancellationToken).ConfigureAwait(false) ?? throw NotRunning()).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One per query frontend container, in order, each on its own published port.</remarks>
    public async Task<IReadOnlyList<Uri>> GetQueryFrontendsAsync(CancellationToken cancellationToken = default)
    {
        var frontends = await RunAsync((_, cluster) => cluster.FindQueryFrontendsAsync(cancellationToken)).ConfigureAwait(false);
        return frontends.Count > 0 ? frontends : throw NotRunning();
    }

    /// <inheritdoc />
    /// <remarks>The Redis volume (<see cref="DockerClusterOptions.RedisPersistence"/>) is kept, like a local cluster's folder; <see cref="RemoveRedisVolumeAsync"/> removes it.</remarks>
    public async Task StopAllAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        await RunAsync((_, cluster) => cluster.StopAsync(graceful, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes the volume that keeps the cluster's Redis data; false when there is none.</summary>
    /// <exception cref="ContainerManagerException">The cluster still runs, or the engine refused.</exception>
    public async Task<bool> RemoveRedisVolumeAsync(CancellationToken cancellationToken = default)
    {
        return await RunAsync(async (docker, cluster) =>
        {
            if ((await cluster.ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                throw new ContainerManagerException($"Cluster '{ClusterName}' still has containers; stop it before removing its Redis volume.");
            }

            try
            {
                await docker.Volumes.RemoveAsync(cluster.RedisVolume, force: false, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetLogTailAsync(string id, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return await RunAsync(async (_, cluster) =>
        {
            foreach (var container in await cluster.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (cluster.IdOf(container) == id)
                {
                    return await cluster.TailAsync(container.ID, lines, cancellationToken).ConfigureAwait(false);
                }
            }

            throw new ContainerManagerException($"Cluster '{ClusterName}' has no container '{id}'; `clipper replicas --manager docker` and `clipper status --manager docker` list them.");
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> CollectLogsAsync(string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        return await RunAsync(async (_, cluster) =>
        {
            var written = new List<string>();
            foreach (var container in await cluster.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (container.Labels.TryGetValue(DockerLabels.Role, out var role) && role == DockerRoles.ModelSpec)
                {
                    continue;
                }

                var path = Path.Combine(directory, cluster.IdOf(container) + ".log");
                if (await cluster.WriteLogAsync(container.ID, path, cancellationToken).ConfigureAwait(false))
                {
                    written.Add(path);
                }
            }

            written.Sort(StringComparer.Ordinal);
            return (IReadOnlyList<string>)written;
        }).ConfigureAwait(false);
    }

    private ContainerManagerException NotRunning() =>
        new($"No Docker cluster named '{ClusterName}' runs on this engine; start one with `clipper start --manager docker --cluster {ClusterName}`.");

    /// <summary>
    /// Runs <paramref name="call"/> with a client of the engine and the cluster; an unreachable engine or an engine
    /// error becomes a <see cref="ContainerManagerException"/> that says so.
    /// </summary>
    private Task<T> RunAsync<T>(Func<IDockerClient, DockerCluster, Task<T>> call) =>
        EngineClient.RunAsync(_options.DockerEndpoint, $"cluster '{ClusterName}'", docker => call(docker, new DockerCluster(docker, ClusterName, _clipperDirectory, _options.StateRoot, _options.StopTimeout)));

    private Task RunAsync(Func<IDockerClient, DockerCluster, Task> call) =>
        RunAsync(async (docker, cluster) =>
        {
            await call(docker, cluster).ConfigureAwait(false);
            return true;
        });
}
