namespace Clipper.Configuration.Watching;

/// <summary>How <see cref="ConfigurationWatcher"/> follows the store.</summary>
public sealed class ConfigurationWatcherOptions
{
    /// <summary>How long one snapshot load (or subscription attempt) may take before it counts as failed. Default 10 s.</summary>
    public TimeSpan LoadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first pause after a failed load; doubled after each further failure. Default 250 ms.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest pause between attempts while the store is away. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the snapshot is reloaded without a notification. Redis publish/subscribe delivers at most
    /// once, so this bounds how long a lost notification can hide a change. Default 30 s.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and the value.</exception>
    public void Validate()
    {
        RequirePositive(LoadTimeout, nameof(LoadTimeout));
        RequirePositive(InitialRetryDelay, nameof(InitialRetryDelay));
        RequirePositive(MaxRetryDelay, nameof(MaxRetryDelay));
        RequirePositive(ResyncInterval, nameof(ResyncInterval));
        if (MaxRetryDelay < InitialRetryDelay)
        {
            throw new ArgumentException($"{nameof(MaxRetryDelay)} ({MaxRetryDelay}) must not be below {nameof(InitialRetryDelay)} ({InitialRetryDelay}).", nameof(MaxRetryDelay));
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive; got {value}.", name);
        }
    }
}
