using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Clipper.Configuration.Redis;

/// <summary>Registers the configuration store in a service collection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisConfigurationStore"/> (connecting in the background, disposed with the
    /// container) as <see cref="IConfigurationStore"/>, and the learned selection state on its connection
    /// (<see cref="RedisPolicyState"/>) as <see cref="IPolicyStateStore"/>, and the canary windows on it
    /// (<see cref="RedisCanaryStats"/>) as <see cref="ICanaryStatsStore"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">Where Redis is; validated now.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClipperConfigurationStore(this IServiceCollection services, RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => RedisConfigurationStore.Connect(options, sp.GetService<ILoggerFactory>()));
        services.TryAddSingleton<IConfigurationStore>(sp => sp.GetRequiredService<RedisConfigurationStore>());
        services.TryAddSingleton<IPolicyStateStore>(sp =>
            sp.GetRequiredService<RedisConfigurationStore>().CreatePolicyState(sp.GetService<ILogger<RedisPolicyState>>()));
        services.TryAddSingleton<ICanaryStatsStore>(sp =>
            sp.GetRequiredService<RedisConfigurationStore>().CreateCanaryStats(sp.GetService<TimeProvider>()));
        return services;
    }
}
