using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Images;
using Clipper.ContainerManagers.Networking;
using Clipper.ModelRpc.Security;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

internal sealed partial class DockerCluster
{
    /// <summary>The name containers give the engine's host (Docker's own convention, mapped to the network's gateway).</summary>
    private const string HostFromContainers = "host.docker.internal";

    /// <summary>
    /// Starts Redis (unless given), the management and the query frontends, and waits until they answer.
    /// Creating the cluster's network is the claim on its name: a second start at the same time is refused,
    /// and a start that fails removes only what it created.
    /// </summary>
    public async Task<ClusterAddresses> StartAsync(ClusterStartOptions options, ContainerTls? tls, DockerClusterSettings settings, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if ((await ListAsync(cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw AlreadyThere();
        }

        var clipper = await EnsureClipperImageAsync(progress, cancellationToken).ConfigureAwait(false);
        var redisImage = options.RedisAddress is null ? await RedisImage.EnsureAsync(_docker, progress, cancellationToken).ConfigureAwait(false) : null;
        var prometheusImage = options.Prometheus ? await PrometheusImage.EnsureAsync(_docker, progress, cancellationToken).ConfigureAwait(false) : null;
        string network;
        try
        {
            network = (await _docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Network, Labels = Labels(DockerRoles.Network), CheckDuplicate = true }, cancellationToken).ConfigureAwait(false)).ID;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            throw AlreadyThere();
        }

        var created = new List<string>();
        try
        {
            return await StartPartsAsync(options, tls, settings, new(clipper, redisImage, prometheusImage), created, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing half-started is left behind; what another process started is not touched.
            try
            {
                foreach (var id in created)
                {
                    await RemoveAsync(id, graceful: false, CancellationToken.None).ConfigureAwait(false);
                }

                await RemoveNetworkAsync(network).ConfigureAwait(false);
                MetricsConfigFile.Delete(MetricsConfigFile.PathOf(_stateRoot, _cluster), _cluster);
                DeleteTokens();
            }
            catch (Exception cleanup) when (cleanup is DockerApiException or IOException)
            {
                // The start's own failure is the one to report.
            }

            throw;
        }
    }

    private ContainerManagerException AlreadyThere() =>
        new($"Cluster '{_cluster}' already has containers on this Docker engine (or is being started by another process); connect to it, or stop it with `clipper stop-all --manager docker --cluster {_cluster}`.");

    private async Task<ClusterAddresses> StartPartsAsync(ClusterStartOptions options, ContainerTls? tls, DockerClusterSettings settings, (string Clipper, string? Redis, string? Prometheus) images, List<string> created, CancellationToken cancellationToken)
    {
        var (clipper, redisImage, prometheusImage) = images;
        var frontends = options.Frontends;
        var taken = new HashSet<int>();
        var managementPort = PortPicker.Pick("management frontend", options.ManagementPort, 1338, taken);
        var queryPorts = new int[frontends];
        var rpcPorts = new int[frontends];
        for (var i = 0; i < frontends; i++)
        {
            queryPorts[i] = PortPicker.Pick("query frontend", i == 0 ? options.QueryPort : 0, 1337, taken);
            rpcPorts[i] = i == 0 ? PortPicker.Pick("RPC", options.RpcPort, 7000, taken) : 0;
        }

        var grpcPorts = PickGrpcPorts(options.GrpcPort, frontends, taken);

        var clientCa = tls is null ? null : KeepTls(tls);
        using var trust = clientCa is null ? null : TlsTrust.FromCaFile(clientCa);
        using var http = ProbeClient(trust);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartTimeout);
        string redisInside;
        string redisFromHost;
        IList<string>? extraHosts = null;
        var redisPassword = options.RedisPassword;
        if (options.RedisAddress is { } given)
        {
            // A Redis on this machine's loopback is this host's to containers: reached through the network's gateway.
            var port = OnHostLoopback(given);
            redisInside = port is null ? given : HostFromContainers + ":" + port;
            redisFromHost = given;
            extraHosts = port is null ? null : [HostFromContainers + ":host-gateway"];
        }
        else
        {
            var redisPort = PortPicker.Pick("Redis", options.RedisPort, 6379, taken);
            // The cluster's own Redis is published on this machine's loopback only, and has a password made now, read from
            // a root-only file in its container so that it is on no command line.
            redisPassword = ClusterToken.Create().Value;
            List<string> arguments = [RedisConfigInside, "--protected-mode", "no", "--save", "", "--appendonly", settings.RedisPersistence ? "yes" : "no"];
            IList<string>? binds = null;
            if (settings.RedisPersistence)
            {
                await _docker.Volumes.CreateAsync(new VolumesCreateParameters { Name = RedisVolume, Labels = Labels(DockerRoles.Redis) }, cancellationToken).ConfigureAwait(false);
                arguments.AddRange(["--dir", "/data"]);
                binds = [RedisVolume + ":/data"];
            }

            var redisLabels = new Dictionary<string, string> { [DockerLabels.RedisPort] = Inside(redisPort) };
            var redisConfig = "requirepass " + redisPassword;
            var redis = await RunPartAsync(
                _cluster + "-redis", redisImage!, arguments, DockerRoles.Redis, new() { [RedisImage.Port] = redisPort }, redisLabels, settings, binds, null, created, cancellationToken,
                beforeStart: (id, ct) => PutSecretAsync(id, redisConfig, RedisConfigInside, ct)).ConfigureAwait(false);
            await WaitAsync(redis, ct => HealthProbes.RedisAnswersAsync("127.0.0.1", redisPort, redisPassword, ct), deadline.Token, cancellationToken).ConfigureAwait(false);
            redisInside = $"{_cluster}-redis:{RedisImage.Port}";
            redisFromHost = "127.0.0.1:" + Inside(redisPort);
        }

        // Clipper's labels sit where Clipper put them: the management port on the management frontend, the query
        // frontend's ports and the metrics (served by the query frontend, as GET /metrics) on the first query frontend.
        var managementLabels = new Dictionary<string, string>
        {
            [DockerLabels.ManagementFrontend] = "",
            [DockerLabels.ManagementPort] = Inside(managementPort),
            [DockerLabels.RedisAddress] = redisFromHost,
            [DockerLabels.Settings] = settings.ToLabel(),
        };
        if (options.RedisAddress is { } external)
        {
            // No Redis container carries its port: Clipper's tools read it from whichever container has it.
            managementLabels[DockerLabels.RedisPort] = PortOf(external);
        }

        if (redisPassword is not null)
        {
            KeepRedisPassword(redisPassword);
        }

        var adminToken = options.InsecureAdmin ? null : CreateToken(AdminTokenInside);
        List<(string, string, UnixFileMode)> managementFiles = [];
        if (adminToken is not null)
        {
            managementFiles.Add((AdminTokenInside, adminToken.Value, UnixFileMode.UserRead));
        }

        if (redisPassword is not null)
        {
            managementFiles.Add((RedisPasswordInside, redisPassword, UnixFileMode.UserRead));
        }

        AddTlsFiles(managementFiles, tls, withCa: false);
        if (tls is not null)
        {
            managementLabels[DockerLabels.Tls] = "on";
        }

        var management = await RunPartAsync(
            _cluster + "-management",
            clipper,
            [
                "management-frontend", "--redis", redisInside, .. RedisLogin(redisPassword), "--port", Inside(ManagementPortInside),
                .. adminToken is null ? ["--insecure-admin"] : (string[])["--admin-token-file", AdminTokenInside],
                .. TlsArguments(tls), .. settings.FrontendLogArguments,
            ],
            DockerRoles.Management,
            new() { [ManagementPortInside] = managementPort },
            managementLabels,
            settings,
            null,
            extraHosts,
            created,
            cancellationToken,
            beforeStart: managementFiles.Count == 0 ? null : (id, ct) => PutFilesAsync(id, managementFiles, ct)).ConfigureAwait(false);
        var addresses = ClusterAddresses.OnLoopback(queryPorts[0], managementPort, QueryContainer, RpcPortInside, redisFromHost, https: tls is not null) with { AdminToken = adminToken, TlsCaPath = clientCa, Grpc = GrpcAddress(grpcPorts[0]) };
        // With a Prometheus of its own, the metrics labels are on its container, as in Clipper (see DockerCluster.Prometheus).
        string? metricsConfig = null;
        if (prometheusImage is null)
        {
            metricsConfig = MetricsConfigFile.PathOf(_stateRoot, _cluster);
            MetricsConfigFile.Write(metricsConfig, _cluster, queryPorts);
        }

        var launch = new DockerFrontendLaunch(clipper, redisInside, redisFromHost, extraHosts, metricsConfig, CreateToken(JoinTokenInside), redisPassword, tls);
        var queries = new List<(string Id, Uri Ready)>();
        for (var i = 0; i < frontends; i++)
        {
            var id = await RunQueryFrontendAsync(i, launch, queryPorts[i], rpcPorts[i], grpcPorts[i], settings, created, cancellationToken).ConfigureAwait(false);
            queries.Add((id, HealthProbes.Readiness(new Uri($"{SchemeOf(tls)}://127.0.0.1:{Inside(queryPorts[i])}"))));
        }

        await WaitAsync(management, ct => HealthProbes.HttpAnswersAsync(http, HealthProbes.Readiness(addresses.Management), ct), deadline.Token, cancellationToken).ConfigureAwait(false);
        foreach (var (id, ready) in queries)
        {
            await WaitAsync(id, ct => HealthProbes.HttpAnswersAsync(http, ready, ct), deadline.Token, cancellationToken).ConfigureAwait(false);
        }

        if (prometheusImage is not null)
        {
            addresses = addresses with { Prometheus = await RunPrometheusAsync(options, tls, adminToken, prometheusImage, settings, taken, created, http, deadline.Token, cancellationToken).ConfigureAwait(false) };
        }

        return addresses;
    }

