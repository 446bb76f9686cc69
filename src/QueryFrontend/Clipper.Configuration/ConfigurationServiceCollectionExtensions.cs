using Clipper.Configuration.Redis;
using Clipper.Configuration.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clipper.Configuration;

/// <summary>Registers the configuration store and watcher in a service collection.</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="RedisConfigurationStore"/> (connecting in the background, disposed with the
    /// container) as <see cref="IConfigurationStore"/>.
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
        return services;
    }

    /// <summary>
    /// Registers the store (see <see cref="AddClipperConfigurationStore"/>) and a <see cref="ConfigurationWatcher"/>
    /// that a hosted service starts with the host and stops with it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="storeOptions">Where Redis is; validated now.</param>
    /// <param name="watcherOptions">Timeouts and backoff; defaults when <see langword="null"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddClipperConfigurationWatcher(
        this IServiceCollection services,
        RedisStoreOptions storeOptions,
        ConfigurationWatcherOptions? watcherOptions = null)
    {
        var options = watcherOptions ?? new ConfigurationWatcherOptions();
        options.Validate();
        services.AddClipperConfigurationStore(storeOptions);
        services.TryAddSingleton(sp => new ConfigurationWatcher(
            sp.GetRequiredService<IConfigurationStore>(),
            options,
            sp.GetService<ILogger<ConfigurationWatcher>>(),
            sp.GetService<TimeProvider>()));
        services.AddHostedService<ConfigurationWatcherService>();
        return services;
    }

    private sealed class ConfigurationWatcherService(ConfigurationWatcher watcher) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            watcher.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => watcher.DisposeAsync().AsTask().WaitAsync(cancellationToken);
    }
}
