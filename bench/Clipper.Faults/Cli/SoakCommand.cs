using System.CommandLine;
using Clipper.Faults.Cluster;
using Clipper.Faults.Soak;

namespace Clipper.Faults.Cli;

/// <summary><c>clipper-faults soak</c>: a long constant load with replicas and Redis killed on a cadence; prints the summary and each process's trend.</summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var duration = new Option<string>("--duration") { Description = "How long the load runs.", DefaultValueFactory = _ => "60m" };
        var rate = new Option<double>("--rate") { Description = "Queries per second (0: half the saturating rate, measured first).", DefaultValueFactory = _ => 0 };
        var killEvery = new Option<string>("--kill-every") { Description = "A replica is killed (SIGKILL) and restarted this often.", DefaultValueFactory = _ => "1m" };
        var redisEvery = new Option<string>("--redis-every") { Description = "Redis (AOF on) is killed and restarted this often.", DefaultValueFactory = _ => "10m" };
        var sampleEvery = new Option<string>("--sample-every") { Description = "Every process's memory, threads and descriptors are sampled this often.", DefaultValueFactory = _ => "10s" };
        var csv = new Option<string?>("--csv") { Description = "Where the samples go (CSV: elapsed_s,process,pid,rss_kib,threads,fds)." };
        var command = new Command("soak", "Run a cluster under a constant load for a long time, killing a replica and restarting Redis on a cadence; sample every process.")
        {
            duration, rate, killEvery, redisEvery, sampleEvery, csv,
        };
        command.SetAction(async (result, cancellation) =>
        {
            try
            {
                var rateValue = result.GetValue(rate);
                if (rateValue < 0 || !double.IsFinite(rateValue))
                {
                    throw new ArgumentException($"--rate {rateValue} is not a rate; expected 0 (measure) or queries per second above 0.");
                }

                var settings = new SoakSettings
                {
                    Duration = Positive(DurationOption.Parse(result.GetValue(duration)!, "--duration"), "--duration"),
                    Rate = rateValue,
                    KillEvery = Positive(DurationOption.Parse(result.GetValue(killEvery)!, "--kill-every"), "--kill-every"),
                    RedisEvery = Positive(DurationOption.Parse(result.GetValue(redisEvery)!, "--redis-every"), "--redis-every"),
                    SampleEvery = Positive(DurationOption.Parse(result.GetValue(sampleEvery)!, "--sample-every"), "--sample-every"),
                    CsvPath = result.GetValue(csv),
                };
                var spec = new ClusterSpec { RedisPassword = Environment.GetEnvironmentVariable("CLIPPER_FAULTS_REDIS_PASSWORD") };
                var outcome = await SoakRun.RunAsync(settings, spec, Console.Error).ConfigureAwait(false);
                Console.Out.Write(SoakRun.Format(outcome, settings));
                return outcome.Problems.Count == 0 ? 0 : 1;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync("clipper-faults: " + ex.Message).ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }

    private static TimeSpan Positive(TimeSpan value, string option) => value > TimeSpan.Zero
        ? value
        : throw new ArgumentException($"{option} must be longer than 0; got {value.TotalSeconds} s.");
}
