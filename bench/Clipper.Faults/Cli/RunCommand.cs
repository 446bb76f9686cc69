using System.CommandLine;
using Clipper.Faults.Cluster;
using Clipper.Faults.Faults;
using Clipper.Faults.Reporting;
using Clipper.Faults.Running;

namespace Clipper.Faults.Cli;

/// <summary><c>clipper-faults run</c>: each fault in turn against a fresh cluster under load; one line per fault on stdout.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var faults = new Option<string?>("--faults") { Description = "Comma-separated faults to run (default: all): " + FaultCatalog.Names };
        var before = new Option<string>("--before") { Description = "Steady load before each fault.", DefaultValueFactory = _ => "2s" };
        var hold = new Option<string>("--hold") { Description = "How long each fault lasts (or recurs).", DefaultValueFactory = _ => "10s" };
        var after = new Option<string>("--after") { Description = "Load after each fault is healed.", DefaultValueFactory = _ => "3s" };
        var rate = new Option<double>("--rate") { Description = "Queries per second.", DefaultValueFactory = _ => 200 };
        var redisPassword = new Option<string?>("--redis-password") { Description = "A password for the cluster's Redis (default: the variable CLIPPER_FAULTS_REDIS_PASSWORD, else none)." };
        var command = new Command("run", "Inject each fault, one at a time, into a fresh cluster under a constant load; print one line per fault.")
        {
            faults, before, hold, after, rate, redisPassword,
        };
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                var selected = result.GetValue(faults) is { Length: > 0 } names
                    ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FaultCatalog.Named).ToList()
                    : [.. FaultCatalog.All()];
                var rateValue = result.GetValue(rate);
                if (rateValue <= 0 || !double.IsFinite(rateValue))
                {
                    throw new ArgumentException($"--rate {rateValue} is not a rate; expected queries per second above 0.");
                }

                var timing = new FaultTiming
                {
                    Before = DurationOption.Parse(result.GetValue(before)!, "--before"),
                    Hold = DurationOption.Parse(result.GetValue(hold)!, "--hold"),
                    After = DurationOption.Parse(result.GetValue(after)!, "--after"),
                    Rate = rateValue,
                };
                var spec = new ClusterSpec { RedisPassword = result.GetValue(redisPassword) ?? Environment.GetEnvironmentVariable("CLIPPER_FAULTS_REDIS_PASSWORD") };
                var failed = 0;
                foreach (var fault in selected)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var outcome = await FaultRunner.RunAsync(fault, spec, timing, Console.Error).ConfigureAwait(false);
                    Console.Out.WriteLine(FaultLine.Format(outcome));
                    failed += outcome.Passed ? 0 : 1;
                }

                return failed == 0 ? 0 : 1;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync("clipper-faults: " + ex.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
