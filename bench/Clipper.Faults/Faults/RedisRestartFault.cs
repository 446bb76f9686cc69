using System.Globalization;
using Clipper.Faults.Cluster;

namespace Clipper.Faults.Faults;

/// <summary>
/// <c>redis-restart-aof</c> and <c>redis-restart-no-aof</c>: SIGKILL of Redis, down for a fifth of the hold (at least
/// 1 s), restarted on the same port and folder. With append-only persistence it comes back with every entry; without,
/// empty, and the configuration lost is expected and counted. Either way the query frontend must go on serving
/// from the snapshot it holds: queries are answered by the model throughout.
/// </summary>
internal sealed class RedisRestartFault(bool appendOnly) : Fault
{
    /// <inheritdoc />
    public override string Name => appendOnly ? "redis-restart-aof" : "redis-restart-no-aof";

    /// <inheritdoc />
    public override bool LosesConfiguration => !appendOnly;

    /// <inheritdoc />
    public override ClusterSpec Prepare(ClusterSpec spec) => spec with { AppendOnly = appendOnly };

    /// <inheritdoc />
    public override async Task InjectAsync(FaultContext context)
    {
        var redis = context.Cluster.Redis;
        var down = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, context.Timing.Hold.Ticks / 5));
        await redis.KillAsync().ConfigureAwait(false);
        await Task.Delay(down).ConfigureAwait(false);
        await redis.RestartAsync().ConfigureAwait(false);
        var count = await context.Cluster.CountConfigurationAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        context.NoteMs("redis_down_ms", down);
        context.Note("config_after_restart", count.Total.ToString(CultureInfo.InvariantCulture));

        // The rest of the hold: the frontend resynchronises with the store that came back.
        var rest = context.Timing.Hold - down;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Judge(FaultContext context)
    {
        // Serving its snapshot: no query refused (404 for an application it forgot) and none defaulted for want of a
        // model it forgot; a default for a missed objective is the machine's noise, counted on the line anyway.
        var load = context.Load.Tally.Summarize();
        var forgot = load.Errors > 0 || load.DefaultReasons.Any(r => r.Key is "no replica connected" or "version removed");
        context.Note("frontend", forgot ? "did not serve throughout" : "served its snapshot throughout");
    }
}
