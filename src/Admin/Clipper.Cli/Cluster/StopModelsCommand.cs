using System.CommandLine;
using Clipper.Cli.Commands;

namespace Clipper.Cli.Cluster;

/// <summary><c>clipper stop-models MODEL...</c>: stops every replica of the named models.</summary>
internal static class StopModelsCommand
{
    public static Command Create(ClusterOptions cluster)
    {
        var models = new Argument<string[]>("MODEL") { Description = "Models whose replicas (every version) stop.", Arity = ArgumentArity.OneOrMore };
        var command = cluster.AddTo(new Command("stop-models", "Stop every replica of the named models (their registrations stay).") { models });
        command.SetAction((result, cancellation) => CommandFailure.RunAsync(async () =>
        {
            using var connection = await cluster.ConnectAsync(result, cancellation).ConfigureAwait(false);
            var names = result.GetValue(models)!;
            await connection.StopModelsAsync(names, cancellation).ConfigureAwait(false);
            Console.Out.WriteLine($"stopped the replicas of {string.Join(", ", names)}");
            return 0;
        }));
        return command;
    }
}
