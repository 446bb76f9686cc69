using Clipper.Faults.Cluster;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>partition</c>: one replica runs in a network namespace of its own, joined to the frontend over a veth pair with
/// the join token; its end of the link goes down for the hold, then comes back. Nothing resets the connection: the
/// frontend must notice the silence (three heartbeat intervals), answer the batch it held by its objective, and take
/// the replica back when it reconnects after the heal.
/// </summary>
internal sealed class PartitionFault : Fault
{
    private static readonly TimeSpan s_reconnectTimeout = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public override string Name => "partition";

    /// <inheritdoc />
    public override ClusterSpec Prepare(ClusterSpec spec) =>
        spec with { Replicas = [.. spec.Replicas.Select((r, i) => i == 0 ? r with { InNamespace = true } : r)] };

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var cluster = context.Cluster;
        var network = cluster.Namespace ?? throw new InvalidOperationException("The partition fault's cluster has no network namespace.");
        var all = cluster.Replicas.Count;
        var hold = context.Timing.Hold;
        await network.CutAsync().ConfigureAwait(false);
        try
        {
            var dropped = await cluster.WaitConnectedReplicasAsync(n => n == all - 1, hold).ConfigureAwait(false);
            context.NoteMs("dropped_after_ms", dropped);
            var rest = hold - (dropped ?? hold);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest).ConfigureAwait(false);
            }
        }
        finally
        {
            await network.HealAsync().ConfigureAwait(false);
        }

        var back = await cluster.WaitConnectedReplicasAsync(n => n == all, s_reconnectTimeout).ConfigureAwait(false);
        context.NoteMs("reconnected_after_heal_ms", back);
        if (back is null)
        {
            context.Problem($"the partitioned replica did not serve again within {s_reconnectTimeout.TotalSeconds:0} s of the heal");
        }
    }
}
