using System.Globalization;
using Clipper.ContainerManagers.Images;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The parts of a cluster as Docker containers on a network of their own: Redis, the management frontend
/// and one or more query frontends, each published on a loopback port of the host, and the model replicas.
/// Everything is labelled with the cluster's name and the ports are recorded as labels, so any process
/// finds the cluster again.
/// </summary>
internal sealed partial class DockerCluster
{
    private const int ManagementPortInside = 1338;
    private const int QueryPortInside = 1337;
    private const int RpcPortInside = 7000;

    private readonly IDockerClient _docker;
    private readonly string _cluster;
    private readonly string _clipperDirectory;
    private readonly string _stateRoot;
    private readonly TimeSpan _stopTimeout;

    public DockerCluster(IDockerClient docker, string cluster, string clipperDirectory, string stateRoot, TimeSpan stopTimeout)
    {
        _docker = docker;
        _cluster = cluster;
        _clipperDirectory = clipperDirectory;
        _stateRoot = stateRoot;
        _stopTimeout = stopTimeout;
    }

    /// <summary>The cluster's network; containers reach each other on it by name.</summary>
    public string Network => "clipper-" + _cluster;

    /// <summary>The volume that keeps Redis's data when persistence is on.</summary>
    public string RedisVolume => $"clipper-{_cluster}-redis";

    /// <summary>The name of the first query frontend's container.</summary>
    public string QueryContainer => QueryContainerName(0);

    /// <summary>The container name of query frontend <paramref name="index"/>: model containers connect to it by this name.</summary>
    public string QueryContainerName(int index) => index == 0 ? _cluster + "-query" : string.Create(CultureInfo.InvariantCulture, $"{_cluster}-query-{index}");

    /// <summary>
    /// The addresses of the running cluster, read from the labels of its first query frontend and of its management
    /// frontend; null when it does not run.
    /// </summary>
    public async Task<ClusterAddresses?> FindAsync(CancellationToken cancellationToken)
    {
        var containers = await ListAsync(cancellationToken).ConfigureAwait(false);
        var query = containers.FirstOrDefault(c => c.State == "running" && RoleOf(c) == DockerRoles.Query && IndexOf(c) == 0);
        var management = containers.FirstOrDefault(c => RoleOf(c) == DockerRoles.Management);
        if (query is not null && management is not null
            && TryPort(query.Labels, DockerLabels.QueryPort, out var queryPort) && TryPort(management.Labels, DockerLabels.ManagementPort, out var managementPort)
            && query.Labels.TryGetValue(DockerLabels.RedisAddress, out var redis))
        {
            var tls = query.Labels.ContainsKey(DockerLabels.Tls);
            return ClusterAddresses.OnLoopback(queryPort, managementPort, QueryContainer, RpcPortInside, redis, https: tls) with
            {
                AdminToken = await ReadTokenAsync(AdminTokenInside, management.ID, cancellationToken).ConfigureAwait(false),
                TlsCaPath = tls ? await ClientCaPathAsync(query.ID, cancellationToken).ConfigureAwait(false) : null,
                Prometheus = PrometheusAddressOf(containers),
                Grpc = GrpcAddressOf(query.Labels),
            };
        }

        return null;
    }

    /// <summary>The HTTP addresses of every query frontend, by index.</summary>
    public async Task<IReadOnlyList<Uri>> FindQueryFrontendsAsync(CancellationToken cancellationToken)
    {
        var frontends = new SortedList<int, Uri>();
        foreach (var container in await ListAsync(cancellationToken, DockerRoles.Query).ConfigureAwait(false))
        {
            if (TryPort(container.Labels, DockerLabels.QueryPort, out var port) || TryPort(container.Labels, DockerLabels.FrontendHttpPort, out port))
            {
                frontends[IndexOf(container)] = new Uri((container.Labels.ContainsKey(DockerLabels.Tls) ? "https" : "http") + "://127.0.0.1:" + Inside(port));
            }
        }

        return [.. frontends.Values];
    }

