using System.Globalization;
using Clipper.Faults.Cluster;
using Clipper.Faults.Load;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>overload</c>: a cluster whose capacity is known (two replicas, batches fixed at 2 inputs, 20 ms each: 200
/// queries/s) runs at half of it, then at three times it for the hold, then at half again. The excess must get 503
/// with <c>Retry-After</c>; accepted queries must meet their objective or get the default; once the load is back to
/// normal the first answer must come, and the 503s stop, within 1 s.
/// </summary>
internal sealed class OverloadFault : Fault
{
    /// <summary>The most the recovery may take.</summary>
    public static readonly TimeSpan RecoveryGoal = TimeSpan.FromSeconds(1);

    private const string QueueFull = "HTTP 503 Model queue full";
    private const int BatchSize = 2;
    private const double SleepMs = 20;
    private const int Replicas = 2;
    private const double OverloadFactor = 3;

    // An answer later than the objective by more than this is late: the client's own scheduling on a loaded
    // two-core machine adds tens of milliseconds to what it measures.
    private static readonly TimeSpan s_lateSlack = TimeSpan.FromMilliseconds(250);
    private double _overloadFrom;
    private double _normalFrom;

    /// <summary>Queries per second the cluster can answer: replicas × batch size / time per batch.</summary>
    public static double Capacity => Replicas * BatchSize * 1000 / SleepMs;

    /// <inheritdoc />
    public override string Name => "overload";

    /// <inheritdoc />
    public override ClusterSpec Prepare(ClusterSpec spec) => spec with
    {
        Replicas = [.. Enumerable.Range(0, Replicas).Select(_ => new ReplicaSpec(SleepMs, SleepPerItemUs: 0))],
        BatchSize = BatchSize,
        // A queue the replicas drain in a fifth of the objective: what it accepts, it can answer in time.
        Objective = TimeSpan.FromMilliseconds(500),
        QueueCapacity = (int)(Capacity / 10),
    };

    /// <inheritdoc />
    public override double BaseRate(ClusterSpec spec, FaultTiming timing) => Capacity / 2;

    /// <inheritdoc />
    public override bool Allows(string kind) => kind == QueueFull;

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var load = context.Load;
        var normal = load.Rate;
        _overloadFrom = load.ElapsedMs;
        load.Rate = Capacity * OverloadFactor;
        await Task.Delay(context.Timing.Hold).ConfigureAwait(false);
        _normalFrom = load.ElapsedMs;
        load.Rate = normal;
        context.Note("capacity_per_s", Capacity.ToString("0", CultureInfo.InvariantCulture));
        context.Note("overload_per_s", (Capacity * OverloadFactor).ToString("0", CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override void Judge(FaultContext context)
    {
        var records = context.Load.Tally.Records();
        var objective = context.Cluster.Spec.Objective;
        var during = records.Where(r => r.DueMs >= _overloadFrom && r.DueMs < _normalFrom).ToList();
        var seconds = Math.Max(0.001, (_normalFrom - _overloadFrom) / 1000);
        context.Note("model_per_s_in_overload", (during.Count(r => r.Outcome == Outcome.Model) / seconds).ToString("0", CultureInfo.InvariantCulture));
        context.Note("rejected_in_overload", during.Count(r => r.Status == 503).ToString(CultureInfo.InvariantCulture));

        // The objective counts from the request's arrival; how late the client itself sent it is its own delay.
        var late = records.Count(r => r.Outcome == Outcome.Model && r.ServiceMs > (objective + s_lateSlack).TotalMilliseconds);
        context.Note("late_model_answers", late.ToString(CultureInfo.InvariantCulture));
        context.Note("max_model_service_ms", records.Where(r => r.Outcome == Outcome.Model).Select(r => r.ServiceMs).DefaultIfEmpty(0).Max().ToString("0", CultureInfo.InvariantCulture));
        context.Note("max_send_delay_ms", records.Select(r => r.SendDelayMs).DefaultIfEmpty(0).Max().ToString("0", CultureInfo.InvariantCulture));
        if (late > 0)
        {
            context.Problem($"{late} model answers came later than the objective ({objective.TotalMilliseconds:0} ms) + {s_lateSlack.TotalMilliseconds:0} ms");
        }

        // Recovery: from the moment the load is back to normal, the first 200 answer, and the last query refused.
        var firstAnswer = FrontendRestartFault.FirstEnd(records, _normalFrom, r => r.Status == 200);
        var lastRejected = records.Where(r => r.DueMs >= _normalFrom && r.Status == 503).Select(r => r.DueMs - _normalFrom).DefaultIfEmpty(0).Max();
        context.NoteMs("first_200_after_ms", firstAnswer);
        context.NoteMs("last_503_after_ms", TimeSpan.FromMilliseconds(lastRejected));
        if (firstAnswer is null || firstAnswer > RecoveryGoal)
        {
            context.Problem($"the first 200 after the overload came {(firstAnswer is { } f ? f.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "never")} after the load returned to normal (goal: within {RecoveryGoal.TotalMilliseconds:0} ms)");
        }

        if (lastRejected > RecoveryGoal.TotalMilliseconds)
        {
            context.Problem($"503s went on {lastRejected:0} ms after the load returned to normal (goal: within {RecoveryGoal.TotalMilliseconds:0} ms)");
        }

        if (during.Count(r => r.Status == 503) == 0)
        {
            context.Problem($"no query was refused at {OverloadFactor}x capacity: the overload did not overload");
        }
    }
}
