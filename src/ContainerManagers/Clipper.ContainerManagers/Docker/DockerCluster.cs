using System.Globalization;
using Clipper.ContainerManagers.Local;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The parts of a cluster as Docker containers on a network of their own: Redis, the management frontend
/// and one or more query frontends, each published on a loopback port of the host. Everything is labelled
/// with the cluster's name and the ports are recorded as labels, so any process finds the cluster again.
/// </summary>
internal sealed partial class DockerCluster
{
    private const int ManagementPortInside = 1338;
    private const int QueryPortInside = 1337;
    private const int RpcPortInside = 7000;

    private readonly IDockerClient _docker;
    private readonly string _cluster;
    private readonly string _clipperDirectory;
    private readonly TimeSpan _stopTimeout;

    public DockerCluster(IDockerClient docker, string cluster, string clipperDirectory, TimeSpan? stopTimeout = null)
    {
        _docker = docker;
        _cluster = cluster;
        _clipperDirectory = clipperDirectory;
        _stopTimeout = stopTimeout ?? TimeSpan.FromSeconds(10);
    }

    /// <summary>The cluster's network; containers reach each other on it by name.</summary>
    public string Network => "clipper-" + _cluster;

    /// <summary>The volume that keeps Redis's data when persistence is on.</summary>
    public string RedisVolume => $"clipper-{_cluster}-redis";

    /// <summary>The name of the first query frontend's container.</summary>
    public string QueryContainer => QueryContainerName(0);

    /// <summary>The container name of query frontend <paramref name="index"/>: model containers connect to it by this name.</summary>
    public string QueryContainerName(int index) => index == 0 ? _cluster + "-query" : string.Create(CultureInfo.InvariantCulture, $"{_cluster}-query-{index}");

    /// <summary>Starts Redis (unless given), the management and the query frontends, and waits until they answer.</summary>
    public async Task<ClusterAddresses> StartAsync(ClusterStartOptions options, int frontends, DockerClusterSettings settings, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if ((await ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new ContainerManagerException($"Cluster '{_cluster}' already has containers on this Docker engine; connect to it, or stop it with `clipper stop-all --manager docker --cluster {_cluster}`.");
        }

        try
        {
            return await StartPartsAsync(options, frontends, settings, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing half-started is left behind.
            await StopAsync(graceful: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The addresses of the running cluster, read from its first query frontend's labels; null when it does not run.</summary>
    public async Task<ClusterAddresses?> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await ListAsync(cancellationToken, "query").ConfigureAwait(false))
        {
            var labels = container.Labels;
            if (container.State == "running" && labels.TryGetValue(DockerLabels.Index, out var index) && index == "0")
            {
                return ClusterAddresses.OnLoopback(
                    int.Parse(labels[DockerLabels.QueryPort], CultureInfo.InvariantCulture),
                    int.Parse(labels[DockerLabels.ManagementPort], CultureInfo.InvariantCulture),
                    QueryContainer,
                    RpcPortInside,
                    labels[DockerLabels.RedisAddress]);
            }
        }

        return null;
    }

    /// <summary>The HTTP addresses of every query frontend, by index.</summary>
    public async Task<IReadOnlyList<Uri>> FindQueryFrontendsAsync(CancellationToken cancellationToken)
    {
        var frontends = new SortedList<int, Uri>();
        foreach (var container in await ListAsync(cancellationToken, "query").ConfigureAwait(false))
        {
            frontends[IndexOf(container)] = new Uri("http://127.0.0.1:" + container.Labels[DockerLabels.QueryPort]);
        }

        return [.. frontends.Values];
    }

    /// <summary>The settings the cluster was started with; null when it has no management frontend (it does not run).</summary>
    public async Task<DockerClusterSettings?> FindSettingsAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await ListAsync(cancellationToken, "management").ConfigureAwait(false))
        {
            return DockerClusterSettings.FromLabel(container.Labels.TryGetValue(DockerLabels.Settings, out var label) ? label : null);
        }

        return null;
    }

    /// <summary>Stops and removes every container of the cluster (model replicas first), then its network. The Redis volume is kept.</summary>
    public async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        var containers = await ListAsync(CancellationToken.None).ConfigureAwait(false);
        var models = new List<Task>();
        var parts = new List<string>();
        foreach (var container in containers)
        {
            if (container.Labels.TryGetValue(DockerLabels.Role, out var role) && role is "model" or "model-spec")
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
        var networks = await _docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = ClusterFilter() }, CancellationToken.None).ConfigureAwait(false);
        foreach (var network in networks)
        {
            await _docker.Networks.DeleteNetworkAsync(network.ID, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The image of the <c>clipper</c> command line, which runs the frontends and the example models.</summary>
    public Task<string> EnsureClipperImageAsync(IProgress<string>? progress, CancellationToken cancellationToken) =>
        ApplicationImage.EnsureAsync(_docker, "clipper-net", _clipperDirectory, "clipper.dll", new Dictionary<string, string> { ["ai.clipper.image"] = "clipper" }, progress, cancellationToken);

    /// <summary>Every container of the cluster, running or not; only those of <paramref name="role"/> when it is given.</summary>
    public Task<IList<ContainerListResponse>> ListAsync(CancellationToken cancellationToken, string? role = null) =>
        _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = ClusterFilter(role is null ? null : $"{DockerLabels.Role}={role}") }, cancellationToken);

