using Clipper.Configuration;
using Clipper.Configuration.Watching;

namespace Clipper.Integration.Tests.Infrastructure;

/// <summary>Waits, event-driven and bounded, for a watcher to hold a snapshot that satisfies a condition.</summary>
public static class ConfigurationWaiter
{
    /// <summary>Returns the first snapshot (current or future) of <paramref name="watcher"/> that satisfies <paramref name="condition"/>.</summary>
    /// <param name="watcher">The watcher.</param>
    /// <param name="condition">The condition.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="TimeoutException">No such snapshot within <see cref="TestTimeouts.Default"/>.</exception>
    public static async Task<ClusterConfiguration> WaitUntilAsync(this ConfigurationWatcher watcher, Func<ClusterConfiguration, bool> condition)
    {
        var found = new TaskCompletionSource<ClusterConfiguration>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ClusterConfiguration snapshot)
        {
            if (condition(snapshot))
            {
                found.TrySetResult(snapshot);
            }
        }

        watcher.Changed += OnChanged;
        try
        {
            // Checked after subscribing, so a change between the check and the subscription is not missed.
            OnChanged(watcher.Current);
            return await found.Task.WithTimeout();
        }
        finally
        {
            watcher.Changed -= OnChanged;
        }
    }
}
