using Microsoft.Extensions.Logging;

namespace Clipper.Admin.Canary;

/// <summary>The canary transitions and the controller's troubles.</summary>
internal static partial class CanaryLog
{
    [LoggerMessage(EventId = 1350, Level = LogLevel.Information, Message = "Canary started on {App}: model {Model} version {Version} at {Percent}% (baseline {Baseline}), step {Step}% every {IntervalSeconds} s, limits error rate {MaxErrorRate} and p99 {MaxP99Micros} us")]
    public static partial void Started(ILogger logger, string app, string model, string version, int percent, string baseline, int step, double intervalSeconds, double maxErrorRate, long maxP99Micros);

    [LoggerMessage(EventId = 1351, Level = LogLevel.Information, Message = "Canary on {App} widened: model {Model} version {Version} from {From}% to {Percent}% (baseline {Baseline}): {Reason}")]
    public static partial void Widened(ILogger logger, string app, string model, string version, int from, int percent, string baseline, string reason);

    [LoggerMessage(EventId = 1352, Level = LogLevel.Information, Message = "Canary on {App} promoted: model {Model} version {Version} is current (was {Baseline}) at {Percent}%: {Reason}")]
    public static partial void Promoted(ILogger logger, string app, string model, string version, string baseline, int percent, string reason);

    [LoggerMessage(EventId = 1353, Level = LogLevel.Warning, Message = "Canary on {App} rolled back: model {Model} version {Version} at {Percent}%, every query back to {Baseline}: {Reason}")]
    public static partial void RolledBack(ILogger logger, string app, string model, string version, int percent, string baseline, string reason);

    [LoggerMessage(EventId = 1354, Level = LogLevel.Information, Message = "Canary on {App}: {Action} not applied: {Error}")]
    public static partial void NotApplied(ILogger logger, string app, string action, string error);

    [LoggerMessage(EventId = 1355, Level = LogLevel.Warning, Message = "Canary controller could not check the canaries (retrying in {PeriodMs} ms): {Reason}")]
    public static partial void TickFailed(ILogger logger, double periodMs, string reason);
}
