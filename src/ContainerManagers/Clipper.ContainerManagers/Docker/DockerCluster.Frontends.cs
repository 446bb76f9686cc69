using System.Globalization;
using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Networking;
using Clipper.ModelRpc.Security;
using Docker.DotNet.Models;

namespace Clipper.ContainerManagers.Docker;

/// <summary>
/// The query frontends: <c>NAME-query</c> (index 0), <c>NAME-query-1</c>, ... on the cluster's network, each
/// announcing its container name as the host model containers reach its RPC port at, and publishing its HTTP
/// port (and its gRPC port, when the cluster serves gRPC) on a loopback port of the host. Only the first carries Clipper's query-frontend labels (Clipper's tools
/// expect exactly one, and read its ports); the others carry the manager's own.
/// </summary>
internal sealed partial class DockerCluster
{
    /// <summary>How long a frontend removed by a scale-down may drain (its own limit is 30 s) before it is killed.</summary>
    private static readonly TimeSpan s_frontendDrainTimeout = TimeSpan.FromSeconds(35);

    /// <summary>
    /// Creates and starts query frontend <paramref name="index"/>; its RPC port is published only for the first, as Clipper did,
    /// its gRPC port on <paramref name="grpcHostPort"/> (null: it serves no gRPC).
    /// </summary>
    private async Task<string> RunQueryFrontendAsync(int index, DockerFrontendLaunch launch, int httpHostPort, int rpcHostPort, int? grpcHostPort, DockerClusterSettings settings, List<string> created, CancellationToken cancellationToken)
    {
        var name = QueryContainerName(index);
        var labels = new Dictionary<string, string>
        {
            [DockerLabels.RedisAddress] = launch.RedisFromHost,
            [DockerLabels.Index] = Inside(index),
        };
        var ports = new Dictionary<int, int> { [QueryPortInside] = httpHostPort };
        if (index == 0)
        {
            labels[DockerLabels.QueryFrontend] = "";
            labels[DockerLabels.QueryPort] = Inside(httpHostPort);
            labels[DockerLabels.RpcPort] = Inside(rpcHostPort);
            if (launch.MetricsConfig is not null)
            {
                labels[DockerLabels.MetricPort] = Inside(httpHostPort);
                labels[DockerLabels.MetricConfig] = launch.MetricsConfig;
            }

            ports[RpcPortInside] = rpcHostPort;
        }
        else
        {
            labels[DockerLabels.FrontendHttpPort] = Inside(httpHostPort);
        }

        if (launch.Tls is not null)
        {
            labels[DockerLabels.Tls] = "on";
        }

        List<string> command =
        [
            "query-frontend", "--redis", launch.RedisInside, .. RedisLogin(launch.RedisPassword), "--http-port", Inside(QueryPortInside), "--rpc-port", Inside(RpcPortInside),
            "--frontend-id", name, "--advertise-host", name, "--advertise-http", SchemeOf(launch.Tls) + "://127.0.0.1:" + Inside(httpHostPort),
            .. TlsArguments(launch.Tls), .. settings.FrontendLogArguments,

            // Clipper's containers carry no join token: they are accepted from the cluster's Docker network.
            "--clipper-networks", "attached",
        ];
        AddGrpc(grpcHostPort, command, ports, labels);
        var joinToken = launch.JoinToken;
        List<(string, string, UnixFileMode)> files = [];
        if (joinToken is not null)
        {
            command.AddRange(["--join-token-file", JoinTokenInside]);
            files.Add((JoinTokenInside, joinToken.Value, UnixFileMode.UserRead));
        }

        if (launch.RedisPassword is { } redisPassword)
        {
            files.Add((RedisPasswordInside, redisPassword, UnixFileMode.UserRead));
        }

        AddTlsFiles(files, launch.Tls, withCa: true);

        return await RunPartAsync(
            name,
            launch.Image,
            command,
            DockerRoles.Query,
            ports,
            labels,
            settings,
            null,
            launch.ExtraHosts,
            created,
            cancellationToken,
            beforeStart: files.Count == 0 ? null : (id, ct) => PutFilesAsync(id, files, ct),
            aliases: [QueryAlias]).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts or removes query frontends until <paramref name="count"/> run: the highest indexes go first, stopped
    /// with SIGTERM (they drain); new ones are started like the first and waited for until they answer.
    /// </summary>
    /// <returns>The manager's ids of the frontends that run (<c>query</c>, <c>query-1</c>...).</returns>
    public async Task<IReadOnlyList<string>> SetFrontendCountAsync(int count, DockerClusterSettings settings, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        var byIndex = new SortedList<int, ContainerListResponse>();
        foreach (var container in await ListAsync(cancellationToken, DockerRoles.Query).ConfigureAwait(false))
        {
            byIndex[IndexOf(container)] = container;
        }

        if (!byIndex.TryGetValue(0, out var first))
        {
            throw new ContainerManagerException($"No Docker cluster named '{_cluster}' runs on this engine (it has no query frontend {QueryContainer}); start one with `clipper start --manager docker --cluster {_cluster}`.");
        }

        var removals = new List<Task>();
        for (var i = byIndex.Count - 1; i >= 0 && byIndex.Keys[i] >= count; i--)
        {
            removals.Add(RemoveAsync(byIndex.Values[i].ID, graceful: true, cancellationToken, s_frontendDrainTimeout));
            byIndex.RemoveAt(i);
        }

        await Task.WhenAll(removals).ConfigureAwait(false);
        var launch = await ReadLaunchAsync(first, cancellationToken).ConfigureAwait(false);
        var hostPorts = new SortedList<int, int>();
        var taken = new HashSet<int>();
        foreach (var (index, container) in byIndex)
        {
            if (TryPort(container.Labels, DockerLabels.QueryPort, out var port) || TryPort(container.Labels, DockerLabels.FrontendHttpPort, out port))
            {
                hostPorts[index] = port;
                taken.Add(port);
            }

            if (TryPort(container.Labels, DockerLabels.GrpcPort, out var grpcPort))
            {
                taken.Add(grpcPort);
            }
        }

        // The cluster serves gRPC when its first frontend does; a new frontend takes a free port of its own.
        var grpc = first.Labels.ContainsKey(DockerLabels.GrpcPort);

        using var trust = launch.Tls is null ? null : TlsTrust.FromCaFile(await ClientCaPathAsync(first.ID, cancellationToken).ConfigureAwait(false));
        using var http = ProbeClient(trust);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(startTimeout);
        for (var index = 1; index < count; index++)
        {
            if (byIndex.ContainsKey(index))
            {
                continue;
            }

            var port = PortPicker.PickFree(taken);
            int? grpcPort = grpc ? PortPicker.PickFree(taken) : null;
            var created = new List<string>();
            var id = await RunQueryFrontendAsync(index, launch, port, 0, grpcPort, settings, created, cancellationToken).ConfigureAwait(false);
            try
            {
                await WaitAsync(id, ct => HealthProbes.HttpAnswersAsync(http, HealthProbes.Readiness(new Uri($"{SchemeOf(launch.Tls)}://127.0.0.1:{Inside(port)}")), ct), deadline.Token, cancellationToken).ConfigureAwait(false);
            }
            catch (ContainerManagerException)
            {
                // A frontend that does not start is not left restarting; the message carries its log lines.
                await RemoveAsync(id, graceful: false, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            hostPorts[index] = port;
        }

        if (launch.MetricsConfig is not null)
        {
            MetricsConfigFile.Write(launch.MetricsConfig, _cluster, [.. hostPorts.Values]);
        }
        var ids = new List<string>(hostPorts.Count);
        foreach (var index in hostPorts.Keys)
        {
            ids.Add(QueryContainerName(index)[(_cluster.Length + 1)..]);
        }

        return ids;
    }

    /// <summary>How the first frontend was started: its image, its <c>--redis</c> argument, its extra hosts, its labels and its TLS files.</summary>
    private async Task<DockerFrontendLaunch> ReadLaunchAsync(ContainerListResponse first, CancellationToken cancellationToken)
    {
        var inspect = await _docker.Containers.InspectContainerAsync(first.ID, cancellationToken).ConfigureAwait(false);
        var arguments = inspect.Config.Cmd ?? [];
        var redis = arguments.IndexOf("--redis") is >= 0 and var at && at + 1 < arguments.Count ? arguments[at + 1] : null;
        if (redis is null || !first.Labels.TryGetValue(DockerLabels.RedisAddress, out var redisFromHost))
        {
            throw new ContainerManagerException($"Query frontend {QueryContainer} of cluster '{_cluster}' has no --redis argument or {DockerLabels.RedisAddress} label; was it started by this manager?");
        }

        // The cluster's own Prometheus finds new frontends by itself; without one, the configuration names each host port.
        var metricsConfig = first.Labels.TryGetValue(DockerLabels.MetricConfig, out var path) ? path
            : (await ListAsync(cancellationToken, DockerRoles.Prometheus).ConfigureAwait(false)).Count > 0 ? null : MetricsConfigFile.PathOf(_stateRoot, _cluster);
        var joinToken = await ReadTokenAsync(JoinTokenInside, first.ID, cancellationToken).ConfigureAwait(false);
        var redisPassword = arguments.Contains("--redis-password-file") ? await ReadSecretAsync(RedisPasswordInside, first.ID, cancellationToken).ConfigureAwait(false) : null;
        var tls = first.Labels.ContainsKey(DockerLabels.Tls) ? await ReadTlsAsync(first.ID, cancellationToken).ConfigureAwait(false) : null;
        return new DockerFrontendLaunch(inspect.Config.Image, redis, redisFromHost, inspect.HostConfig.ExtraHosts is { Count: > 0 } hosts ? hosts : null, metricsConfig, joinToken, redisPassword, tls);
    }
}
