using System.Globalization;
using Clipper.Faults.Cluster;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>malformed-frames</c>: for the hold, containers that complete the handshake and then send malformed frames, one
/// kind after another (<see cref="GarbageKind"/>), each on a new connection. Every such connection must be closed by
/// the frontend, the queries of a batch it held go to the real replicas, and the frontend must stay up and keep
/// serving.
/// </summary>
internal sealed class MalformedFramesFault : Fault
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override string Name => "malformed-frames";

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var cluster = context.Cluster;
        var kinds = Enum.GetValues<GarbageKind>();
        var until = DateTime.UtcNow + context.Timing.Hold;
        int connections = 0, closed = 0, batches = 0;
        var before = await cluster.MetricsAsync().ConfigureAwait(false);
        while (DateTime.UtcNow < until || connections < kinds.Length)
        {
            var kind = kinds[connections % kinds.Length];
            var (wasClosed, heldBatch) = await GarbageContainer.RunOnceAsync(cluster.RpcPort, cluster.JoinToken, ClusterSpec.ModelName, kind, connections, s_closeTimeout).ConfigureAwait(false);
            connections++;
            closed += wasClosed ? 1 : 0;
            batches += heldBatch ? 1 : 0;
            // About twenty connections a second: a steady stream of bad peers, not a connection flood.
            await Task.Delay(50).ConfigureAwait(false);
            if (!wasClosed)
            {
                context.Problem($"the frontend kept a connection open {s_closeTimeout.TotalSeconds:0} s after it sent {kind}");
            }
        }

        var after = await cluster.MetricsAsync().ConfigureAwait(false);
        context.Note("garbage_connections", connections.ToString(CultureInfo.InvariantCulture));
        context.Note("closed_by_frontend", closed.ToString(CultureInfo.InvariantCulture));
        context.Note("batches_held_by_garbage", batches.ToString(CultureInfo.InvariantCulture));
        context.Note("requeued", ReplicaKillFault.Delta(before, after, "requeued_after_replica_lost"));
    }
}
