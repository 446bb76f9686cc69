using System.CommandLine;

namespace Clipper.Cli.Commands;

/// <summary>The <c>clipper</c> command line: every verb, parsed by System.CommandLine.</summary>
internal static class CliApplication
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Clipper for .NET: a prediction-serving system. Run a verb with --help for its options.")
        {
            QueryFrontendCommand.Create(),
            ManagementFrontendCommand.Create(),
            ExampleModelCommand.Create(),
        };
        // Each verb handles SIGTERM and SIGINT itself (the frontends' hosts stop gracefully; a model
        // container drains), so the parser must not turn them into an immediate cancellation.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
