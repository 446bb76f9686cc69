using System.Diagnostics;
using Clipper.Faults.Load;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>frontend-restart</c>: SIGKILL of the query frontend, then its restart on the same ports (as a supervisor would,
/// at once). Queries sent while it is down are refused (errors "frontend down"); those it held die with it ("frontend
/// down mid-request"). Noted: the downtime as the load saw it (from the kill to the first answer of the new
/// process) and until the model answered again (the replicas reconnect with backoff).
/// </summary>
internal sealed class FrontendRestartFault : Fault
{
    /// <inheritdoc />
    public override string Name => "frontend-restart";

    /// <inheritdoc />
    public override bool Allows(string kind) => kind is Explanations.FrontendDown or Explanations.ConnectionLost;

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var cluster = context.Cluster;
        await cluster.KillFrontendAsync().ConfigureAwait(false);
        // From the moment the process is gone: queries sent before may still have been answered by it.
        var killedAt = context.Load.ElapsedMs;
        var restart = Stopwatch.StartNew();
        await cluster.StartFrontendAsync().ConfigureAwait(false);
        context.NoteMs("process_start_ms", restart.Elapsed);
        var back = await cluster.WaitConnectedReplicasAsync(n => n == cluster.Replicas.Count, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        context.NoteMs("replicas_back_ms", back is null ? null : restart.Elapsed);
        context.Note("killed_at_ms", killedAt.ToString("0", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override void Judge(FaultContext context)
    {
        var killedAt = double.Parse(context.Notes.Last(n => n.Key == "killed_at_ms").Value, System.Globalization.CultureInfo.InvariantCulture);
        var records = context.Load.Tally.Records();
        context.NoteMs("downtime_ms", FirstEnd(records, killedAt, r => r.Status == 200));
        context.NoteMs("model_back_ms", FirstEnd(records, killedAt, r => r.Outcome == Outcome.Model));
    }

    /// <summary>From <paramref name="at"/> to the first answer, of a query sent after it, that meets <paramref name="match"/>.</summary>
    internal static TimeSpan? FirstEnd(IReadOnlyList<QueryRecord> records, double at, Func<QueryRecord, bool> match)
    {
        var first = records.Where(r => r.DueMs >= at && match(r)).Select(r => r.DueMs + r.LatencyMs).DefaultIfEmpty(double.NaN).Min();
        return double.IsNaN(first) ? null : TimeSpan.FromMilliseconds(first - at);
    }
}
