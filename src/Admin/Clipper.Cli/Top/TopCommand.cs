using System.CommandLine;
using System.Globalization;
using Clipper.Admin.Connection;
using Clipper.Cli.Cluster;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Top;

/// <summary>
/// <c>clipper top</c>: the cluster's live per-app view (answers/s, p50/p99 latency, defaults by reason, refusals) and the
/// replicas of each model version, read from the management API every interval. Full screen on a terminal (q or Ctrl-C
/// quits); where standard output is not a terminal, one block of plain lines per interval.
/// </summary>
internal static class TopCommand
{
    private static readonly TimeSpan s_minInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_maxInterval = TimeSpan.FromMinutes(1);

    public static Command Create(ClusterOptions cluster)
    {
        var interval = new Option<double>("--interval") { Description = "Seconds between readings, 0.2 to 60.", DefaultValueFactory = _ => 1 };
        var once = new Option<bool>("--once") { Description = "Print one reading (the rates over one interval) and exit." };
        var command = cluster.AddTo(new Command("top", "Show each app's answers/s, p50/p99 latency, defaults by reason and refusals, and each model version's replicas, live.") { interval, once });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var seconds = result.GetValue(interval);
            if (!double.IsFinite(seconds) || seconds < s_minInterval.TotalSeconds || seconds > s_maxInterval.TotalSeconds)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--interval {seconds} is out of range: give seconds from {s_minInterval.TotalSeconds} to {s_maxInterval.TotalSeconds}."));
            }

            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var view = new TopView(connection, connection.Manager.ClusterName, TimeSpan.FromSeconds(seconds), result.GetValue(once));
            return await view.RunAsync(cancellation).ConfigureAwait(false);
        }));
        return command;
    }
}
