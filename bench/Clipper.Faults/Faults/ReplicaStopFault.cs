using Clipper.Faults.Processes;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>replica-stop</c>: SIGSTOP of a replica for the hold (at most 10 s), then SIGCONT. The frozen replica's
/// socket stays open but it sends nothing: the frontend must drop it after three silent heartbeat intervals and
/// answer the batch it held by its objective (the default "objective missed"), while the other replicas serve the
/// rest. Noted: how long the frontend took to drop it, and to count it again after SIGCONT.
/// </summary>
internal sealed class ReplicaStopFault : Fault
{
    private static readonly TimeSpan s_dropTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_longestStop = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override string Name => "replica-stop";

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var cluster = context.Cluster;
        var replica = cluster.Replicas[0];
        var all = cluster.Replicas.Count;
        var hold = context.Timing.Hold < s_longestStop ? context.Timing.Hold : s_longestStop;
        context.NoteMs("stopped_ms", hold);
        replica.Signal(Signals.Stop);
        try
        {
            var dropped = await cluster.WaitConnectedReplicasAsync(n => n == all - 1, hold).ConfigureAwait(false);
            context.NoteMs("dropped_after_ms", dropped);
            var rest = hold - (dropped ?? hold);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest).ConfigureAwait(false);
            }

            if (dropped is null)
            {
                context.Problem($"the frontend still counted the stopped replica after {hold.TotalSeconds:0.#} s");
            }
        }
        finally
        {
            replica.Signal(Signals.Continue);
        }

        var back = await cluster.WaitConnectedReplicasAsync(n => n == all, s_dropTimeout).ConfigureAwait(false);
        context.NoteMs("back_after_cont_ms", back);
        if (back is null)
        {
            context.Problem($"the resumed replica did not serve again within {s_dropTimeout.TotalSeconds:0} s");
        }
    }
}