    private async Task<ClusterAddresses> StartPartsAsync(ClusterStartOptions options, int frontends, DockerClusterSettings settings, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clipper = await EnsureClipperImageAsync(progress, cancellationToken).ConfigureAwait(false);
        var taken = new HashSet<int>();
        var managementPort = PortPicker.Pick("management frontend", options.ManagementPort, 1338, taken);
        var queryPorts = new int[frontends];
        var rpcPorts = new int[frontends];
        for (var i = 0; i < frontends; i++)
        {
            queryPorts[i] = PortPicker.Pick("query frontend", i == 0 ? options.QueryPort : 0, 1337, taken);
            rpcPorts[i] = PortPicker.Pick("RPC", i == 0 ? options.RpcPort : 0, 7000, taken);
        }

        await _docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Network, Labels = Labels("network") }, cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        string redisInside;
        string redisFromHost;
        var extraHosts = (IList<string>?)null;
        if (options.RedisAddress is { } given)
        {
            // A Redis on this machine's loopback is this host's to containers: reached through the network's gateway.
            redisInside = OnHostLoopback(given) is { } port ? HostFromContainers + ":" + port : given;
            redisFromHost = given;
            extraHosts = redisInside == given ? null : [HostFromContainers + ":host-gateway"];
        }
        else
        {
            var redisImage = await RedisImage.EnsureAsync(_docker, progress, cancellationToken).ConfigureAwait(false);
            var redisPort = PortPicker.Pick("Redis", options.RedisPort, 6379, taken);
            List<string> arguments = settings.RedisPersistence
                ? ["--protected-mode", "no", "--save", "", "--appendonly", "yes", "--dir", "/data"]
                : ["--protected-mode", "no", "--save", "", "--appendonly", "no"];
            var redis = await RunPartAsync(_cluster + "-redis", redisImage, arguments, "redis", new() { [RedisImage.Port] = redisPort }, [], settings, settings.RedisPersistence ? [RedisVolume + ":/data"] : null, cancellationToken).ConfigureAwait(false);
            await WaitAsync(redis, ct => HealthProbes.RedisAnswersAsync("127.0.0.1", redisPort, ct), deadline.Token).ConfigureAwait(false);
            redisInside = $"{_cluster}-redis:{RedisImage.Port}";
            redisFromHost = "127.0.0.1:" + Inside(redisPort);
        }

        var labels = new Dictionary<string, string>
        {
            [DockerLabels.QueryPort] = Inside(queryPorts[0]),
            [DockerLabels.ManagementPort] = Inside(managementPort),
            [DockerLabels.RpcPort] = Inside(rpcPorts[0]),
            [DockerLabels.RedisAddress] = redisFromHost,
            [DockerLabels.Settings] = settings.ToLabel(),
        };
        var management = await RunPartAsync(_cluster + "-management", clipper, ["management-frontend", "--redis", redisInside, "--port", Inside(ManagementPortInside)], "management", new() { [ManagementPortInside] = managementPort }, labels, settings, null, cancellationToken, extraHosts).ConfigureAwait(false);
        var addresses = ClusterAddresses.OnLoopback(queryPorts[0], managementPort, QueryContainer, RpcPortInside, redisFromHost);
        var queries = new List<(string Id, Uri Metrics)>();
        for (var i = 0; i < frontends; i++)
        {
            var name = QueryContainerName(i);
            var queryLabels = new Dictionary<string, string>(labels)
            {
                [DockerLabels.QueryPort] = Inside(queryPorts[i]),
                [DockerLabels.RpcPort] = Inside(rpcPorts[i]),
                [DockerLabels.Index] = Inside(i),
            };
            queryLabels.Remove(DockerLabels.Settings);
            var id = await RunPartAsync(name, clipper, ["query-frontend", "--redis", redisInside, "--http-port", Inside(QueryPortInside), "--rpc-port", Inside(RpcPortInside), "--frontend-id", name], "query", new() { [QueryPortInside] = queryPorts[i], [RpcPortInside] = rpcPorts[i] }, queryLabels, settings, null, cancellationToken, extraHosts).ConfigureAwait(false);
            queries.Add((id, new Uri($"http://127.0.0.1:{queryPorts[i]}/metrics")));
        }

