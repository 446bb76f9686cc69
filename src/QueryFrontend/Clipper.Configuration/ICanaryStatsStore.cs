namespace Clipper.Configuration;

/// <summary>
/// The canary windows the query frontends publish, one per frontend per application, read by the management frontend's
/// canary controller. Not configuration: publishing moves no revision and sends no change notification.
/// </summary>
public interface ICanaryStatsStore
{
    /// <summary>Publishes (replaces) a frontend's window for an application, to be ignored once <paramref name="ttl"/> has passed since <see cref="CanaryWindow.At"/>.</summary>
    /// <param name="app">The application.</param>
    /// <param name="window">The window; <see cref="CanaryWindow.FrontendId"/> must not be empty.</param>
    /// <param name="ttl">How long the window counts; positive.</param>
    /// <param name="cancellationToken">Stops waiting (the window may still be stored).</param>
    /// <returns>A task that completes when the window is stored.</returns>
    /// <exception cref="ArgumentException">An invalid application name, an empty frontend id or a ttl that is not positive.</exception>
    /// <exception cref="ConfigurationStoreException">The store could not be reached.</exception>
    Task PublishAsync(string app, CanaryWindow window, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Reads the live windows of an application (those whose ttl has not passed), ordered by frontend id; stale ones are pruned.</summary>
    /// <param name="app">The application.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The windows; empty when none is live.</returns>
    /// <exception cref="ConfigurationStoreException">The store could not be reached.</exception>
    Task<IReadOnlyList<CanaryWindow>> ReadAsync(string app, CancellationToken cancellationToken = default);
}
