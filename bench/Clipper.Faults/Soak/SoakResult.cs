using Clipper.Faults.Load;

namespace Clipper.Faults.Soak;

/// <summary>What a soak measured.</summary>
internal sealed record SoakResult
{
    /// <summary>The rate the load ran at.</summary>
    public required double Rate { get; init; }

    /// <summary>The saturating rate measured first (0 when the rate was given).</summary>
    public required double Saturation { get; init; }

    /// <summary>What the load saw.</summary>
    public required LoadSummary Load { get; init; }

    /// <summary>Replicas killed and restarted.</summary>
    public required int ReplicaKills { get; init; }

    /// <summary>Redis restarts.</summary>
    public required int RedisRestarts { get; init; }

    /// <summary>Configuration entries lost (with AOF: must be 0).</summary>
    public required long ConfigurationLost { get; init; }

    /// <summary>Processes that ended without the harness ending them.</summary>
    public required IReadOnlyList<string> Crashed { get; init; }

    /// <summary>Each process's trend.</summary>
    public required IReadOnlyList<ProcessTrend> Trends { get; init; }

    /// <summary>Every goal missed.</summary>
    public required IReadOnlyList<string> Problems { get; init; }
}
