using System.Net;
using Clipper.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clipper.Integration.Tests.Tracing;

/// <summary>
/// A real OTLP receiver over HTTP (OTLP/HTTP with protobuf bodies, <c>POST /v1/traces</c>) on a free loopback port:
/// what the processes' OTLP exporters send when <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>. It keeps every span.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<OtlpSpan> _spans = [];
    private int _requests;

    private OtlpReceiver(WebApplication app, int port)
    {
        _app = app;
        Endpoint = $"http://127.0.0.1:{port}";
    }

    /// <summary>What <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set to.</summary>
    public string Endpoint { get; }

    /// <summary>How many export requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<OtlpSpan> Spans
    {
        get
        {
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, port);
        app.MapPost("/v1/traces", receiver.ExportAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return receiver;
    }

    /// <summary>The spans of <paramref name="traceId"/> once <paramref name="complete"/> holds for them.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<OtlpSpan>, bool> complete, TimeSpan timeout)
    {
        IReadOnlyList<OtlpSpan> trace = [];
        await Serving.Eventually.TrueAsync(
            () =>
            {
                trace = [.. Spans.Where(s => s.TraceId == traceId)];
                return Task.FromResult(complete(trace));
            },
            timeout,
            () => "spans received: " + string.Join("\n", Spans));
        return trace;
    }

    private async Task ExportAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var spans = OtlpTraceDecoder.Decode(body.GetBuffer().AsSpan(0, (int)body.Length));
        lock (_spans)
        {
            _spans.AddRange(spans);
        }

        // An empty ExportTraceServiceResponse: no partial success to report.
        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
