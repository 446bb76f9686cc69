using System.Globalization;
using Clipper.ContainerManagers.Local;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The parts of a cluster as Docker containers on a network of their own: Redis, the management frontend
/// and the query frontend, each published on a loopback port of the host. Everything is labelled with the
/// cluster's name and the ports are recorded as labels, so any process finds the cluster again.
/// </summary>
internal sealed class DockerCluster
{
    private const int ManagementPortInside = 1338;
    private const int QueryPortInside = 1337;
    private const int RpcPortInside = 7000;

    private readonly IDockerClient _docker;
    private readonly string _cluster;
    private readonly string _clipperDirectory;

    public DockerCluster(IDockerClient docker, string cluster, string clipperDirectory)
    {
        _docker = docker;
        _cluster = cluster;
        _clipperDirectory = clipperDirectory;
    }

    /// <summary>The cluster's network; containers reach each other on it by name.</summary>
    public string Network => "clipper-" + _cluster;

    /// <summary>The name of the query frontend's container: the host model containers connect to.</summary>
    public string QueryContainer => _cluster + "-query";

    /// <summary>Starts Redis (unless given), the management and the query frontend, and waits until they answer.</summary>
    public async Task<ClusterAddresses> StartAsync(ClusterStartOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if ((await ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new ContainerManagerException($"Cluster '{_cluster}' already has containers on this Docker engine; connect to it, or stop it with `clipper stop-all --manager docker --cluster {_cluster}`.");
        }

        try
        {
            return await StartPartsAsync(options, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing half-started is left behind.
            await StopAsync(graceful: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The addresses of the running cluster, read from its query frontend's labels; null when it does not run.</summary>
    public async Task<ClusterAddresses?> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var container in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (container.Labels.TryGetValue(DockerLabels.Role, out var role) && role == "query" && container.State == "running")
            {
                var labels = container.Labels;
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

    /// <summary>Stops and removes every container of the cluster, then its network.</summary>
    public async Task StopAsync(bool graceful, CancellationToken cancellationToken)
    {
        var containers = await ListAsync(cancellationToken).ConfigureAwait(false);
        var stops = new List<Task>();
        foreach (var container in containers)
        {
            stops.Add(RemoveAsync(container.ID, graceful, cancellationToken));
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
        var networks = await _docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = ClusterFilter() }, cancellationToken).ConfigureAwait(false);
        foreach (var network in networks)
        {
            await _docker.Networks.DeleteNetworkAsync(network.ID, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts one replica container of a model version from <paramref name="image"/> on the cluster's network,
    /// with Clipper's environment pointing at the query frontend's container; returns its id.
    /// </summary>
    public async Task<string> StartReplicaAsync(ModelVersionKey model, string inputType, string image, IList<string>? command, int index, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var variables = new List<string>
        {
            $"{Clipper.ModelRpc.Serving.ClipperEnvironment.ModelName}={model.Name}",
            $"{Clipper.ModelRpc.Serving.ClipperEnvironment.ModelVersion}={model.Version}",
            $"{Clipper.ModelRpc.Serving.ClipperEnvironment.FrontendHost}={QueryContainer}",
            $"{Clipper.ModelRpc.Serving.ClipperEnvironment.FrontendPort}={Inside(RpcPortInside)}",
            $"{Clipper.ModelRpc.Serving.ClipperEnvironment.InputType}={inputType}",
        };
        foreach (var (name, value) in environment)
        {
            variables.Add($"{name}={value}");
        }

        var labels = Labels("model");
        labels[DockerLabels.ModelContainer] = model.ToString();
        var created = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"{_cluster}-{model.Name}-{model.Version}-{index}"),
            Image = image,
            Cmd = command,
            Env = variables,
            Labels = labels,
            HostConfig = new HostConfig { NetworkMode = Network, RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } },
        }, cancellationToken).ConfigureAwait(false);
        await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        return created.ID;
    }

    /// <summary>The image of the <c>clipper</c> command line, which also runs the example models.</summary>
    public Task<string> EnsureClipperImageAsync(IProgress<string>? progress, CancellationToken cancellationToken) =>
        ApplicationImage.EnsureAsync(_docker, "clipper-net", _clipperDirectory, "clipper.dll", new Dictionary<string, string> { ["ai.clipper.image"] = "clipper" }, progress, cancellationToken);

    /// <summary>Every container of the cluster, running or not.</summary>
    public Task<IList<ContainerListResponse>> ListAsync(CancellationToken cancellationToken) =>
        _docker.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = ClusterFilter() }, cancellationToken);

    private async Task<ClusterAddresses> StartPartsAsync(ClusterStartOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clipper = await EnsureClipperImageAsync(progress, cancellationToken).ConfigureAwait(false);
        var taken = new HashSet<int>();
        var queryPort = PortPicker.Pick("query frontend", options.QueryPort, 1337, taken);
        var managementPort = PortPicker.Pick("management frontend", options.ManagementPort, 1338, taken);
        var rpcPort = PortPicker.Pick("RPC", options.RpcPort, 7000, taken);
        await _docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Network, Labels = Labels("network") }, cancellationToken).ConfigureAwait(false);

        string redisInside;
        string redisFromHost;
        using var http = new HttpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        if (options.RedisAddress is { } given)
        {
            redisInside = given;
            redisFromHost = given;
        }
        else
        {
            var redisImage = await RedisImage.EnsureAsync(_docker, progress, cancellationToken).ConfigureAwait(false);
            var redisPort = PortPicker.Pick("Redis", options.RedisPort, 6379, taken);
            var redis = await RunAsync(_cluster + "-redis", redisImage, ["--protected-mode", "no", "--save", "", "--appendonly", "no"], "redis", new() { [RedisImage.Port] = redisPort }, [], cancellationToken).ConfigureAwait(false);
            await WaitAsync(redis, ct => HealthProbes.RedisAnswersAsync("127.0.0.1", redisPort, ct), deadline.Token).ConfigureAwait(false);
            redisInside = $"{_cluster}-redis:{RedisImage.Port}";
            redisFromHost = "127.0.0.1:" + redisPort.ToString(CultureInfo.InvariantCulture);
        }

        var portLabels = new Dictionary<string, string>
        {
            [DockerLabels.QueryPort] = queryPort.ToString(CultureInfo.InvariantCulture),
            [DockerLabels.ManagementPort] = managementPort.ToString(CultureInfo.InvariantCulture),
            [DockerLabels.RpcPort] = rpcPort.ToString(CultureInfo.InvariantCulture),
            [DockerLabels.RedisAddress] = redisFromHost,
        };
        var management = await RunAsync(_cluster + "-management", clipper, ["management-frontend", "--redis", redisInside, "--port", Inside(ManagementPortInside)], "management", new() { [ManagementPortInside] = managementPort }, portLabels, cancellationToken).ConfigureAwait(false);
        var query = await RunAsync(QueryContainer, clipper, ["query-frontend", "--redis", redisInside, "--http-port", Inside(QueryPortInside), "--rpc-port", Inside(RpcPortInside), "--frontend-id", QueryContainer], "query", new() { [QueryPortInside] = queryPort, [RpcPortInside] = rpcPort }, portLabels, cancellationToken).ConfigureAwait(false);
        var addresses = ClusterAddresses.OnLoopback(queryPort, managementPort, QueryContainer, RpcPortInside, redisFromHost);
        await WaitAsync(management, ct => HealthProbes.HttpAnswersAsync(http, new Uri(addresses.Management, "admin/ping"), ct), deadline.Token).ConfigureAwait(false);
        await WaitAsync(query, ct => HealthProbes.HttpAnswersAsync(http, addresses.Metrics, ct), deadline.Token).ConfigureAwait(false);
        return addresses;
    }

