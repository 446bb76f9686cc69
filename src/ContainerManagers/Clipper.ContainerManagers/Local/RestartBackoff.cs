namespace Clipper.ContainerManagers.Local;

/// <summary>
/// Delays between restarts of a crashing process: doubling from <see cref="Initial"/> up to
/// <see cref="Max"/>, back to the start once a run lasted <see cref="StableAfter"/>.
/// </summary>
internal sealed record RestartBackoff
{
    /// <summary>The delay after the first crash.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A run at least this long resets the delay.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The delay before restart number <paramref name="consecutiveFailures"/> (1 for the first).</summary>
    public TimeSpan DelayFor(int consecutiveFailures)
    {
        var shift = Math.Clamp(consecutiveFailures - 1, 0, 16);
        var delay = Initial * (1L << shift);
        return delay < Max ? delay : Max;
    }
}
