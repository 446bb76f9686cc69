using System.CommandLine;
using System.CommandLine.Invocation;
using Clipper.LoadGenerator.Running;

namespace Clipper.LoadGenerator.Cli;

/// <summary>The <c>clipper-load</c> command line, parsed by System.CommandLine.</summary>
internal static class LoadCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var arguments = new LoadArguments();
        RootCommand root = arguments.CreateRootCommand();
        root.SetAction(async (result, cancellation) =>
        {
            if (!arguments.TryGetOptions(result, out var options, out string? error))
            {
                Console.Error.WriteLine("clipper-load: " + error);
                return ExitCodes.BadArguments;
            }

            return await LoadRun.ExecuteAsync(options, cancellation).ConfigureAwait(false);
        });

        ParseResult parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction)
        {
            // One line, not the usage text: scripts show stderr as is, and exit code 2 says "bad arguments".
            Console.Error.WriteLine("clipper-load: " + parsed.Errors[0].Message);
            return Task.FromResult(ExitCodes.BadArguments);
        }

        // Ctrl+C and SIGTERM cancel the token: the run stops early and still prints what it measured,
        // which takes far less than this grace period.
        return parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) });
    }
}
