using System.Globalization;
using System.Text;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Tracing;

/// <summary>
/// OpenTelemetry end to end: a query frontend process and a ModelRpc container process export over OTLP to a real
/// receiver when the OTEL_* variables say so; a predict with a known traceparent continues into the frontend's spans and
/// the container's predict span, all in that trace with the right parents. Without the variables nothing is exported.
/// </summary>
public sealed class TracingTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string CallerSpanId = "00f067aa0ba902b7";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Predict_WithTraceparentAndOtlpVariables_ExportsTheFrontendAndContainerSpansOfThatTrace()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var otel = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        await using var cluster = await TracedCluster.StartAsync(otel, otel);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Frontend.BaseAddress, "traced/predict"))
        {
            Content = new StringContent("{\"input\": [1.0, 2.0]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{TraceId}-{CallerSpanId}-01");
        using var response = await cluster.Http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);
        Assert.Contains("\"default\":false", answer.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var trace = await receiver.WaitForTraceAsync(
            TraceId,
            spans => new[] { "parse", "queue wait", "batch", "model", "predict" }.All(name => spans.Any(s => s.Name == name))
                && spans.Any(s => s.Kind == OtlpSpan.ServerKind && s.Service == "clipper-query-frontend"),
            s_timeout);

        var server = Assert.Single(trace, s => s.Service == "clipper-query-frontend" && s.Kind == OtlpSpan.ServerKind);
        Assert.Equal(CallerSpanId, server.ParentSpanId);
        var parse = Assert.Single(trace, s => s.Name == "parse");
        var wait = Assert.Single(trace, s => s.Name == "queue wait");
        var batch = Assert.Single(trace, s => s.Name == "batch");
        var model = Assert.Single(trace, s => s.Name == "model");
        var predict = Assert.Single(trace, s => s.Name == "predict");
        Assert.All([parse, wait, batch, model], s => Assert.Equal("clipper-query-frontend", s.Service));
        Assert.All([parse, wait, batch, model], s => Assert.Equal("Clipper.QueryFrontend", s.Scope));
        Assert.Equal(server.SpanId, parse.ParentSpanId);
        Assert.Equal(server.SpanId, wait.ParentSpanId);
        Assert.Equal(server.SpanId, batch.ParentSpanId);
        Assert.Equal(OtlpSpan.ClientKind, batch.Kind);
        Assert.Equal(batch.SpanId, model.ParentSpanId);

        // The container's span joins through the batch frame's trace context.
        Assert.Equal("clipper-model-traced-model", predict.Service);
        Assert.Equal("Clipper.ModelRpc", predict.Scope);
        Assert.Equal(batch.SpanId, predict.ParentSpanId);
        Assert.Equal(OtlpSpan.ServerKind, predict.Kind);
    }

    [Fact]
    public async Task Predict_WithoutOtlpVariables_ExportsNothing()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        // The frontend has an endpoint but OTEL_TRACES_EXPORTER=none; the container has no variable at all.
        var frontendVariables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_TRACES_EXPORTER"] = "none",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };
        await using (var cluster = await TracedCluster.StartAsync(frontendVariables, new Dictionary<string, string>()))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cluster.Frontend.BaseAddress, "traced/predict"))
            {
                Content = new StringContent("{\"input\": [1.0, 2.0]}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("traceparent", $"00-{TraceId}-{CallerSpanId}-01");
            using var response = await cluster.Http.SendAsync(request);
            Assert.Contains("\"default\":false", (await response.Content.ReadAsStringAsync()).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

            // A process exporting would flush its last spans when it stops: stop both and look afterwards.
            Assert.Equal(0, await cluster.Model.TerminateAsync(s_timeout));
            Assert.Equal(0, await cluster.Frontend.TerminateAsync(s_timeout));
        }

        Assert.Equal(0, receiver.Requests);
    }

    [Fact]
    public async Task QueryFrontend_UnknownTracesExporter_IsRefusedNamingTheVariable()
    {
        var stateRoot = Directory.CreateTempSubdirectory("clipper-otel-").FullName;
        try
        {
            var (exitCode, _, stderr) = await CliRunner.RunAsync(
                stateRoot, new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "zipkin" }, "query-frontend", "--redis", "127.0.0.1:1");

            Assert.Equal(1, exitCode);
            Assert.Equal("clipper: OTEL_TRACES_EXPORTER 'zipkin' names the exporter 'zipkin', which Clipper does not have; expected otlp or none.", stderr.Trim());
        }
        finally
        {
            Directory.Delete(stateRoot, recursive: true);
        }
    }

    /// <summary>Redis, the management frontend (in this process), a query frontend process and an example model process.</summary>
    private sealed class TracedCluster : IAsyncDisposable
    {
        private RedisServer _redis = null!;
        private ManagementFrontendHost _management = null!;

        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

        public FrontendProcess Frontend { get; private set; } = null!;

        public ModelProcess Model { get; private set; } = null!;

        public static async Task<TracedCluster> StartAsync(IReadOnlyDictionary<string, string> frontendVariables, IReadOnlyDictionary<string, string> modelVariables)
        {
            var cluster = new TracedCluster();
            try
            {
                cluster._redis = await RedisServer.StartAsync();
                cluster._management = await ManagementFrontendHost.StartAsync(cluster._redis.Address, "clipper:");
                await cluster._management.AddAppAsync("traced", sloMicros: 20_000_000);
                await cluster._management.AddModelAsync("traced-model", "1");
                await cluster._management.LinkAsync("traced", "traced-model");
                cluster.Frontend = await FrontendProcess.StartAsync(cluster._redis.Address, FreePort.Next(), FreePort.Next(), cluster.Http, frontendVariables);
                cluster.Model = ModelProcess.Start("sum", "traced-model", "1", "doubles", "127.0.0.1", cluster.Frontend.RpcPort, modelVariables);
                await Eventually.TrueAsync(
                    async () =>
                    {
                        using var response = await cluster.Http.PostAsync(
                            new Uri(cluster.Frontend.BaseAddress, "traced/predict"), new StringContent("{\"input\": [0.5]}", Encoding.UTF8, "application/json"));
                        return (await response.Content.ReadAsStringAsync()).Replace(" ", "", StringComparison.Ordinal).Contains("\"default\":false", StringComparison.Ordinal);
                    },
                    s_timeout,
                    () => cluster.Frontend.Output + "\n" + cluster.Model.Output);
                return cluster;
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Model is not null)
            {
                await Model.DisposeAsync();
            }

            if (Frontend is not null)
            {
                await Frontend.DisposeAsync();
            }

            if (_management is not null)
            {
                await _management.DisposeAsync();
            }

            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }

            Http.Dispose();
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
