using Clipper.ContainerManagers.Prometheus;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The embedded default: a cluster of supervised child processes on this machine. A supervisor process
/// (<c>clipper local-supervisor</c>, detached from the terminal) owns Redis, the frontends and every
/// model replica, restarts what crashes with back-off, and keeps the cluster's state file under
/// <see cref="LocalClusterOptions.StateRoot"/> so any later process can connect to it and stop it.
/// </summary>
public sealed partial class LocalProcessContainerManager : IContainerManager
{
    private static readonly TimeSpan s_controlTimeout = TimeSpan.FromSeconds(60);

    // New frontends may take a minute to answer, and those stopped 35 s to drain.
    private static readonly TimeSpan s_scaleTimeout = TimeSpan.FromMinutes(3);

    private readonly LocalClusterOptions _options;
    private readonly LocalClusterPaths _paths;

    /// <summary>Creates a manager for the cluster the options name; nothing starts until <see cref="StartClusterAsync"/>.</summary>
    /// <exception cref="ContainerManagerException">An option is invalid.</exception>
    public LocalProcessContainerManager(LocalClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _paths = new LocalClusterPaths(options.StateRoot, options.ClusterName);
    }

    /// <inheritdoc />
    public string ClusterName => _options.ClusterName;

    /// <inheritdoc />
    public string Kind => "local";

    /// <summary>Reports long steps (installing Redis, waiting for the supervisor), for a terminal.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>The cluster's folder: its state file and logs.</summary>
    public string ClusterDirectory => _paths.Root;

    /// <inheritdoc />
    public async Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.WithFullTlsPaths();
        options.Validate();
        RequireLoopbackCertificate(options);
        if (options.Prometheus)
        {
            // Said before anything starts rather than after Redis and the frontends.
            _ = PrometheusServer.FindProgram();
        }

        using var startLock = AcquireStartLock();
        if (LocalClusterState.TryLoad(_paths.StateFile) is { } existing)
        {
            if (existing.Supervisor.IsAlive())
            {
                throw new ContainerManagerException($"Cluster '{ClusterName}' is already running (supervisor pid {existing.Supervisor.Pid}); connect to it, or stop it with `clipper stop-all --cluster {ClusterName}`.");
            }

            // Its supervisor died (machine restart, kill -9): end what it left and start afresh.
            await EndOrphansAsync(existing, cancellationToken).ConfigureAwait(false);
        }

        if (options.RedisAddress is null)
        {
            await RedisServerInstaller.EnsureAsync(_options.InstallRedis, Progress, cancellationToken).ConfigureAwait(false);
        }

