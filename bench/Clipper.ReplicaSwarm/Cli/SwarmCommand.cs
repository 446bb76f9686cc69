using System.CommandLine;
using System.Globalization;
using Clipper.ReplicaSwarm.Swarm;

namespace Clipper.ReplicaSwarm.Cli;

/// <summary>The <c>clipper-swarm</c> command line: start the swarm, report the connect storm, serve until killed.</summary>
internal static class SwarmCommand
{
    /// <summary>Exit code when the command line was wrong; one line on stderr says how.</summary>
    public const int BadArguments = 2;

    /// <summary>Exit code when not every replica connected within the timeout.</summary>
    public const int NotConnected = 1;

    public static Task<int> RunAsync(string[] args)
    {
        var arguments = new SwarmArguments();
        RootCommand root = arguments.CreateRootCommand();
        root.SetAction(async (result, cancellation) =>
        {
            if (!arguments.TryGetOptions(result, out var options, out string? error))
            {
                await Console.Error.WriteLineAsync("clipper-swarm: " + error).ConfigureAwait(false);
                return BadArguments;
            }

            return await ServeAsync(options!, arguments.Timeout, cancellation).ConfigureAwait(false);
        });

        ParseResult parsed = root.Parse(args);
        if (parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            Console.Error.WriteLine("clipper-swarm: " + parsed.Errors[0].Message);
            return Task.FromResult(BadArguments);
        }

        return parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
    }

    private static async Task<int> ServeAsync(SwarmOptions options, TimeSpan timeout, CancellationToken cancellation)
    {
        await using var swarm = NoopSwarm.Start(options);
        var connection = await swarm.WaitConnectedAsync(timeout, cancellation).ConfigureAwait(false);
        Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"models": {{options.Models}}, "replicas_per_model": {{options.ReplicasPerModel}}, "replicas": {{connection.Replicas}}, "connected": {{connection.Connected}}, "all_connected": {{(connection.AllConnected ? "true" : "false")}}, "connect_ms": {{connection.Elapsed.TotalMilliseconds:0.0}}, "swarm_rss_kib": {{Environment.WorkingSet / 1024}}}"""));
        await Console.Out.FlushAsync(cancellation).ConfigureAwait(false);
        if (!connection.AllConnected)
        {
            return NotConnected;
        }

        try
        {
            await Task.Delay(System.Threading.Timeout.Infinite, cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C: the replicas close with the swarm.
        }

        return 0;
    }
}
