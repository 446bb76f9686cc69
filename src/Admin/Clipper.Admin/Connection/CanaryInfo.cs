using Clipper.Configuration;

namespace Clipper.Admin.Connection;

/// <summary>An application's canary rollout as <c>get_canary</c> describes it, with what the live frontends measured of its current share.</summary>
public sealed record CanaryInfo
{
    /// <summary>The application.</summary>
    public required string App { get; init; }

    /// <summary>The canary's model and its record (baseline, share, step, limits, state, times, reason).</summary>
    public required CanaryRecord Record { get; init; }

    /// <summary>Queries the canary version answered in its current share, summed over the live frontends.</summary>
    public long Answered { get; init; }

    /// <summary>Of those, the ones answered with the default output.</summary>
    public long Failed { get; init; }

    /// <summary>Failed over answered (0 before any answer).</summary>
    public double ErrorRate { get; init; }

    /// <summary>The largest p99 latency the frontends measured, in microseconds.</summary>
    public long P99Micros { get; init; }
}
