using Clipper.Configuration;
using Clipper.QueryFrontend.Lifetime;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Canary;

/// <summary>
/// Each second, checks every running canary's p99 on this frontend and publishes its window (answered, failed, p99
/// since the canary's last step) for the management frontend's controller, which widens, promotes or rolls back.
/// </summary>
internal sealed partial class CanaryPublisher : PeriodicService
{
    // A window outlives a few missed publications, not a frontend that stopped.
    private static readonly TimeSpan s_ttl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_publishTimeout = TimeSpan.FromSeconds(2);

    private readonly CanaryMonitors _monitors;
    private readonly ICanaryStatsStore _stats;
    private readonly TimeProvider _time;
    private readonly string _frontendId;
    private readonly ILogger _logger;
    private bool _failing;

    public CanaryPublisher(CanaryMonitors monitors, ICanaryStatsStore stats, QueryFrontendOptions options, ILogger<CanaryPublisher> logger)
        : base(TimeSpan.FromSeconds(1), options.TimeProvider)
    {
        _monitors = monitors;
        _stats = stats;
        _time = options.TimeProvider;
        _frontendId = options.EffectiveFrontendId;
        _logger = logger;
    }

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => PublishAllAsync(cancellationToken);

    /// <summary>Checks and publishes every running canary's window once; a failure is logged once until a publication succeeds.</summary>
    internal async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        foreach (var monitor in _monitors.All)
        {
            monitor.CheckLatency();
            var window = new CanaryWindow
            {
                FrontendId = _frontendId,
                Answered = monitor.Answered,
                Failed = monitor.Failed,
                P99Micros = monitor.P99Micros(),
                Since = monitor.Record.StepAt,
                At = _time.GetUtcNow(),
            };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_publishTimeout);
            try
            {
                await _stats.PublishAsync(monitor.App, window, s_ttl, timeout.Token).ConfigureAwait(false);
                _failing = false;
            }
            catch (Exception exception) when (exception is ConfigurationStoreException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (!_failing)
                {
                    _failing = true;
                    LogPublishFailed(_logger, monitor.App, exception.Message);
                }
            }
        }
    }

    [LoggerMessage(EventId = 223, Level = LogLevel.Warning, Message = "Publishing application {App}'s canary window failed ({Reason}); retrying each second")]
    private static partial void LogPublishFailed(ILogger logger, string app, string reason);
}
