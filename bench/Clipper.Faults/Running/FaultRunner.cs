using Clipper.Faults.Cluster;
using Clipper.Faults.Faults;
using Clipper.Faults.Load;
using Clipper.Faults.Reporting;

namespace Clipper.Faults.Running;

/// <summary>
/// Runs one fault end to end: a fresh cluster for it, the configuration counted, a constant load, the fault injected
/// and healed, the load kept on while the cluster recovers, then the tally, the configuration counted again, every
/// process checked, and the goals judged.
/// </summary>
internal static class FaultRunner
{
    private static readonly TimeSpan s_redisTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="fault"/> against a cluster made from <paramref name="spec"/>.</summary>
    public static async Task<FaultResult> RunAsync(Fault fault, ClusterSpec spec, FaultTiming timing, TextWriter log)
    {
        var clusterSpec = fault.Prepare(spec);
        log.WriteLine($"{fault.Name}: starting the cluster");
        await using var cluster = await FaultCluster.StartAsync(clusterSpec, log).ConfigureAwait(false);
        var before = await cluster.CountConfigurationAsync(s_redisTimeout).ConfigureAwait(false);
        var settings = new LoadSettings
        {
            Url = cluster.PredictUrl,
            Rate = fault.BaseRate(clusterSpec, timing),
            Objective = clusterSpec.Objective,
            HungMargin = timing.HungMargin,
        };
        FaultContext context;
        await using (var load = OpenLoopLoad.Start(settings))
        {
            context = new FaultContext(cluster, load, timing, log);
            await FaultContext.DelayAsync(timing.Before).ConfigureAwait(false);
            log.WriteLine($"{fault.Name}: injecting at {load.ElapsedMs / 1000:0.0} s under {load.Rate:0} queries/s");
            await fault.InjectAsync(context).ConfigureAwait(false);
            log.WriteLine($"{fault.Name}: healed at {load.ElapsedMs / 1000:0.0} s; recovering under load");
            await FaultContext.DelayAsync(timing.After).ConfigureAwait(false);
            await load.StopAsync().ConfigureAwait(false);
        }

        var after = await cluster.CountConfigurationAsync(s_redisTimeout).ConfigureAwait(false);
        fault.Judge(context);
        var summary = context.Load.Tally.Summarize();
        var crashed = cluster.AllProcesses.Where(p => p.Crashed).Select(p => p.Describe() + ": " + LastLines(p.Output)).ToList();
        var result = new FaultResult
        {
            Fault = fault.Name,
            Load = summary,
            ConfigurationBefore = before,
            ConfigurationAfter = after,
            Crashed = crashed,
            Notes = context.Notes,
            Problems = [.. CommonProblems(fault, summary, before, after, crashed), .. context.Problems],
        };
        return result;
    }

    private static IEnumerable<string> CommonProblems(Fault fault, LoadSummary load, ConfigurationCount before, ConfigurationCount after, List<string> crashed)
    {
        if (load.Hung > 0)
        {
            yield return $"{load.Hung} queries hung past the objective + margin";
        }

        if (crashed.Count > 0)
        {
            yield return "crashed: " + string.Join(" | ", crashed);
        }

        var lost = after.LostSince(before);
        if (lost > 0 && !fault.LosesConfiguration)
        {
            yield return $"configuration lost: {before} before, {after} after";
        }

        foreach (var (reason, count) in load.DefaultReasons.Where(r => !Explanations.IsKnownDefault(r.Key)))
        {
            yield return $"{count} defaults with an unexpected explanation: {reason}";
        }

        foreach (var (kind, count) in load.ErrorKinds.Where(k => !fault.Allows(k.Key)))
        {
            yield return $"{count} errors this fault does not explain: {kind}";
        }

        if (load.Sent != load.Ended)
        {
            yield return $"{load.Sent} queries sent but {load.Ended} ended: the load lost track of some";
        }
    }

    private static string LastLines(string output)
    {
        var lines = output.Split('\n');
        return string.Join(" / ", lines.Skip(Math.Max(0, lines.Length - 5)));
    }
}
