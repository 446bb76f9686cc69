using System.CommandLine;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper logs [--dir D]</c>: copies every log of the cluster into a folder.</summary>
internal static class LogsCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var directory = new Option<string>("--dir") { Description = "Where the logs are copied.", DefaultValueFactory = _ => "clipper-logs" };
        var command = cluster.AddTo(new Command("logs", "Copy the logs of every part and replica of the cluster into a folder.") { directory });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var manager = cluster.CreateManager(result);
            var files = await manager.CollectLogsAsync(result.GetValue(directory)!, cancellation).ConfigureAwait(false);
            foreach (var file in files)
            {
                Console.Out.WriteLine(file);
            }

            return 0;
        }));
        return command;
    }
}
