using System.CommandLine;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper stop-all</c>: stops every process of the cluster.</summary>
internal static class StopAllCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var force = new Option<bool>("--force") { Description = "Kill at once instead of asking each process to stop." };
        var command = cluster.AddTo(new Command("stop-all", "Stop the whole cluster: model replicas, frontends and the Redis it started.") { force });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            var manager = cluster.CreateManager(result);
            var running = true;
            try
            {
                await manager.ConnectAsync(cancellation).ConfigureAwait(false);
            }
            catch (Clipper.ContainerManagers.ContainerManagerException)
            {
                running = false;
            }

            // Also when it is not running: a supervisor that died may have left children to end.
            await manager.StopAllAsync(!result.GetValue(force), cancellation).ConfigureAwait(false);
            Console.Out.WriteLine(running ? $"cluster '{manager.ClusterName}' stopped" : $"cluster '{manager.ClusterName}' was not running; nothing is left of it");
            return 0;
        }));
        return command;
    }
}
