using System.Collections.Concurrent;
using Clipper.Configuration;
using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Canary;

/// <summary>
/// Logs and counts every canary transition once, whoever made it: the management operations, the controller, or (seen by
/// the controller) a query frontend that rolled a canary back on a breach.
/// </summary>
internal sealed class CanaryTransitions(CanaryMetrics metrics, ILogger<CanaryTransitions> logger)
{
    /// <summary>The finishes already recorded, by application: the start time of the canary that finished.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _finished = new(StringComparer.Ordinal);

    public void Started(string app, CanaryRecord canary)
    {
        CanaryLog.Started(logger, app, canary.Model, canary.Version, canary.Percent, canary.BaselineVersion, canary.Step, canary.Interval.TotalSeconds, canary.MaxErrorRate, (long)canary.MaxP99.TotalMicroseconds);
        metrics.Transition(app, "started");
    }

    public void Widened(string app, CanaryRecord from, int percent, string reason)
    {
        CanaryLog.Widened(logger, app, from.Model, from.Version, from.Percent, percent, from.BaselineVersion, reason);
        metrics.Transition(app, "widened");
    }

    public void Promoted(string app, CanaryRecord canary, string reason)
    {
        _finished[app] = canary.StartedAt;
        CanaryLog.Promoted(logger, app, canary.Model, canary.Version, canary.BaselineVersion, 100, reason);
        metrics.Transition(app, "promoted");
    }

    public void RolledBack(string app, CanaryRecord canary, string reason)
    {
        _finished[app] = canary.StartedAt;
        CanaryLog.RolledBack(logger, app, canary.Model, canary.Version, canary.Percent, canary.BaselineVersion, reason);
        metrics.Transition(app, "rolled_back");
    }

    public void NotApplied(string app, string action, ConfigurationError error) => CanaryLog.NotApplied(logger, app, action, error.ToString());

    /// <summary>Records a finish made elsewhere (a frontend's rollback), unless this process recorded it already.</summary>
    /// <param name="app">The application.</param>
    /// <param name="finished">The canary as it is now stored, finished.</param>
    public void Observed(string app, CanaryRecord finished)
    {
        if (_finished.TryGetValue(app, out var startedAt) && startedAt == finished.StartedAt)
        {
            return;
        }

        if (finished.State == CanaryState.Promoted)
        {
            Promoted(app, finished, finished.Reason);
        }
        else
        {
            RolledBack(app, finished, finished.Reason);
        }
    }
}
