using System.Globalization;
using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Networking;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Security;
using Microsoft.Extensions.Logging;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The long-lived process behind a local cluster: it runs Redis, the frontends and every model
/// replica as supervised children, and answers the <see cref="LocalProcessContainerManager"/> of any
/// process on its control port. Its state file tells others where it is and which pids it owns.
/// </summary>
internal sealed partial class LocalClusterSupervisor : IAsyncDisposable
{
    private const string RedisId = "redis";
    private const string ManagementId = "management-frontend";

    private static readonly ProcessRecord s_self = ProcessRecord.Of(System.Diagnostics.Process.GetCurrentProcess())!;

    private readonly LocalClusterPaths _paths;
    private readonly string _cluster;
    private readonly IReadOnlyList<string> _clipperCommand;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RestartBackoff _backoff;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SupervisedProcess> _parts = [];
    private readonly Dictionary<ModelVersionId, ModelGroup> _models = [];
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private ClusterAddresses? _addresses;

    // The cluster's log format, given at start: every part and replica is started in it.
    private LogFormat _logFormat;
    private volatile bool _shutDown;

    public LocalClusterSupervisor(LocalClusterPaths paths, string cluster, IReadOnlyList<string> clipperCommand, ILoggerFactory loggers, TimeProvider time, RestartBackoff backoff)
    {
        _paths = paths;
        _cluster = cluster;
        _clipperCommand = clipperCommand;
        _loggers = loggers;
        _logger = loggers.CreateLogger<LocalClusterSupervisor>();
        _time = time;
        _backoff = backoff;
    }

    /// <summary>The port the control API listens on; set by the host once bound.</summary>
    public int ControlPort { get; set; }

    /// <summary>The secret the control API requires, recorded in the owner-only state file.</summary>
    public string ControlToken { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Starts the parts, once; waits until each answers.</summary>
    public async Task<ClusterAddresses> StartClusterAsync(ClusterStartOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_addresses is not null)
            {
                return _addresses;
            }

            var taken = new HashSet<int> { ControlPort };
            var queryPort = PortPicker.Pick("query frontend", options.QueryPort, 1337, taken);
            var managementPort = PortPicker.Pick("management frontend", options.ManagementPort, 1338, taken);
            var rpcPort = PortPicker.Pick("RPC", options.RpcPort, 7000, taken);
            _grpcPort = options.GrpcPort is { } grpcPort ? PortPicker.Pick("gRPC", grpcPort, 8001, taken) : null;
            ConfigureTls(options);
            _logFormat = options.LogFormat;
            using var http = new HttpClient(_probeTrust.CreateHttpHandler());
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.StartTimeout);

            var redis = options.RedisAddress;
            var redisPassword = options.RedisPassword;
            if (redis is null)
            {
                // The cluster's own Redis listens on loopback only, with a password made now and kept off its command line.
                var redisPort = PortPicker.Pick("Redis", options.RedisPort, 6379, taken);
                Directory.CreateDirectory(_paths.RedisData);
                redisPassword = ClusterToken.Create().Value;
                SecretFile.Write(_paths.RedisConfigFile, "requirepass " + redisPassword);
                var part = StartPart(RedisId, [
                    "redis-server", _paths.RedisConfigFile, "--port", Invariant(redisPort), "--bind", "127.0.0.1", "--dir", _paths.RedisData,
                    "--appendonly", "yes", "--save", "", "--protected-mode", "yes",
                ]);
                await WaitUntilAnswersAsync(part, ct => HealthProbes.RedisAnswersAsync("127.0.0.1", redisPort, redisPassword, ct), deadline.Token).ConfigureAwait(false);
                redis = "127.0.0.1:" + Invariant(redisPort);
            }

            if (redisPassword is null)
            {
                File.Delete(_paths.RedisPasswordFile);
                _redisLogin = [];
            }
            else
            {
                SecretFile.Write(_paths.RedisPasswordFile, redisPassword);
                _redisLogin = ["--redis-password-file", _paths.RedisPasswordFile];
            }

