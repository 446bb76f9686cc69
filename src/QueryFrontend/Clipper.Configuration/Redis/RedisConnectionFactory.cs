using StackExchange.Redis;

namespace Clipper.Configuration.Redis;

/// <summary>Builds the StackExchange.Redis configuration from <see cref="RedisStoreOptions"/>.</summary>
public static class RedisConnectionFactory
{
    /// <summary>
    /// The connection configuration: never abort when the first connection fails (a frontend may start
    /// before Redis), reconnect at a fixed interval, and bound every command by the operation timeout.
    /// </summary>
    /// <param name="options">The store options.</param>
    /// <returns>The configuration.</returns>
    public static ConfigurationOptions CreateConfiguration(RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configuration = ConfigurationOptions.Parse(options.RedisAddress);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)options.ConnectTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new LinearRetry((int)options.ReconnectInterval.TotalMilliseconds);
        configuration.ClientName = options.ClientName;
        if (!string.IsNullOrEmpty(options.Password))
        {
            configuration.Password = options.Password;
            configuration.User = string.IsNullOrEmpty(options.User) ? null : options.User;
        }

        return configuration;
    }
}
