using System.CommandLine;
using Clipper.Cli.Cluster;
using Clipper.Cli.Commands;

namespace Clipper.Cli;

/// <summary>The <c>clipper</c> command line: every verb, parsed by System.CommandLine.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cluster = new ClusterOptions();
        var root = new RootCommand("Clipper for .NET: a prediction-serving system. Run a verb with --help for its options.")
        {
            QuickstartCommand.Create(cluster),
            StartCommand.Create(cluster),
            ImagesCommand.Create(),
            StatusCommand.Create(cluster),
            Top.TopCommand.Create(cluster),
            ScaleFrontendsCommand.Create(cluster),
            PredictCommand.Create(cluster),
            CanaryCommand.Create(cluster),
            LogsCommand.Create(cluster),
            StopModelsCommand.Create(cluster),
            StopAllCommand.Create(cluster),
            QueryFrontendCommand.Create(),
            ManagementFrontendCommand.Create(),
            ExampleModelCommand.Create(),
            OnnxModelCommand.Create(),
            LocalSupervisorCommand.Create(),
        };
        foreach (var command in ApplicationCommands.Create(cluster).Concat(ModelCommands.Create(cluster)))
        {
            root.Subcommands.Add(command);
        }

        // Each verb handles SIGTERM and SIGINT itself (the frontends' hosts stop gracefully; a model
        // container drains), so the parser must not turn them into an immediate cancellation.
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
        }
        finally
        {
            Terminal.Complete();
        }
    }
}
