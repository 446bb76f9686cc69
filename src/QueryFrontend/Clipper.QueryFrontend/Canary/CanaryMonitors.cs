using System.Collections.Concurrent;
using Clipper.Configuration;
using Microsoft.Extensions.Logging;

namespace Clipper.QueryFrontend.Canary;

/// <summary>
/// The running canaries' monitors on this frontend, by application. A canary that changed (widened, another version)
/// starts a new window; a monitor that stopped asks the store to roll back (once, off the request path).
/// </summary>
internal sealed partial class CanaryMonitors
{
    private static readonly TimeSpan s_storeTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, CanaryMonitor> _monitors = new(StringComparer.Ordinal);
    private readonly IConfigurationStore _store;
    private readonly ILogger _logger;
    private readonly Action<CanaryMonitor, string> _rollBack;

    public CanaryMonitors(IConfigurationStore store, ILogger<CanaryMonitors> logger)
    {
        _store = store;
        _logger = logger;
        _rollBack = (monitor, reason) => _ = RollBackAsync(monitor, reason);
    }

    /// <summary>The monitor of an application's running canary: the same one while the record stays, a new one when it changed.</summary>
    public CanaryMonitor For(string app, CanaryRecord record)
    {
        if (_monitors.TryGetValue(app, out var monitor) && monitor.Record == record)
        {
            return monitor;
        }

        monitor = new CanaryMonitor(app, record, _rollBack);
        _monitors[app] = monitor;
        return monitor;
    }

    /// <summary>Forgets the monitors of applications not in <paramref name="running"/>.</summary>
    public void RemoveExcept(IReadOnlySet<string> running)
    {
        foreach (var app in _monitors.Keys)
        {
            if (!running.Contains(app))
            {
                _monitors.TryRemove(app, out _);
            }
        }
    }

    /// <summary>A moment's view of every monitor, for the publisher.</summary>
    public ICollection<CanaryMonitor> All => _monitors.Values;

    private async Task RollBackAsync(CanaryMonitor monitor, string reason)
    {
        var record = monitor.Record;
        LogStopped(_logger, monitor.App, record.Model, record.Version, reason);
        try
        {
            using var timeout = new CancellationTokenSource(s_storeTimeout);
            var result = await _store.RollBackCanaryAsync(monitor.App, reason, timeout.Token).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                LogRollBackRefused(_logger, monitor.App, result.Error.ToString());
            }
        }
        catch (Exception exception) when (exception is ConfigurationStoreException or OperationCanceledException)
        {
            // This frontend already sends the canary nothing; the controller rolls back from the published window.
            LogRollBackFailed(_logger, monitor.App, exception.Message);
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Warning, Message = "Canary {Model}:{Version} of application {App} stopped on this frontend: {Reason}; asking the store to roll it back")]
    private static partial void LogStopped(ILogger logger, string app, string model, string version, string reason);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "The store did not roll back application {App}'s canary: {Reason}")]
    private static partial void LogRollBackRefused(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 222, Level = LogLevel.Warning, Message = "Rolling back application {App}'s canary failed ({Reason}); this frontend sends it nothing, and the controller sees the published window")]
    private static partial void LogRollBackFailed(ILogger logger, string app, string reason);
}
