namespace Clipper.Configuration;

/// <summary>
/// The learned state of the applications whose selection policy learns from feedback (<see cref="SelectionPolicy.Exp3"/>,
/// <see cref="SelectionPolicy.Exp4"/>): one log-weight per linked model, shared by every query frontend.
/// </summary>
/// <remarks>
/// Log-weights are only ever added to, and additions commute, so the feedback every frontend receives adds up
/// whatever the order, without locks or lost updates. A model without a stored log-weight has 0. The state is not
/// configuration: changing it moves no revision and publishes no change; frontends read it again when they need to.
/// </remarks>
public interface IPolicyStateStore
{
    /// <summary>Reads an application's log-weights.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>Model name → log-weight; empty when nothing was learned. Entries that cannot be read as a finite number are left out.</returns>
    /// <exception cref="ConfigurationStoreException">The store could not be reached.</exception>
    Task<IReadOnlyDictionary<string, double>> LoadAsync(string applicationName, CancellationToken cancellationToken = default);

    /// <summary>Adds to some of an application's log-weights, all together or none.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="deltas">Model name and what to add to its log-weight (finite); zero deltas are skipped.</param>
    /// <param name="cancellationToken">Stops waiting (the addition may still happen).</param>
    /// <returns>A task that completes when the additions are stored.</returns>
    /// <exception cref="ArgumentException">An empty model name, or a delta that is not finite.</exception>
    /// <exception cref="ConfigurationStoreException">The store could not be reached.</exception>
    Task AddAsync(string applicationName, ReadOnlyMemory<(string Model, double Delta)> deltas, CancellationToken cancellationToken = default);

    /// <summary>Forgets what an application learned: every model is back to log-weight 0.</summary>
    /// <param name="applicationName">The application.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the state is deleted.</returns>
    /// <exception cref="ConfigurationStoreException">The store could not be reached.</exception>
    Task ResetAsync(string applicationName, CancellationToken cancellationToken = default);
}