        var state = await LaunchSupervisorAsync(options.LogFormat, cancellationToken).ConfigureAwait(false);
        Progress?.Report("starting Redis and the frontends...");
        using var client = new SupervisorClient(state, options.StartTimeout + TimeSpan.FromSeconds(10));
        try
        {
            return WithAdminToken(await client.StartClusterAsync(options, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is ContainerManagerException or HttpRequestException or OperationCanceledException)
        {
            // Leave nothing half-started behind.
            await StopAllAsync(graceful: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<ClusterAddresses> ConnectAsync(CancellationToken cancellationToken = default)
    {
        using var client = Connect();
        var status = await client.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        return WithAdminToken(status.Addresses ?? throw new ContainerManagerException($"Cluster '{ClusterName}' is still starting; try again in a moment."));
    }

    /// <summary>The addresses with the admin token from the cluster's owner-only folder (never sent over the control API).</summary>
    private ClusterAddresses WithAdminToken(ClusterAddresses addresses) =>
        File.Exists(_paths.AdminTokenFile) ? addresses with { AdminToken = ClusterToken.ReadFile(_paths.AdminTokenFile) } : addresses;

    /// <inheritdoc />
    /// <remarks>Each frontend's own HTTP port; <see cref="ClusterAddresses.Query"/> is the port they all share.</remarks>
    public async Task<IReadOnlyList<Uri>> GetQueryFrontendsAsync(CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var addresses = status.Addresses ?? throw new ContainerManagerException($"Cluster '{ClusterName}' is still starting; try again in a moment.");
        return status.Frontends.Count > 0 ? [.. status.Frontends.Select(static f => f.HttpAddress)] : [addresses.Query];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Frontends are supervised processes <c>query-frontend</c>, <c>query-frontend-2</c>..., each with its own HTTP and
    /// RPC port on 127.0.0.1, all sharing the cluster's query port; a scale-down stops the highest-numbered with SIGTERM
    /// (they drain, 35 s at most). Returns once the new ones answer HTTP.
    /// </remarks>
    public async Task<IReadOnlyList<string>> SetQueryFrontendCountAsync(int count, CancellationToken cancellationToken = default)
    {
        QueryFrontendCount.Validate(count);
        using var client = Connect(s_scaleTimeout);
        return await client.ScaleFrontendsAsync(count, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The supervisor's view of the whole cluster: parts, replicas and deployments.</summary>
    internal async Task<SupervisorStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        using var client = Connect();
        return await client.GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetLogTailAsync(string id, int lines, CancellationToken cancellationToken = default)
    {
        using var client = Connect();
        return await client.TailLogAsync(id, lines, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CollectLogsAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(_paths.Logs))
        {
            throw new ContainerManagerException($"Cluster '{ClusterName}' has no logs in {_paths.Logs}; was it ever started here?");
        }

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var log in Directory.EnumerateFiles(_paths.Logs, "*.log"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(directory, Path.GetFileName(log));
            using (var source = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = File.Create(target))
            {
                source.CopyTo(copy);
            }

            written.Add(target);
        }

        return Task.FromResult<IReadOnlyList<string>>(written);
    }

    /// <inheritdoc />
    public async Task StopModelsAsync(IReadOnlyCollection<ModelVersionId> models, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        using var client = Connect();
        await client.StopModelsAsync([.. models], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAllModelContainersAsync(CancellationToken cancellationToken = default)
    {
        using var client = Connect();
        await client.StopAllModelsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task StopAllAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        if (LocalClusterState.TryLoad(_paths.StateFile) is not { } state)
        {
            return;
        }

        if (state.Supervisor.IsAlive())
        {
            try
            {
                using var client = new SupervisorClient(state, s_controlTimeout);
                await client.ShutdownAsync(graceful, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or ContainerManagerException or TaskCanceledException)
            {
                // An unresponsive supervisor: ended below with everything it recorded.
            }

            await ProcessTable.EndAsync([state.Supervisor], TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
        }

        // Whatever the supervisor could not stop (or recorded before it died) is ended here: no orphans.
        await EndOrphansAsync(state, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(_paths.Prometheus))
        {
            Directory.Delete(_paths.Prometheus, recursive: true);
        }
    }

    /// <summary>
    /// Clients and replicas of a local cluster reach its frontends at 127.0.0.1, so a certificate must name that address:
    /// said now, rather than as a TLS failure of every client.
    /// </summary>
    private static void RequireLoopbackCertificate(ClusterStartOptions options)
    {
        using var certificate = options.LoadTlsCertificate();
        if (certificate is not null)
        {
            options.RequireTlsName(certificate, "127.0.0.1", ", and a local cluster's clients and replicas connect to 127.0.0.1");
        }
    }

    /// <summary>One start per cluster at a time, across processes: two would launch two supervisors over one state file.</summary>
    private FileStream AcquireStartLock()
    {
        Directory.CreateDirectory(_paths.Root);
        try
        {
            return new FileStream(Path.Combine(_paths.Root, "start.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new ContainerManagerException($"Another start of cluster '{ClusterName}' is in progress; wait for it, then connect.");
        }
    }

    private SupervisorClient Connect(TimeSpan? timeout = null)
    {
        if (LocalClusterState.TryLoad(_paths.StateFile) is not { } state || !state.Supervisor.IsAlive())
        {
            throw new ContainerManagerException($"No local cluster named '{ClusterName}' is running (no live supervisor recorded in {_paths.StateFile}); start one with `clipper start --cluster {ClusterName}`.");
        }

        return new SupervisorClient(state, timeout ?? s_controlTimeout);
    }

    private async Task EndOrphansAsync(LocalClusterState state, CancellationToken cancellationToken)
    {
        await ProcessTable.EndAsync(state.Children.Values, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        File.Delete(_paths.StateFile);
    }
}
