using Clipper.Configuration.Health;
using Clipper.Configuration.Watching;
using Clipper.QueryFrontend.Lifetime;
using Microsoft.AspNetCore.Hosting.Server;

namespace Clipper.QueryFrontend.Health;

/// <summary>
/// The query frontend's readiness (<c>GET /readyz</c>, and <c>GET /ready</c> as before): its configuration was loaded
/// from Redis at least once, its listeners are up, and it is not draining (the <see cref="ShutdownDelay"/> after a stop).
/// </summary>
internal sealed class FrontendReadiness
{
    private readonly ConfigurationWatcher _watcher;
    private readonly IServer _server;
    private readonly ShutdownDelay _shutdown;

    public FrontendReadiness(ConfigurationWatcher watcher, IServer server, ShutdownDelay shutdown)
    {
        _watcher = watcher;
        _server = server;
        _shutdown = shutdown;
    }

    /// <summary>Whether every check passes (the protocols' own ready endpoints, such as <c>GET /v2/health/ready</c>, answer this).</summary>
    public bool IsReady
    {
        get
        {
            foreach (var check in Check())
            {
                if (!check.Passed)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The checks, in the order <c>GET /readyz</c> lists them. Reads flags: no I/O.</summary>
    public IReadOnlyList<ReadinessCheck> Check() =>
    [
        Configuration(),
        HealthEndpoints.Listeners(_server),
        _shutdown.IsStopping ? new("draining", false, "yes") : new("draining", true, "no"),
    ];

    private ReadinessCheck Configuration()
    {
        if (!_watcher.HasLoaded)
        {
            return new("configuration", false, "not loaded (Redis not reached yet)");
        }

        // Redis lost after the first load: the frontend serves on with the last snapshot, so it stays ready.
        return _watcher.IsSynchronized
            ? new("configuration", true, "loaded")
            : new("configuration", true, "loaded (Redis away: serving the last configuration)");
    }
}
