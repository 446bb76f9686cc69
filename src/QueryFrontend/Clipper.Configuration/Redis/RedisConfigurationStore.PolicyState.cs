using Microsoft.Extensions.Logging;

namespace Clipper.Configuration.Redis;

/// <summary>The learned selection state, on the store's connection.</summary>
public sealed partial class RedisConfigurationStore
{
    /// <summary>
    /// Creates the store of the applications' learned selection state (<see cref="IPolicyStateStore"/>) over this
    /// store's connection and key prefix. It uses the connection as long as this store is not disposed.
    /// </summary>
    /// <param name="logger">Its logger.</param>
    /// <returns>The state store.</returns>
    public RedisPolicyState CreatePolicyState(ILogger<RedisPolicyState>? logger = null) => new(_multiplexer, _options, logger);
}
