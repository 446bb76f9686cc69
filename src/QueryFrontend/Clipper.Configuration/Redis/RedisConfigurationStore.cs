using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>
/// The configuration store in Redis (layout in docs/redis-layout.md). A change reads a consistent snapshot,
/// checks it with <see cref="Validation.ConfigurationValidator"/>, then commits in one MULTI/EXEC that is
/// conditional on the revision it read: the writes, a revision increment and a notification on the change
/// channel land together or not at all. A change that loses a race is retried against the new state.
/// </summary>
public sealed partial class RedisConfigurationStore : IConfigurationStore, IAsyncDisposable
{
    private readonly Task<IConnectionMultiplexer> _multiplexer;
    private readonly bool _ownsMultiplexer;
    private readonly RedisStoreOptions _options;
    private readonly RedisKeys _keys;
    private readonly ILogger _logger;

    /// <summary>Creates a store over a connection owned by the caller.</summary>
    /// <param name="multiplexer">The connection; the store does not dispose it.</param>
    /// <param name="options">Key prefix and retry limits (the address and timeouts of <paramref name="multiplexer"/> apply).</param>
    /// <param name="logger">The logger.</param>
    public RedisConfigurationStore(IConnectionMultiplexer multiplexer, RedisStoreOptions options, ILogger<RedisConfigurationStore>? logger = null)
        : this(Task.FromResult(multiplexer ?? throw new ArgumentNullException(nameof(multiplexer))), ownsMultiplexer: false, options, logger)
    {
    }

    private RedisConfigurationStore(Task<IConnectionMultiplexer> multiplexer, bool ownsMultiplexer, RedisStoreOptions options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _keys = new RedisKeys(options.KeyPrefix);
        _logger = logger ?? NullLogger.Instance;
        _ownsMultiplexer = ownsMultiplexer;
        _multiplexer = InitializeAsync(multiplexer);
    }

    /// <inheritdoc />
    public event Action? ConnectionLost;

    /// <inheritdoc />
    public event Action? ConnectionRestored;

    /// <summary>
    /// Creates a store with its own connection and returns at once: the connection is made in the background
    /// and keeps retrying (a frontend may start before Redis). Operations wait for it up to
    /// <see cref="RedisStoreOptions.OperationTimeout"/>.
    /// </summary>
    /// <param name="options">Where Redis is and how to use it.</param>
    /// <param name="loggerFactory">Creates the store's logger.</param>
    /// <returns>The store; dispose it to close the connection.</returns>
    public static RedisConfigurationStore Connect(RedisStoreOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var configuration = RedisConnectionFactory.CreateConfiguration(options);
        var connecting = ConnectAsync(configuration);
        return new RedisConfigurationStore(connecting, ownsMultiplexer: true, options, loggerFactory?.CreateLogger<RedisConfigurationStore>());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        IConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _multiplexer.ConfigureAwait(false);
        }
        catch (RedisException)
        {
            // The connection was never created: there is nothing to close.
            return;
        }

        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        if (_ownsMultiplexer)
        {
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration) =>
        await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);

    private async Task<IConnectionMultiplexer> InitializeAsync(Task<IConnectionMultiplexer> connecting)
    {
        // A failure here is rethrown by every operation that awaits the connection, instead of being lost.
        var multiplexer = await connecting.ConfigureAwait(false);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        if (!multiplexer.IsConnected)
        {
            // The client keeps retrying in the background without a word; one PING says why it cannot connect (Redis
            // away, or refusing the password), which is what an operator needs at start.
            _ = ReportWhyNotConnectedAsync(multiplexer);
        }

        return multiplexer;
    }

    private async Task ReportWhyNotConnectedAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            await multiplexer.GetDatabase().PingAsync().ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            Log.NotConnected(_logger, _options.RedisAddress, RefusedLogin(ex)
                ? "Redis refused the login: the password is wrong, or Redis requires one and none was given (the frontends read it from --redis-password-file, CLIPPER_REDIS_PASSWORD or a redis://:PASSWORD@HOST:PORT address)"
                : ex.Message);
        }
    }

    /// <summary>Whether the connection failed because Redis refused the password (or wanted one).</summary>
    private static bool RefusedLogin(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }
                || exception.Message.Contains("NOAUTH", StringComparison.Ordinal)
                || exception.Message.Contains("WRONGPASS", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ConnectionLost(_logger, e.EndPoint?.ToString(), e.ConnectionType, e.FailureType, e.Exception?.Message);
        ConnectionLost?.Invoke();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ConnectionRestored(_logger, e.EndPoint?.ToString(), e.ConnectionType);
        ConnectionRestored?.Invoke();
    }

    private async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        var multiplexer = await _multiplexer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase();
    }

    private async Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            return await body(database).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw StoreExceptions.Unavailable(operation, _options.RedisAddress, ex);
        }
    }
}
