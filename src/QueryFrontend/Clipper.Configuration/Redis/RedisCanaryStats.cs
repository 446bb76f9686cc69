using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Clipper.Configuration.Validation;
using Clipper.ModelRpc.Protocol;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// The canary windows in Redis: one hash per application, <c>canary-stats:&lt;app&gt;</c>, frontend id → JSON
/// <c>{"answered", "failed", "p99_micros", "since", "at", "expires_at"}</c> (docs/redis-layout.md). A read ignores and
/// deletes the fields whose <c>expires_at</c> has passed; the key itself expires when no frontend has published for the
/// longest ttl given, so an abandoned application leaves nothing behind.
/// </summary>
public sealed class RedisCanaryStats : ICanaryStatsStore
{
    private readonly Task<IConnectionMultiplexer> _multiplexer;
    private readonly RedisStoreOptions _options;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over a connection owned by the caller.</summary>
    /// <param name="multiplexer">The connection; the store does not dispose it.</param>
    /// <param name="options">The key prefix (the address and timeouts of <paramref name="multiplexer"/> apply).</param>
    /// <param name="timeProvider">The clock that decides which windows are stale (the system's when null).</param>
    public RedisCanaryStats(IConnectionMultiplexer multiplexer, RedisStoreOptions options, TimeProvider? timeProvider = null)
        : this(Task.FromResult(multiplexer ?? throw new ArgumentNullException(nameof(multiplexer))), options, timeProvider)
    {
    }

    /// <summary>Creates the store over the connection of a <see cref="RedisConfigurationStore"/>, which owns it.</summary>
    internal RedisCanaryStats(Task<IConnectionMultiplexer> multiplexer, RedisStoreOptions options, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _multiplexer = multiplexer;
        _options = options;
        _keys = new RedisKeys(options.KeyPrefix);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task PublishAsync(string app, CanaryWindow w, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ValidateName(app);
        ArgumentNullException.ThrowIfNull(w);
        if (string.IsNullOrEmpty(w.FrontendId))
        {
            throw new ArgumentException("The window's FrontendId is empty; expected the publishing frontend's id.", nameof(w));
        }

        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The ttl of a canary window must be positive.");
        }

        var key = _keys.CanaryStats(app);
        await RunAsync("publish_canary_window", async database =>
        {
            var transaction = database.CreateTransaction();
            _ = transaction.HashSetAsync(key, w.FrontendId, Encode(w, w.At + ttl));

            // NX gives the new key a ttl; GT extends it for a longer one (a persistent key counts as infinite for GT).
            _ = transaction.KeyExpireAsync(key, ttl, ExpireWhen.HasNoExpiry);
            _ = transaction.KeyExpireAsync(key, ttl, ExpireWhen.GreaterThanCurrentExpiry);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CanaryWindow>> ReadAsync(string app, CancellationToken cancellationToken = default)
    {
        ValidateName(app);
        var key = _keys.CanaryStats(app);
        return await RunAsync<IReadOnlyList<CanaryWindow>>("read_canary_windows", async database =>
        {
            var entries = await database.HashGetAllAsync(key).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var live = new List<CanaryWindow>(entries.Length);
            List<RedisValue>? stale = null;
            foreach (var entry in entries)
            {
                if (TryDecode(entry.Name.ToString(), entry.Value.ToString(), out var window, out var expiresAt) && expiresAt >= now)
                {
                    live.Add(window);
                }
                else
                {
                    (stale ??= []).Add(entry.Name);
                }
            }

            if (stale is not null)
            {
                await database.HashDeleteAsync(key, [.. stale]).ConfigureAwait(false);
            }

            live.Sort((a, b) => string.CompareOrdinal(a.FrontendId, b.FrontendId));
            return live;
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string Encode(CanaryWindow w, DateTimeOffset expiresAt)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("answered", w.Answered);
            writer.WriteNumber("failed", w.Failed);
            writer.WriteNumber("p99_micros", w.P99Micros);
            writer.WriteString("since", w.Since.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("at", w.At.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("expires_at", expiresAt.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool TryDecode(string frontendId, string json, out CanaryWindow window, out DateTimeOffset expiresAt)
    {
        window = null!;
        expiresAt = default;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryInt64(root, "answered", out var answered)
                || !TryInt64(root, "failed", out var failed)
                || !TryInt64(root, "p99_micros", out var p99)
                || !TryTime(root, "since", out var since)
                || !TryTime(root, "at", out var at)
                || !TryTime(root, "expires_at", out expiresAt))
            {
                return false;
            }

            window = new CanaryWindow { FrontendId = frontendId, Answered = answered, Failed = failed, P99Micros = p99, Since = since, At = at };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryInt64(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt64(out value);
    }

    private static bool TryTime(JsonElement root, string name, out DateTimeOffset value)
    {
        value = default;
        return root.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParseExact(property.GetString(), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static void ValidateName(string? app)
    {
        if (!ModelNames.IsValid(app))
        {
            throw new ArgumentException(ConfigurationErrors.InvalidName("app", "application name", app).Message, nameof(app));
        }
    }

    private async Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            var multiplexer = await _multiplexer.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await body(multiplexer.GetDatabase()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw StoreExceptions.Unavailable(operation, _options.RedisAddress, ex);
        }
    }
}