    private async Task<string> RunPartAsync(
        string name,
        string image,
        IList<string> command,
        string role,
        Dictionary<int, int> ports,
        Dictionary<string, string> extraLabels,
        DockerClusterSettings settings,
        IList<string>? binds,
        IList<string>? extraHosts,
        List<string> created,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, Task>? beforeStart = null,
        IList<string>? aliases = null)
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
        var id = await CreateAndStartAsync(new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Cmd = command,
            Env = EnvironmentOf(settings, null),
            Labels = labels,
            ExposedPorts = exposed,
            HostConfig = hostConfig,
            NetworkingConfig = aliases is null ? null : new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [Network] = new() { Aliases = aliases } } },
        }, start: true, cancellationToken, beforeStart).ConfigureAwait(false);
        created.Add(id);
        return id;
    }

    /// <summary>Waits until the probe succeeds; fails fast with the container's last log lines when it stops or restarts, or at the deadline.</summary>
    private async Task WaitAsync(string container, Func<CancellationToken, Task<bool>> probe, CancellationToken deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var inspect = await _docker.Containers.InspectContainerAsync(container, cancellationToken).ConfigureAwait(false);
            if (!inspect.State.Running || inspect.RestartCount > 0)
            {
                throw new ContainerManagerException(await FailureAsync(inspect, $"it exited with code {inspect.State.ExitCode} while starting").ConfigureAwait(false));
            }

            try
            {
                if (await probe(deadline).ConfigureAwait(false))
                {
                    return;
                }

                await Task.Delay(100, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
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
}
