using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Clipper.Admin.Canary;

/// <summary>Registers the canary controller and what records transitions.</summary>
internal static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the canary controller as a hosted service (it needs <see cref="Configuration.IConfigurationStore"/> and
    /// <see cref="Configuration.ICanaryStatsStore"/>), with <see cref="CanaryTransitions"/> and <see cref="CanaryMetrics"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The controller's timing; the defaults when null.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCanaryController(this IServiceCollection services, CanaryControllerOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options ?? new CanaryControllerOptions());
        services.TryAddSingleton<CanaryMetrics>();
        services.TryAddSingleton<CanaryTransitions>();
        services.AddHostedService<CanaryController>();
        return services;
    }
}
