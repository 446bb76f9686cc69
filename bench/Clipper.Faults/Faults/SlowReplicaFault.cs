using System.Globalization;
using Clipper.Faults.Cluster;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>slow-replica</c>: one replica takes 5 times as long per batch as its peers, for the whole run. Work is pulled,
/// so the slow one should take a smaller share and the latency stay inside the objective: the line carries the p99
/// and the defaults, and the share of answers each replica gave (slow one last).
/// </summary>
internal sealed class SlowReplicaFault : Fault
{
    /// <summary>How much slower the slow replica is.</summary>
    public const int Factor = 5;

    /// <inheritdoc />
    public override string Name => "slow-replica";

    /// <inheritdoc />
    public override ClusterSpec Prepare(ClusterSpec spec) => spec with
    {
        Replicas = [.. spec.Replicas.Select((r, i) => i == spec.Replicas.Count - 1 ? r with { SleepMs = r.SleepMs * Factor, SleepPerItemUs = r.SleepPerItemUs * Factor } : r)],
    };

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var cluster = context.Cluster;
        await Task.Delay(context.Timing.Hold).ConfigureAwait(false);
        context.Note("slow_factor", Factor.ToString(CultureInfo.InvariantCulture));
        var pids = cluster.Replicas.Select(r => "-" + r.Pid.ToString(CultureInfo.InvariantCulture)).ToList();
        var answered = await cluster.AnsweredByReplicaAsync().ConfigureAwait(false);
        var shares = pids.Select(pid => answered.FirstOrDefault(a => a.Key.EndsWith(pid, StringComparison.Ordinal)).Value).ToList();
        var total = Math.Max(1, shares.Sum());
        context.Note("answered_share", string.Join("/", shares.Select(s => (100.0 * s / total).ToString("0", CultureInfo.InvariantCulture) + "%")));
    }
}
