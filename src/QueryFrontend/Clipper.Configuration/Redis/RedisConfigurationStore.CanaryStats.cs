namespace Clipper.Configuration.Redis;

/// <summary>The canary windows, on the store's connection.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <summary>
    /// Creates the store of the frontends' canary windows (<see cref="ICanaryStatsStore"/>) over this store's connection and
    /// key prefix. It uses the connection as long as this store is not disposed.
    /// </summary>
    /// <param name="timeProvider">The clock that decides which windows are stale (the system's when null).</param>
    /// <returns>The stats store.</returns>
    public RedisCanaryStats CreateCanaryStats(TimeProvider? timeProvider = null) => new(_multiplexer, _options, timeProvider);
}
