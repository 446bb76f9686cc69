namespace Clipper.Configuration;

/// <summary>
/// A canary rollout on an application (ours): <see cref="Percent"/> % of the application's queries for
/// <see cref="Model"/> go to <see cref="Version"/>, the rest to <see cref="BaselineVersion"/> (the model's current
/// version when it started). While it holds its limits it widens by <see cref="Step"/> every <see cref="Interval"/>,
/// and the version is promoted (made current) at 100 %; it is rolled back at once when a limit breaks.
/// </summary>
public sealed record CanaryRecord
{
    /// <summary>The widening interval when none is given: 30 s.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    /// <summary>The largest error rate allowed when none is given: 0.01 (1 %).</summary>
    public const double DefaultMaxErrorRate = 0.01;

    /// <summary>The canary's model (linked to the application).</summary>
    public required string Model { get; init; }

    /// <summary>The canary version: registered, of the application's input type, not the current version when started.</summary>
    public required string Version { get; init; }

    /// <summary>The model's current version when the canary started; filled by the store at start (what is given is ignored).</summary>
    public required string BaselineVersion { get; init; }

    /// <summary>The canary's share of the model's queries now, 1 to 100.</summary>
    public int Percent { get; init; }

    /// <summary>How much <see cref="Percent"/> grows at each widening, 0 to 100; 0 never widens (promote by hand).</summary>
    public int Step { get; init; }

    /// <summary>How long each share must hold its limits before it widens; positive (default <see cref="DefaultInterval"/>).</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>
    /// The largest share of the canary's queries that may fail, 0 to 1 (default <see cref="DefaultMaxErrorRate"/>); a query
    /// fails when it is answered with the default output, for any reason.
    /// </summary>
    public double MaxErrorRate { get; init; } = DefaultMaxErrorRate;

    /// <summary>
    /// The largest 99th-percentile latency of the canary's queries. Zero at start means the application's latency objective,
    /// which the store fills in; stored records always have a positive value.
    /// </summary>
    public TimeSpan MaxP99 { get; init; }

    /// <summary>Where the rollout stands.</summary>
    public CanaryState State { get; init; }

    /// <summary>When the rollout started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When <see cref="Percent"/> last changed (the start of the window its limits are measured over).</summary>
    public DateTimeOffset StepAt { get; init; }

    /// <summary>Why it was rolled back or promoted; empty while running.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Whether the rollout is still running.</summary>
    public bool IsRunning => State == CanaryState.Running;
}
