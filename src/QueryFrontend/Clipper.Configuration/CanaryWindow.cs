namespace Clipper.Configuration;

/// <summary>
/// What one query frontend measured of a canary version's queries since <see cref="Since"/> (the canary's
/// <see cref="CanaryRecord.StepAt"/> when the frontend last saw it change), published to <see cref="ICanaryStatsStore"/>.
/// </summary>
public sealed record CanaryWindow
{
    /// <summary>The frontend that measured it.</summary>
    public required string FrontendId { get; init; }

    /// <summary>Queries routed to the canary version that were answered (by the model or with the default output).</summary>
    public long Answered { get; init; }

    /// <summary>Of <see cref="Answered"/>, those answered with the default output (any reason).</summary>
    public long Failed { get; init; }

    /// <summary>The 99th-percentile latency of <see cref="Answered"/>, in microseconds.</summary>
    public long P99Micros { get; init; }

    /// <summary>When the window started.</summary>
    public DateTimeOffset Since { get; init; }

    /// <summary>When the window was published.</summary>
    public DateTimeOffset At { get; init; }
}
