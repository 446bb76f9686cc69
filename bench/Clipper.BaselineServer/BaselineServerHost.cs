using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Clipper.BaselineServer;

/// <summary>
/// Runs bare Kestrel (HTTP/1.1 on 127.0.0.1) with <see cref="PredictEndpoint"/> as the only
/// request delegate, until SIGTERM or Ctrl+C.
/// </summary>
internal static class BaselineServerHost
{
    /// <summary>Parses the arguments, serves until asked to stop, and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (!BaselineArguments.TryParse(args, out BaselineArguments arguments, out string? error))
        {
            Console.Error.WriteLine("clipper-baseline: " + error);
            return 2;
        }

        // The arguments are not handed to the builder: they are ours, not configuration keys.
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // stdout carries only the "listening on" line that scripts wait for.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, arguments.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        await using WebApplication app = builder.Build();
        app.Run(PredictEndpoint.HandleAsync);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"clipper-baseline: cannot listen on 127.0.0.1:{arguments.Port}: {ex.Message}");
            return 1;
        }

        // With port 0 only the bound address tells which port the OS picked.
        int port = new Uri(app.Urls.First()).Port;
        Console.Out.WriteLine($"listening on http://127.0.0.1:{port}");
        Console.Out.Flush();

        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
