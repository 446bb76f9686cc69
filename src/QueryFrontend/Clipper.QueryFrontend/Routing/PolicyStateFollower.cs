using Clipper.Configuration;
using Clipper.QueryFrontend.Lifetime;
using Clipper.QueryFrontend.Selection;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Routing;

/// <summary>
/// Reads the learned weights of every application with a learning policy (Exp3, Exp4) from the store every second,
/// so that each frontend routes by what all of them learned from feedback.
/// </summary>
internal sealed partial class PolicyStateFollower : PeriodicService
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(2);

    private readonly PolicyStates _states;
    private readonly IPolicyStateStore _store;
    private readonly ILogger _logger;
    private bool _failing;

    public PolicyStateFollower(PolicyStates states, IPolicyStateStore store, QueryFrontendOptions options, ILogger<PolicyStateFollower> logger)
        : base(TimeSpan.FromSeconds(1), options.TimeProvider)
    {
        _states = states;
        _store = store;
        _logger = logger;
    }

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => ReadAllAsync(cancellationToken);

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
