namespace Clipper.Configuration;

/// <summary>
/// A live query frontend, as it announces itself in Redis under a lease it renews: the addresses
/// where model containers and clients reach it.
/// </summary>
public sealed record FrontendRecord
{
    /// <summary>The frontend's id, unique among the frontends sharing one Redis.</summary>
    public required string Id { get; init; }

    /// <summary>The host containers connect to for RPC (an address they can reach, not a bind address).</summary>
    public required string RpcHost { get; init; }

    /// <summary>The RPC port on <see cref="RpcHost"/>.</summary>
    public required int RpcPort { get; init; }

    /// <summary>The frontend's own HTTP base address for predictions (for example <c>http://10.0.0.5:1337</c>).</summary>
    public required string HttpAddress { get; init; }

    /// <summary>When the frontend started serving.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The containers this frontend refused most recently (at most a few), newest first.</summary>
    public IReadOnlyList<RefusedContainerRecord> RefusedContainers { get; init; } = [];

    /// <summary>
    /// Each app's counters on this frontend as a JSON object (answers by the model, defaults by reason, refusals by status,
    /// a latency histogram), as of the lease's last renewal; null when not published. Opaque here: the management API
    /// passes it on to live views (<c>clipper top</c>, the dashboard).
    /// </summary>
    public string? AppCounters { get; init; }

    /// <summary>The RPC address as <c>host:port</c>.</summary>
    public string RpcAddress => RpcHost.Contains(':', StringComparison.Ordinal) ? $"[{RpcHost}]:{RpcPort}" : $"{RpcHost}:{RpcPort}";
}