        await WaitAsync(management, ct => HealthProbes.HttpAnswersAsync(http, new Uri(addresses.Management, "admin/ping"), ct), deadline.Token).ConfigureAwait(false);
        foreach (var (id, metrics) in queries)
        {
            await WaitAsync(id, ct => HealthProbes.HttpAnswersAsync(http, metrics, ct), deadline.Token).ConfigureAwait(false);
        }

        return addresses;
    }

    private async Task<string> RunPartAsync(string name, string image, IList<string> command, string role, Dictionary<int, int> ports, Dictionary<string, string> extraLabels, DockerClusterSettings settings, IList<string>? binds, CancellationToken cancellationToken, IList<string>? extraHosts = null)
    {
        var labels = Labels(role);
        foreach (var (key, value) in extraLabels)
        {
            labels[key] = value;
        }

        var exposed = new Dictionary<string, EmptyStruct>();
        var bindings = new Dictionary<string, IList<PortBinding>>();
        foreach (var (inside, host) in ports)
        {
            var key = Inside(inside) + "/tcp";
            exposed[key] = default;
            bindings[key] = [new PortBinding { HostIP = "127.0.0.1", HostPort = Inside(host) }];
        }

        var hostConfig = HostConfigFor(settings);
        hostConfig.PortBindings = bindings;
        hostConfig.Binds = binds;
        hostConfig.ExtraHosts = extraHosts;
        return await CreateAndStartAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = command,
            Env = EnvironmentOf(settings, null),
            Labels = labels,
            ExposedPorts = exposed,
            HostConfig = hostConfig,
        }, start: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> CreateAndStartAsync(CreateContainerParameters parameters, bool start, CancellationToken cancellationToken)
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
            await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        }

        return created.ID;
    }

    /// <summary>Restart policy, network and resource limits shared by every container of the cluster.</summary>
    private HostConfig HostConfigFor(DockerClusterSettings settings) => new()
    {
        NetworkMode = Network,
        RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
        NanoCPUs = settings.Cpus is { } cpus ? (long)(cpus * 1e9) : 0,
        Memory = settings.MemoryBytes ?? 0,
    };

    private static List<string> EnvironmentOf(DockerClusterSettings settings, IReadOnlyDictionary<string, string>? more)
    {
        var variables = new List<string>();
        foreach (var (name, value) in settings.Environment)
        {
            variables.Add($"{name}={value}");
        }

        if (more is not null)
        {
            foreach (var (name, value) in more)
            {
                variables.Add($"{name}={value}");
            }
        }

        return variables;
    }

    /// <summary>Waits until the probe succeeds; fails fast with the container's last log lines when it stops or restarts.</summary>
    private async Task WaitAsync(string container, Func<CancellationToken, Task<bool>> probe, CancellationToken deadline)
    {
        while (true)
        {
            var inspect = await _docker.Containers.InspectContainerAsync(container, CancellationToken.None).ConfigureAwait(false);
            if (!inspect.State.Running || inspect.RestartCount > 0)
            {
                throw new ContainerManagerException(await FailureAsync(inspect, $"it exited with code {inspect.State.ExitCode} while starting").ConfigureAwait(false));
            }

            if (await probe(deadline).ConfigureAwait(false))
            {
                return;
            }

            try
            {
                await Task.Delay(100, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new ContainerManagerException(await FailureAsync(inspect, "it did not answer in time").ConfigureAwait(false));
            }
        }
    }

    private async Task<string> FailureAsync(ContainerInspectResponse container, string why)
    {
        var lines = await TailAsync(container.ID, 15, CancellationToken.None).ConfigureAwait(false);
        return $"Container {container.Name.TrimStart('/')} of cluster '{_cluster}' did not start: {why}. Its last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }

    /// <summary>Stops (gracefully: SIGTERM, then SIGKILL after the stop timeout) and removes a container; a cancelled wait forces it.</summary>
    public async Task RemoveAsync(string id, bool graceful, CancellationToken cancellationToken)
    {
        try
        {
            if (graceful)
            {
                await _docker.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)_stopTimeout.TotalSeconds }, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The name containers give the engine's host (Docker's own convention, mapped to the network's gateway).</summary>
    private const string HostFromContainers = "host.docker.internal";

    /// <summary>The port of a <c>127.0.0.1:P</c>, <c>localhost:P</c> or <c>[::1]:P</c> address; null for any other host.</summary>
    private static string? OnHostLoopback(string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }

        var host = address[..colon];
        return host is "127.0.0.1" or "localhost" or "[::1]" ? address[(colon + 1)..] : null;
    }

    private static int IndexOf(ContainerListResponse container) =>
        container.Labels.TryGetValue(DockerLabels.Index, out var index) && int.TryParse(index, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string Inside(int port) => port.ToString(CultureInfo.InvariantCulture);
}
