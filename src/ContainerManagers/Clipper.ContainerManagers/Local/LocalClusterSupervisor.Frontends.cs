using Clipper.ContainerManagers.Health;
using Clipper.ContainerManagers.Networking;
using Clipper.ModelRpc.Security;

namespace Clipper.ContainerManagers.Local;

/// <summary>
/// The query frontends: each its own HTTP and RPC port on loopback, all joined to the cluster's query port
/// (SO_REUSEPORT, <c>--shared-http-port</c>), so clients keep one address however many run.
/// </summary>
internal sealed partial class LocalClusterSupervisor
{
    /// <summary>
    /// How long a frontend stopped by a scale-down has to drain before it is killed: its own drain
    /// timeout (30 s, <c>QueryFrontendOptions.DrainTimeout</c>) and a margin.
    /// </summary>
    private static readonly TimeSpan s_frontendDrainGrace = TimeSpan.FromSeconds(36);

    /// <summary>
    /// How long a stopping frontend keeps its listeners open, answering with <c>Connection: close</c>,
    /// so that kept-alive clients move to the other frontends of the shared port between two requests.
    /// </summary>
    private const int FrontendShutdownDelayMs = 1000;

    private const string MigrateRequestsSetting = "/proc/sys/net/ipv4/tcp_migrate_req";

    private readonly List<LocalFrontend> _frontends = [];
    private string? _frontendRedis;
    private ClusterToken? _joinToken;
    private string[] _redisLogin = [];
    private int _sharedQueryPort;

    // The first frontend's gRPC port, or null when the cluster serves no gRPC; the others take free ports.
    private int? _grpcPort;

    /// <summary>The query frontends that run, first to last.</summary>
    public IReadOnlyList<LocalFrontend> Frontends
    {
        get
        {
            lock (_lock)
            {
                return [.. _frontends];
            }
        }
    }

    /// <summary>
    /// Starts or stops frontends until <paramref name="count"/> run, and waits until the new ones answer. The
    /// highest-numbered go first, with SIGTERM (they drain); frontend 1 always stays.
    /// </summary>
    /// <returns>The part ids of the frontends that run.</returns>
    public async Task<IReadOnlyList<string>> SetFrontendCountAsync(int count, TimeSpan startTimeout, CancellationToken cancellationToken)
    {
        QueryFrontendCount.Validate(count, "the number of query frontends");
        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_addresses is null)
            {
                throw new ContainerManagerException($"Cluster '{_cluster}' has not been started; start it before scaling its query frontends.");
            }

            var stopping = new List<SupervisedProcess>();
            int running;
            lock (_lock)
            {
                ThrowIfShutDownLocked();
                running = _frontends.Count;
                while (_frontends.Count > count)
                {
                    var last = _frontends[^1];
                    _frontends.RemoveAt(_frontends.Count - 1);
                    if (_parts.Remove(last.PartId, out var part))
                    {
                        stopping.Add(part);
                    }
                }
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(startTimeout);
            using var http = new HttpClient(_probeTrust.CreateHttpHandler());
            for (var index = running + 1; index <= count; index++)
            {
                await StartFrontendAsync(index, rpcPort: 0, http, deadline.Token).ConfigureAwait(false);
            }

            if (stopping.Count > 0 && !MigratesQueuedConnections())
            {
                Log.ConnectionsMayReset(_logger, stopping.Count);
            }

            // Prometheus scrapes the new list from now on; the frontends stopping drain unscraped.
            WritePrometheusTargets();
            await StopAllAsync(stopping, s_frontendDrainGrace).ConfigureAwait(false);
            SaveState();
            return [.. Frontends.Select(static f => f.PartId)];
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Starts frontend <paramref name="index"/> on free ports (its RPC port <paramref name="rpcPort"/> when not 0) and waits until it is ready (its own HTTP port answers <c>GET /readyz</c> with 200).</summary>
    private async Task StartFrontendAsync(int index, int rpcPort, HttpClient http, CancellationToken deadline)
    {
        var taken = new HashSet<int> { ControlPort, _sharedQueryPort };
        lock (_lock)
        {
            foreach (var running in _frontends)
            {
                taken.Add(running.HttpPort);
                taken.Add(running.RpcPort);
                if (running.GrpcPort is { } runningGrpc)
                {
                    taken.Add(runningGrpc);
                }
            }
        }

        var partId = LocalFrontend.PartIdOf(index);
        var httpPort = PortPicker.PickFree(taken);
        var rpc = rpcPort != 0 ? rpcPort : PortPicker.PickFree(taken);
        int? grpc = _grpcPort is null ? null : index == 1 ? _grpcPort : PortPicker.PickFree(taken);
        var frontend = new LocalFrontend(index, partId, _cluster + "-" + partId, httpPort, rpc) { Https = _tlsArguments.Length > 0, GrpcPort = grpc };
        lock (_lock)
        {
            ThrowIfShutDownLocked();
            _frontends.Add(frontend);
        }

        var part = StartPart(partId, [
            .. _clipperCommand, "query-frontend", "--redis", _frontendRedis!, .. _redisLogin, "--bind", "127.0.0.1",
            "--http-port", Invariant(httpPort), "--rpc-port", Invariant(rpc), "--shared-http-port", Invariant(_sharedQueryPort),
            "--frontend-id", frontend.FrontendId, "--advertise-host", "127.0.0.1", "--shutdown-delay-ms", Invariant(FrontendShutdownDelayMs),
            "--join-token-file", _paths.JoinTokenFile, .. _tlsArguments, .. LogFormats.Arguments(_logFormat), .. (grpc is { } grpcPort ? ["--grpc-port", Invariant(grpcPort)] : Array.Empty<string>()),
        ]);
        await WaitUntilAnswersAsync(part, ct => HealthProbes.HttpAnswersAsync(http, HealthProbes.Readiness(frontend.HttpAddress), ct), deadline).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether Linux moves connections queued on a closing listener to the others of its SO_REUSEPORT
    /// group (net.ipv4.tcp_migrate_req, Linux 5.14 and later); without it they are reset.
    /// </summary>
    private static bool MigratesQueuedConnections()
    {
        try
        {
            return File.ReadAllText(MigrateRequestsSetting).Trim() == "1";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Stops every frontend at once, last first in the list; used by the shutdown.</summary>
    private async Task StopFrontendsAsync(TimeSpan grace)
    {
        var stopping = new List<SupervisedProcess>();
        lock (_lock)
        {
            for (var i = _frontends.Count - 1; i >= 0; i--)
            {
                if (_parts.Remove(_frontends[i].PartId, out var part))
                {
                    stopping.Add(part);
                }
            }

            _frontends.Clear();
        }

        await Task.WhenAll(stopping.Select(p => p.StopAsync(grace))).ConfigureAwait(false);
    }
}
