using System.Globalization;
using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// The learned selection state in Redis: one hash per application, <c>policy-state:&lt;app&gt;</c>, model name →
/// log-weight (docs/redis-layout.md). Additions are HINCRBYFLOAT in one MULTI/EXEC, so they commute: every frontend's
/// feedback adds up, in any order, and the additions of one feedback land together.
/// </summary>
/// <remarks>
/// A field that is not a number (written by hand) is left out of <see cref="LoadAsync"/>, so its model counts as
/// 0; the next addition to it replaces it with the delta (event 1108). Two frontends replacing it at once keep one
/// delta: a repair, not a race that normal operation meets.
/// </remarks>
public sealed partial class RedisPolicyState : IPolicyStateStore
{
    private readonly Task<IConnectionMultiplexer> _multiplexer;
    private readonly RedisStoreOptions _options;
    private readonly RedisKeys _keys;
    private readonly ILogger _logger;

    /// <summary>Creates the state store over a connection owned by the caller.</summary>
    /// <param name="multiplexer">The connection; the store does not dispose it.</param>
    /// <param name="options">The key prefix (the address and timeouts of <paramref name="multiplexer"/> apply).</param>
    /// <param name="logger">The logger.</param>
    public RedisPolicyState(IConnectionMultiplexer multiplexer, RedisStoreOptions options, ILogger<RedisPolicyState>? logger = null)
        : this(Task.FromResult(multiplexer ?? throw new ArgumentNullException(nameof(multiplexer))), options, logger)
    {
    }

    /// <summary>Creates the state store over the connection of a <see cref="RedisConfigurationStore"/>, which owns it.</summary>
    internal RedisPolicyState(Task<IConnectionMultiplexer> multiplexer, RedisStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _multiplexer = multiplexer;
        _options = options;
        _keys = new RedisKeys(options.KeyPrefix);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, double>> LoadAsync(string applicationName, CancellationToken cancellationToken = default)
    {
        ValidateName(applicationName, nameof(applicationName), "application name");
        var database = await GetDatabaseAsync("load_policy_state", cancellationToken).ConfigureAwait(false);
        HashEntry[] entries;
        try
        {
            entries = await database.HashGetAllAsync(_keys.PolicyState(applicationName)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw StoreExceptions.Unavailable("load_policy_state", _options.RedisAddress, ex);
        }

        var state = new Dictionary<string, double>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (double.TryParse(entry.Value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var logWeight) && double.IsFinite(logWeight))
            {
                state[entry.Name.ToString()] = logWeight;
            }
        }

        return state;
    }

    /// <inheritdoc />
    public Task AddAsync(string applicationName, ReadOnlyMemory<(string Model, double Delta)> deltas, CancellationToken cancellationToken = default)
    {
        ValidateName(applicationName, nameof(applicationName), "application name");
        var count = 0;
        foreach (var (model, delta) in deltas.Span)
        {
            ValidateName(model, nameof(deltas), "model name");
            if (!double.IsFinite(delta))
            {
                throw new ArgumentException($"The log-weight delta of model '{model}' is {delta.ToString(CultureInfo.InvariantCulture)}; expected a finite number.", nameof(deltas));
            }

            count += delta != 0 ? 1 : 0;
        }

        return count == 0 ? Task.CompletedTask : AddCoreAsync(applicationName, deltas, count, cancellationToken);
    }

    /// <inheritdoc />
    public async Task ResetAsync(string applicationName, CancellationToken cancellationToken = default)
    {
        ValidateName(applicationName, nameof(applicationName), "application name");
        var database = await GetDatabaseAsync("reset_policy_state", cancellationToken).ConfigureAwait(false);
        try
        {
            await database.KeyDeleteAsync(_keys.PolicyState(applicationName)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw StoreExceptions.Unavailable("reset_policy_state", _options.RedisAddress, ex);
        }
    }

    private async Task AddCoreAsync(string applicationName, ReadOnlyMemory<(string Model, double Delta)> deltas, int count, CancellationToken cancellationToken)
    {
        var key = _keys.PolicyState(applicationName);
        var database = await GetDatabaseAsync("add_policy_state", cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = database.CreateTransaction();
            var increments = new Task<double>[count];
            var next = 0;
            foreach (var (model, delta) in deltas.Span)
            {
                if (delta != 0)
                {
                    increments[next++] = transaction.HashIncrementAsync(key, model, delta);
                }
            }

            await transaction.ExecuteAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            await RepairUnreadableAsync(database, key, applicationName, deltas, increments).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw StoreExceptions.Unavailable("add_policy_state", _options.RedisAddress, ex);
        }
    }

    /// <summary>
    /// Replaces the fields whose increment Redis refused because they hold no number. EXEC applied the others: each
    /// command of a transaction fails alone.
    /// </summary>
    private async Task RepairUnreadableAsync(IDatabase database, RedisKey key, string applicationName, ReadOnlyMemory<(string Model, double Delta)> deltas, Task<double>[] increments)
    {
        List<HashEntry>? replacements = null;
        var next = 0;
        for (var i = 0; i < deltas.Length; i++)
        {
            var (model, delta) = deltas.Span[i];
            if (delta == 0)
            {
                continue;
            }

            // Any other refusal (the key is not a hash) is the store's failure, and goes on.
            try
            {
                await increments[next++].ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Message.Contains("not a float", StringComparison.OrdinalIgnoreCase))
            {
                Log.ReplacedUnreadable(_logger, applicationName, model);
                (replacements ??= []).Add(new HashEntry(model, delta));
            }
        }

        if (replacements is not null)
        {
            await database.HashSetAsync(key, [.. replacements]).ConfigureAwait(false);
        }
    }

    private async Task<IDatabase> GetDatabaseAsync(string operation, CancellationToken cancellationToken)
    {
        try
        {
            var multiplexer = await _multiplexer.WaitAsync(cancellationToken).ConfigureAwait(false);
            return multiplexer.GetDatabase();
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw StoreExceptions.Unavailable(operation, _options.RedisAddress, ex);
        }
    }

    private static void ValidateName(string? name, string parameter, string subject)
    {
        if (!ModelNames.IsValid(name))
        {
            throw new ArgumentException(ConfigurationErrors.InvalidName(parameter, subject, name).Message, parameter);
        }
    }
}
