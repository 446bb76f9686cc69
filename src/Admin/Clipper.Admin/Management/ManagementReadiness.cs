using Clipper.Configuration.Health;
using Clipper.Configuration.Redis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Management;

/// <summary>
/// The management frontend's readiness (<c>GET /readyz</c>): Redis answers a PING, and its listener is up. Why Redis does
/// not answer goes to the log, once per change, never into the answer.
/// </summary>
internal sealed class ManagementReadiness
{
    /// <summary>How long a probe waits for Redis: below the probes' own timeouts (Kubernetes' default is 1 s).</summary>
    private static readonly TimeSpan s_pingTimeout = TimeSpan.FromMilliseconds(800);

    private readonly RedisConfigurationStore _store;
    private readonly IServer _server;
    private readonly ILogger _logger;
    private int _redisAway;

    public ManagementReadiness(RedisConfigurationStore store, IServer server, ILogger logger)
    {
        _store = store;
        _server = server;
        _logger = logger;
    }

    /// <summary>Runs the checks, in the order <c>GET /readyz</c> lists them.</summary>
    public async ValueTask<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken cancellationToken)
    {
        var reason = await _store.PingAsync(s_pingTimeout, cancellationToken).ConfigureAwait(false);
        if (reason is null)
        {
            if (Interlocked.Exchange(ref _redisAway, 0) == 1)
            {
                ManagementLog.ReadyAgain(_logger);
            }
        }
        else if (Interlocked.Exchange(ref _redisAway, 1) == 0)
        {
            ManagementLog.NotReady(_logger, reason);
        }

        return
        [
            reason is null ? new("configuration", true, "Redis answers") : new("configuration", false, "Redis does not answer"),
            HealthEndpoints.Listeners(_server),
        ];
    }
}
