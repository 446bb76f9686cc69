using System.Globalization;
using System.Text.Json;
using Clipper.Configuration;

namespace Clipper.Admin.Connection;

/// <summary>Canary rollouts (ours): a share of an application's queries for a model sent to another version, widened while it holds.</summary>
public sealed partial class ClipperConnection
{
    private const string CanaryFields = "model_name, model_version, baseline_version, percent, step, interval_seconds, max_error_rate, max_p99_micros, state, started_at, step_at, reason, answered, failed, error_rate, p99_micros";

    /// <summary>
    /// Starts a canary: <paramref name="percent"/> % of the application's queries for <paramref name="modelName"/> go to
    /// <paramref name="version"/>, the rest to the model's current version. The management frontend widens the share by
    /// <paramref name="step"/> every <paramref name="interval"/> while the limits hold, promotes the version at 100 %, and
    /// rolls it back at once when a limit breaks.
    /// </summary>
    /// <param name="appName">The application.</param>
    /// <param name="modelName">A model linked to it.</param>
    /// <param name="version">A registered version of the model that is not its current version.</param>
    /// <param name="percent">The first share, 1 to 100.</param>
    /// <param name="step">How much the share grows each interval, 0 to 100 (0: never; promote by hand).</param>
    /// <param name="interval">How long each share must hold (30 s when null).</param>
    /// <param name="maxErrorRate">The largest share of the canary's queries that may be answered by default, 0 to 1 (0.01 when null).</param>
    /// <param name="maxP99">The largest p99 latency (the application's latency objective when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task StartCanaryAsync(string appName, string modelName, string version, int percent, int step = 0, TimeSpan? interval = null, double? maxErrorRate = null, TimeSpan? maxP99 = null, CancellationToken cancellationToken = default) =>
        Management.PostAsync(
            "start_canary",
            new
            {
                app_name = appName,
                model_name = modelName,
                model_version = version,
                percent,
                step,
                interval_seconds = (interval ?? CanaryRecord.DefaultInterval).TotalSeconds,
                max_error_rate = maxErrorRate ?? CanaryRecord.DefaultMaxErrorRate,
                max_p99_micros = maxP99 is { } p99 ? (long)p99.TotalMicroseconds : 0,
            },
            cancellationToken);

    /// <summary>An application's canary (running or finished) with the live measure; null when it has none.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<CanaryInfo?> GetCanaryAsync(string appName, CancellationToken cancellationToken = default)
    {
        var json = await Management.QueryAsync("get_canary", new { app_name = appName }, cancellationToken).ConfigureAwait(false);
        return json.ValueKind == JsonValueKind.Object && json.TryGetProperty("model_name", out _) ? ReadCanary(appName, json) : null;
    }

    /// <summary>Promotes an application's running canary by hand: its version becomes the model's current version.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task PromoteCanaryAsync(string appName, CancellationToken cancellationToken = default) =>
        Management.PostAsync("promote_canary", new { app_name = appName }, cancellationToken);

    /// <summary>Rolls an application's running canary back by hand: every query goes to the baseline version again.</summary>
    /// <param name="appName">The application.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task RollBackCanaryAsync(string appName, CancellationToken cancellationToken = default) =>
        Management.PostAsync("rollback_canary", new { app_name = appName }, cancellationToken);

    internal static CanaryInfo ReadCanary(string appName, JsonElement json) => Read(
        () =>
        {
            var stateName = json.GetProperty("state").GetString();
            if (!CanaryStates.TryParse(stateName, out var state))
            {
                throw new FormatException($"unknown state '{stateName}' (expected running, promoted or rolled_back)");
            }

            var record = new CanaryRecord
            {
                Model = json.GetProperty("model_name").GetString()!,
                Version = json.GetProperty("model_version").GetString()!,
                BaselineVersion = json.GetProperty("baseline_version").GetString()!,
                Percent = json.GetProperty("percent").GetInt32(),
                Step = json.GetProperty("step").GetInt32(),
                Interval = TimeSpan.FromSeconds(json.GetProperty("interval_seconds").GetDouble()),
                MaxErrorRate = json.GetProperty("max_error_rate").GetDouble(),
                MaxP99 = TimeSpan.FromMicroseconds(json.GetProperty("max_p99_micros").GetInt64()),
                State = state,
                StartedAt = Time(json, "started_at"),
                StepAt = Time(json, "step_at"),
                Reason = json.GetProperty("reason").GetString()!,
            };
            return new CanaryInfo
            {
                App = appName,
                Record = record,
                Answered = json.GetProperty("answered").GetInt64(),
                Failed = json.GetProperty("failed").GetInt64(),
                ErrorRate = json.GetProperty("error_rate").GetDouble(),
                P99Micros = json.GetProperty("p99_micros").GetInt64(),
            };
        },
        "get_canary",
        CanaryFields);

    private static DateTimeOffset Time(JsonElement json, string name) =>
        DateTimeOffset.Parse(json.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
