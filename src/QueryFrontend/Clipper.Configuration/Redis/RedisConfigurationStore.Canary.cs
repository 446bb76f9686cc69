using Clipper.Configuration.Validation;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Canary rollouts: changes like any other (validated, revision, notification), each in one transaction.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <inheritdoc />
    public Task<ConfigurationResult> StartCanaryAsync(string applicationName, CanaryRecord canary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(canary);
        return ChangeAsync(
            ChangeOperations.StartCanary,
            applicationName + " " + canary.Model + ":" + canary.Version,
            state => ConfigurationValidator.CheckStartCanary(state, applicationName, canary),
            (transaction, state) =>
            {
                var app = state.Applications[applicationName];
                var started = canary with
                {
                    BaselineVersion = state.CurrentVersions[canary.Model].Version,
                    MaxP99 = canary.MaxP99 > TimeSpan.Zero ? canary.MaxP99 : TimeSpan.FromMicroseconds(app.LatencySloMicros),
                    Reason = "",
                };
                _ = transaction.StringSetAsync(_keys.Canary(applicationName), RedisCanaryCodec.Encode(started));

                // The windows of an earlier canary measured other versions.
                _ = transaction.KeyDeleteAsync(_keys.CanaryStats(applicationName));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> SetCanaryAsync(string applicationName, CanaryRecord expected, CanaryRecord next, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(next);
        return ChangeAsync(
            ChangeOperations.SetCanary,
            applicationName + " " + next.Model + ":" + next.Version + " " + next.Percent + "%",
            state => ConfigurationValidator.CheckSetCanary(state, applicationName, RedisCanaryCodec.Normalize(expected), next),
            (transaction, state) => _ = transaction.StringSetAsync(_keys.Canary(applicationName), RedisCanaryCodec.Encode(next)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> RollBackCanaryAsync(string applicationName, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(reason);
        return ChangeAsync(
            ChangeOperations.RollBackCanary,
            applicationName,
            state => ConfigurationValidator.CheckCanaryExists(state, applicationName, out _),
            (transaction, state) => WriteRollBack(transaction, applicationName, state.Applications[applicationName].Canary!, reason),
            cancellationToken,
            unchanged: state => !state.Applications[applicationName].Canary!.IsRunning);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> PromoteCanaryAsync(string applicationName, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        ArgumentNullException.ThrowIfNull(reason);
        return ChangeAsync(
            ChangeOperations.PromoteCanary,
            applicationName,
            state => ConfigurationValidator.CheckPromoteCanary(state, applicationName),
            (transaction, state) =>
            {
                var canary = state.Applications[applicationName].Canary!;
                var promoted = canary with { State = CanaryState.Promoted, Percent = 100, Reason = reason };
                _ = transaction.StringSetAsync(_keys.Canary(applicationName), RedisCanaryCodec.Encode(promoted));
                _ = transaction.HashSetAsync(_keys.CurrentVersions, canary.Model, canary.Version);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<ConfigurationResult> DeleteCanaryAsync(string applicationName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(applicationName);
        return ChangeAsync(
            ChangeOperations.DeleteCanary,
            applicationName,
            state => ConfigurationValidator.CheckDeleteCanary(state, applicationName),
            (transaction, state) => _ = transaction.KeyDeleteAsync([_keys.Canary(applicationName), _keys.CanaryStats(applicationName)]),
            cancellationToken);
    }

    /// <summary>Appends a running canary's rollback to a transaction (its percentage kept for the record).</summary>
    private void WriteRollBack(ITransaction transaction, string applicationName, CanaryRecord canary, string reason) =>
        _ = transaction.StringSetAsync(_keys.Canary(applicationName), RedisCanaryCodec.Encode(canary with { State = CanaryState.RolledBack, Reason = reason }));
}
