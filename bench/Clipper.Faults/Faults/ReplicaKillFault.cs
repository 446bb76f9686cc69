using System.Diagnostics;
using System.Globalization;
using Clipper.Faults.Cluster;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>replica-kill</c>: SIGKILL of a replica while it holds a batch (the sleep model prints a line as each batch
/// starts; the kill follows that line), then its restart, as a supervisor would, once every 5 s of the hold (at least
/// once). The batch's queries go to another replica while their objective allows, else they get the default
/// "replica lost mid-batch".
/// </summary>
internal sealed class ReplicaKillFault : Fault
{
    private static readonly TimeSpan s_every = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_batchWait = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public override string Name => "replica-kill";

    /// <inheritdoc />
    public override ClusterSpec Prepare(ClusterSpec spec) =>
        spec with { Replicas = [.. spec.Replicas.Select(r => r with { SleepMs = Math.Max(r.SleepMs, 20), LogBatches = true })] };

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var cluster = context.Cluster;
        var kills = Math.Max(1, (int)(context.Timing.Hold / s_every));
        var before = await cluster.MetricsAsync().ConfigureAwait(false);
        var midBatch = 0;
        var restart = TimeSpan.Zero;
        for (var k = 0; k < kills; k++)
        {
            var slot = Stopwatch.StartNew();
            var index = k % cluster.Replicas.Count;
            var replica = cluster.Replicas[index];
            var batchStarted = replica.NextLineAsync();
            if (await Task.WhenAny(batchStarted, Task.Delay(s_batchWait)).ConfigureAwait(false) == batchStarted)
            {
                midBatch++;
            }

            await cluster.KillReplicaAsync(index).ConfigureAwait(false);
            var down = Stopwatch.StartNew();
            cluster.StartReplica(index);
            await cluster.WaitReplicaReadyAsync(index, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            restart += down.Elapsed;
            context.Log.WriteLine($"replica-kill: killed replica-{index} (pid {replica.Pid}), back in {down.ElapsedMilliseconds} ms");
            if (k < kills - 1 && s_every > slot.Elapsed)
            {
                await Task.Delay(s_every - slot.Elapsed).ConfigureAwait(false);
            }
        }

        var after = await cluster.MetricsAsync().ConfigureAwait(false);
        context.Note("kills", kills.ToString(CultureInfo.InvariantCulture));
        context.Note("struck_after_batch_start", midBatch.ToString(CultureInfo.InvariantCulture));
        context.Note("requeued", Delta(before, after, "requeued_after_replica_lost"));
        context.NoteMs("replica_back_ms", restart / kills);
    }

    internal static string Delta(FrontendMetrics? before, FrontendMetrics? after, string counter) =>
        before is null || after is null ? "unknown" : (after.Counter(counter) - before.Counter(counter)).ToString(CultureInfo.InvariantCulture);
}