    /// <summary>The settings the cluster was started with; null when it has no management frontend (it does not run).</summary>
    public async Task<DockerClusterSettings?> FindSettingsAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await ListAsync(cancellationToken, DockerRoles.Management).ConfigureAwait(false))
        {
            return DockerClusterSettings.FromLabel(container.Labels.TryGetValue(DockerLabels.Settings, out var label) ? label : null);
        }

        return null;
    }

    /// <summary>Stops and removes every container of the cluster (model replicas first), its metrics configuration, then its network. The Redis volume is kept.</summary>
    public async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        var containers = await ListAsync(CancellationToken.None).ConfigureAwait(false);
        var models = new List<Task>();
        var parts = new List<string>();
        foreach (var container in containers)
        {
            if (container.Labels.TryGetValue(DockerLabels.Role, out var role) && DockerRoles.IsModel(role))
            {
                models.Add(RemoveAsync(container.ID, graceful, cancellationToken));
            }
            else
            {
                parts.Add(container.ID);
            }
        }

        // Replicas drain while their frontend still answers; then the frontends and Redis go.
        await Task.WhenAll(models).ConfigureAwait(false);
        var stops = new List<Task>();
        foreach (var id in parts)
        {
            stops.Add(RemoveAsync(id, graceful, cancellationToken));
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        foreach (var container in containers)
        {
            if (container.Labels.TryGetValue(DockerLabels.MetricConfig, out var metricsConfig))
            {
                MetricsConfigFile.Delete(metricsConfig, _cluster);
            }
        }

        DeleteTokens();

        var networks = await _docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = ClusterFilter() }, CancellationToken.None).ConfigureAwait(false);
        foreach (var network in networks)
        {
            await RemoveNetworkAsync(network.ID).ConfigureAwait(false);
        }
    }

    /// <summary>The image of the <c>clipper</c> command line, which runs the frontends and the example models.</summary>
    public Task<string> EnsureClipperImageAsync(IProgress<string>? progress, CancellationToken cancellationToken) =>
        ClipperImage.EnsureAsync(_docker, _clipperDirectory, progress, cancellationToken);

    /// <summary>Every container of the cluster, running or not; only those of <paramref name="role"/> when it is given.</summary>
    public Task<IList<ContainerListResponse>> ListAsync(CancellationToken cancellationToken, string? role = null) =>
        _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = ClusterFilter(role is null ? null : $"{DockerLabels.Role}={role}") }, cancellationToken);

    /// <summary>Stops (gracefully: SIGTERM, then SIGKILL after the stop timeout) and removes a container; a cancelled wait forces it.</summary>
    /// <param name="id">The container.</param>
    /// <param name="graceful">Stop it first (SIGTERM, then SIGKILL after the stop timeout).</param>
    /// <param name="cancellationToken">Cuts the graceful stop short.</param>
    /// <param name="stopTimeout">How long the stop waits before it kills; null for the cluster's stop timeout.</param>
    public async Task RemoveAsync(string id, bool graceful, CancellationToken cancellationToken, TimeSpan? stopTimeout = null)
    {
        try
        {
            if (graceful)
            {
                var wait = stopTimeout ?? _stopTimeout;
                await _docker.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)wait.TotalSeconds }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // What is left is forced below.
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }

        try
        {
            await _docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed meanwhile, by another process.
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Already being removed.
        }
    }

    /// <summary>Creates a container and, when <paramref name="start"/>, starts it; a container that cannot start is removed, not left behind.</summary>
    private async Task<string> CreateAndStartAsync(CreateContainerParameters parameters, bool start, CancellationToken cancellationToken, Func<string, CancellationToken, Task>? beforeStart = null)
    {
        CreateContainerResponse created;
        try
        {
            created = await _docker.Containers.CreateContainerAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerApiException ex)
        {
            throw new ContainerManagerException($"The Docker engine refused to create container {parameters.Name} from image {parameters.Image}: {ex.ResponseBody.Trim()}", ex);
        }

        if (start)
        {
            try
            {
                if (beforeStart is not null)
                {
                    await beforeStart(created.ID, cancellationToken).ConfigureAwait(false);
                }

                await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DockerApiException or OperationCanceledException)
            {
                await RemoveAsync(created.ID, graceful: false, CancellationToken.None).ConfigureAwait(false);
                if (ex is DockerApiException api)
                {
                    throw new ContainerManagerException($"The Docker engine could not start container {parameters.Name} from image {parameters.Image}: {api.ResponseBody.Trim()}", ex);
                }

                throw;
            }
        }

        return created.ID;
    }

    private async Task RemoveNetworkAsync(string id)
    {
        try
        {
            await _docker.Networks.DeleteNetworkAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerNetworkNotFoundException)
        {
            // Removed meanwhile, by another process.
        }
    }

    /// <summary>Restart policy, network and resource limits shared by every container of the cluster.</summary>
    private HostConfig HostConfigFor(DockerClusterSettings settings) => new()
    {
        NetworkMode = Network,
        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
        NanoCPUs = settings.Cpus is { } cpus ? (long)(cpus * 1e9) : 0,
        Memory = settings.MemoryBytes ?? 0,
    };

    /// <summary>The cluster's environment variables, then <paramref name="clipper"/>'s, which win over any of the same name.</summary>
    private static List<string> EnvironmentOf(DockerClusterSettings settings, IReadOnlyDictionary<string, string>? clipper)
    {
        var merged = new SortedDictionary<string, string>(settings.Environment, StringComparer.Ordinal);
        if (clipper is not null)
        {
            foreach (var (name, value) in clipper)
            {
                merged[name] = value;
            }
        }

        var variables = new List<string>(merged.Count);
        foreach (var (name, value) in merged)
        {
            variables.Add($"{name}={value}");
        }

        return variables;
    }

    private Dictionary<string, string> Labels(string role) => new() { [DockerLabels.Cluster] = _cluster, [DockerLabels.Role] = role };

    private Dictionary<string, IDictionary<string, bool>> ClusterFilter(string? andLabel = null)
    {
        var labels = new Dictionary<string, bool> { [$"{DockerLabels.Cluster}={_cluster}"] = true };
        if (andLabel is not null)
        {
            labels[andLabel] = true;
        }

        return new() { ["label"] = labels };
    }

    private static string? RoleOf(ContainerListResponse container) => container.Labels.TryGetValue(DockerLabels.Role, out var role) ? role : null;

    private static bool TryPort(IDictionary<string, string> labels, string label, out int port)
    {
        port = 0;
        return labels.TryGetValue(label, out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }

    private static int IndexOf(ContainerListResponse container) =>
        container.Labels.TryGetValue(DockerLabels.Index, out var index) && int.TryParse(index, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Inside(int port) => port.ToString(CultureInfo.InvariantCulture);
}
