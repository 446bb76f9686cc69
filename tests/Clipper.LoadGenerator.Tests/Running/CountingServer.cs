using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipper.LoadGenerator.Tests.Running;

/// <summary>A real Kestrel server on a free port that answers every request as a model would and notes, per TCP connection, when each request came.</summary>
internal sealed class CountingServer : IAsyncDisposable
{
    private static readonly byte[] s_answer = """{"query_id":0,"output":1.0,"default":false}"""u8.ToArray();

    private readonly WebApplication _app;

    private CountingServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where to POST, e.g. <c>http://127.0.0.1:41234/app/predict</c>.</summary>
    public Uri Url { get; }

    /// <summary>Per connection id, the timestamps of its requests in order.</summary>
    public ConcurrentDictionary<string, List<long>> Requests { get; } = new();

    /// <summary>Per connection id, the paths of its requests in order.</summary>
    public ConcurrentDictionary<string, List<string>> Paths { get; } = new();

    public static async Task<CountingServer> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        CountingServer? server = null;
        app.Run(async context =>
        {
            long now = Stopwatch.GetTimestamp();
            List<long> times = server!.Requests.GetOrAdd(context.Connection.Id, _ => []);
            lock (times)
            {
                times.Add(now);
            }

            List<string> paths = server.Paths.GetOrAdd(context.Connection.Id, _ => []);
            lock (paths)
            {
                paths.Add(context.Request.Path.Value ?? "");
            }

            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(s_answer);
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new CountingServer(app, new Uri(address + "/app/predict"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