    private async Task<string> RunAsync(string name, string image, IList<string> command, string role, Dictionary<int, int> ports, Dictionary<string, string> extraLabels, CancellationToken cancellationToken)
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
            var key = inside.ToString(CultureInfo.InvariantCulture) + "/tcp";
            exposed[key] = default;
            bindings[key] = [new PortBinding { HostIP = "127.0.0.1", HostPort = host.ToString(CultureInfo.InvariantCulture) }];
        }

        var created = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = command,
            Labels = labels,
            ExposedPorts = exposed,
            HostConfig = new HostConfig { NetworkMode = Network, PortBindings = bindings, RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } },
        }, cancellationToken).ConfigureAwait(false);
        await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken).ConfigureAwait(false);
        return created.ID;
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
        using var logs = await _docker.Containers.GetContainerLogsAsync(container.ID, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = "15" }, CancellationToken.None).ConfigureAwait(false);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None).ConfigureAwait(false);
        return $"Container {container.Name.TrimStart('/')} of cluster '{_cluster}' did not start: {why}. Its last log lines:{Environment.NewLine}{(stdout + stderr).Trim()}";
    }

    private async Task RemoveAsync(string id, bool graceful, CancellationToken cancellationToken)
    {
        if (graceful)
        {
            await _docker.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken).ConfigureAwait(false);
        }

        await _docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken).ConfigureAwait(false);
    }

    private Dictionary<string, string> Labels(string role) => new() { [DockerLabels.Cluster] = _cluster, [DockerLabels.Role] = role };

    private Dictionary<string, IDictionary<string, bool>> ClusterFilter() =>
        new() { ["label"] = new Dictionary<string, bool> { [$"{DockerLabels.Cluster}={_cluster}"] = true } };

    private static string Inside(int port) => port.ToString(CultureInfo.InvariantCulture);
}