            // Loopback callers need no token, so on this machine the token matters to whoever forwards the port elsewhere;
            // it is made all the same, so a cluster never runs without one.
            string[] access;
            if (options.InsecureAdmin)
            {
                File.Delete(_paths.AdminTokenFile);
                access = ["--insecure-admin"];
            }
            else
            {
                ClusterToken.Create().WriteFile(_paths.AdminTokenFile);
                access = ["--admin-token-file", _paths.AdminTokenFile];
            }

            var management = StartPart(ManagementId, [.. _clipperCommand, "management-frontend", "--redis", redis, .. _redisLogin, "--port", Invariant(managementPort), "--bind", "127.0.0.1", .. access, .. _tlsArguments, .. LogFormats.Arguments(_logFormat)]);
            var addresses = ClusterAddresses.OnLoopback(queryPort, managementPort, "127.0.0.1", rpcPort, redis, https: _tlsArguments.Length > 0) with
            {
                TlsCaPath = _tlsCaPath,
                Grpc = _grpcPort is { } grpc ? "127.0.0.1:" + Invariant(grpc) : null,
            };
            await WaitUntilAnswersAsync(management, ct => HealthProbes.HttpAnswersAsync(http, HealthProbes.Readiness(addresses.Management), ct), deadline.Token).ConfigureAwait(false);

            // Frontend 1 takes the cluster's RPC port, which model replicas are started with; every frontend shares the query port.
            _frontendRedis = redis;
            _joinToken = ClusterToken.Create();
            _joinToken.WriteFile(_paths.JoinTokenFile);
            _sharedQueryPort = queryPort;
            for (var index = 1; index <= options.Frontends; index++)
            {
                await StartFrontendAsync(index, index == 1 ? rpcPort : 0, http, deadline.Token).ConfigureAwait(false);
            }

            if (options.Prometheus)
            {
                addresses = addresses with { Prometheus = await StartPrometheusAsync(options, managementPort, taken, http, deadline.Token).ConfigureAwait(false) };
            }

            _addresses = addresses;
            SaveState();
            Log.ClusterStarted(_logger, _cluster, addresses.Query, addresses.Management, redis);
            return addresses;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>The cluster's addresses, or null before it was started.</summary>
    public ClusterAddresses? Addresses => _addresses;

    /// <summary>Stops every replica, then the frontends, then Redis; removes the state file.</summary>
    public async Task ShutdownAsync(bool graceful)
    {
        lock (_lock)
        {
            _shutDown = true;
        }

        var grace = graceful ? TimeSpan.FromSeconds(10) : TimeSpan.Zero;
        await StopAllModelsAsync(grace).ConfigureAwait(false);
        await StopPrometheusAsync(grace).ConfigureAwait(false);
        await StopFrontendsAsync(grace).ConfigureAwait(false);
        foreach (var id in new[] { ManagementId, RedisId })
        {
            SupervisedProcess? part;
            lock (_lock)
            {
                _parts.Remove(id, out part);
            }

            if (part is not null)
            {
                await part.StopAsync(grace).ConfigureAwait(false);
            }
        }

        File.Delete(_paths.StateFile);
        Log.ClusterStopped(_logger, _cluster);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync(graceful: false).ConfigureAwait(false);
        _startGate.Dispose();
    }

    /// <summary>Refuses new work once a shutdown began: whatever started after its sweep would be left running.</summary>
    private void ThrowIfShutDownLocked()
    {
        if (_shutDown)
        {
            throw new ContainerManagerException($"Cluster '{_cluster}' is shutting down.");
        }
    }

    private SupervisedProcess? FindProcess(string id)
    {
        lock (_lock)
        {
            foreach (var process in AllProcessesLocked())
            {
                if (process.Spec.Id == id)
                {
                    return process;
                }
            }
        }

        return null;
    }

    private IEnumerable<SupervisedProcess> AllProcessesLocked()
    {
        foreach (var part in _parts.Values)
        {
            yield return part;
        }

        foreach (var group in _models.Values)
        {
            foreach (var replica in group.Replicas)
            {
                yield return replica;
            }
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
