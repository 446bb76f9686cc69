using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Lifetime;

/// <summary>
/// Keeps a stopping frontend serving for <see cref="QueryFrontendOptions.ShutdownDelay"/> before its listeners close,
/// while <c>GET /readyz</c> (and <c>GET /ready</c>) answer 503: a load balancer (a Kubernetes Service's endpoints) stops sending new
/// connections during the delay, so none arrives at a closed port. Runs before the server stops because the host
/// calls <see cref="IHostedLifecycleService.StoppingAsync"/> before any <see cref="IHostedService.StopAsync"/>.
/// </summary>
internal sealed partial class ShutdownDelay : IHostedLifecycleService
{
    private readonly QueryFrontendOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenRegistration _onStopping;
    private volatile bool _stopping;
    private volatile bool _draining;

    private readonly SharedPortListener? _sharedPort;

    public ShutdownDelay(QueryFrontendOptions options, IHostApplicationLifetime lifetime, ILogger<ShutdownDelay> logger, SharedPortListener? sharedPort = null)
    {
        _options = options;
        _sharedPort = sharedPort;
        _logger = logger;
        _onStopping = lifetime.ApplicationStopping.UnsafeRegister(static state => ((ShutdownDelay)state!)._stopping = true, this);
    }

    /// <summary>True once the frontend was asked to stop: it is no longer ready for new clients.</summary>
    public bool IsStopping => _stopping;

    /// <summary>
    /// True once the delay is over and the listeners close: requests still arriving on an open HTTP/2 connection (gRPC)
    /// are refused with a retry hint rather than started while the frontend drains.
    /// </summary>
    public bool IsDraining => _draining;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _stopping = true;

        // No new client comes through the shared port from now on; those already here are answered
        // (with Connection: close) during the delay, and the rest of the drain follows.
        _sharedPort?.Leave();
        if (_options.ShutdownDelay <= TimeSpan.Zero)
        {
            _draining = true;
            return;
        }

        Log.Delaying(_logger, (long)_options.ShutdownDelay.TotalMilliseconds);
        try
        {
            await Task.Delay(_options.ShutdownDelay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out: stop now.
        }

        _draining = true;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _onStopping.Dispose();
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Stopping: serving {DelayMs} ms more while GET /readyz and GET /ready answer 503, then closing the listeners")]
        public static partial void Delaying(ILogger logger, long delayMs);
    }
}
