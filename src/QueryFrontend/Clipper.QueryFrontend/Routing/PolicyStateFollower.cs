using Clipper.Configuration;
using Clipper.QueryFrontend.Selection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Routing;

/// <summary>
/// Reads the learned weights of every application with a learning policy (Exp3, Exp4) from the store every
/// <see cref="Period"/>, so that each frontend routes by what all of them learned from feedback.
/// </summary>
internal sealed partial class PolicyStateFollower : BackgroundService
{
    /// <summary>How often the weights are read back.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(2);

    private readonly PolicyStates _states;
    private readonly IPolicyStateStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _failing;

    public PolicyStateFollower(PolicyStates states, IPolicyStateStore store, QueryFrontendOptions options, ILogger<PolicyStateFollower> logger)
    {
        _states = states;
        _store = store;
        _time = options.TimeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await ReadAllAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Period, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads every learning application's weights once; a failure keeps the last ones and is logged once until a read succeeds.</summary>
    internal async Task ReadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var state in _states.All)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_readTimeout);
            try
            {
                state.Load(await _store.LoadAsync(state.App, timeout.Token).ConfigureAwait(false));
                if (_failing)
                {
                    _failing = false;
                    LogReadRestored(_logger);
                }
            }
            catch (Exception exception) when (exception is ConfigurationStoreException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (!_failing)
                {
                    _failing = true;
                    LogReadFailed(_logger, state.App, exception.Message);
                }
            }
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Reading the learned weights of application {App} failed ({Reason}); routing keeps the last ones read")]
    private static partial void LogReadFailed(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "Reading the learned weights works again")]
    private static partial void LogReadRestored(ILogger logger);
}
