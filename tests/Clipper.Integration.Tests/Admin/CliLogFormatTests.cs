using System.Globalization;
using System.Net;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// <c>--log-format json</c> (or <c>CLIPPER_LOG_FORMAT=json</c>) turns every process's console logs into one JSON object per
/// line, parsed here; an unknown value is refused naming the flag or the variable.
/// </summary>
public sealed class CliLogFormatTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private static readonly Dictionary<string, string> s_noVariables = [];
    private readonly string _stateRoot = Directory.CreateTempSubdirectory("clipper-logformat-").FullName;

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    [Fact]
    public async Task QueryFrontend_LogFormatJson_WritesOneJsonObjectPerLine()
    {
        await using var redis = await RedisServer.StartAsync();
        var httpPort = FreePort.Next();
        await using var frontend = ClipperProcess.Start(
            s_noVariables, "query-frontend", "--redis", redis.Address, "--bind", "127.0.0.1", "--http-port", Invariant(httpPort), "--rpc-port", Invariant(FreePort.Next()), "--log-format", "json");
        await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{httpPort}/"), frontend);

        Assert.Equal(0, await frontend.TerminateAsync(s_timeout));

        var entries = ParseEveryLine(frontend);
        Assert.Contains(entries, e => e.GetProperty("Category").GetString()!.StartsWith("Clipper.", StringComparison.Ordinal));
        Assert.Empty(frontend.Stderr);
    }

    [Fact]
    public async Task ManagementFrontend_LogFormatVariableJson_WritesOneJsonObjectPerLine()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = FreePort.Next();
        await using var management = ClipperProcess.Start(
            new Dictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "json" }, "management-frontend", "--redis", redis.Address, "--bind", "127.0.0.1", "--port", Invariant(port));
        await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{port}/"), management);

        Assert.Equal(0, await management.TerminateAsync(s_timeout));

        var entries = ParseEveryLine(management);
        Assert.Contains(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Management frontend listening on", StringComparison.Ordinal));
        Assert.Empty(management.Stderr);
    }

    [Fact]
    public async Task ExampleModel_LogFormatJson_WritesOneJsonObjectPerLine()
    {
        await using var redis = await RedisServer.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var frontend = await FrontendProcess.StartAsync(redis.Address, FreePort.Next(), FreePort.Next(), http);
        var variables = new Dictionary<string, string>
        {
            ["CLIPPER_MODEL_NAME"] = "m",
            ["CLIPPER_MODEL_VERSION"] = "1",
            ["CLIPPER_IP"] = "127.0.0.1",
            ["CLIPPER_PORT"] = Invariant(frontend.RpcPort),
            ["CLIPPER_INPUT_TYPE"] = "doubles",
        };
        await using var model = ClipperProcess.Start(variables, "example-model", "noop", "--log-format", "json");
        await Eventually.TrueAsync(
            () => Task.FromResult(model.Stdout.Any(line => line.Contains("Connected to the query frontend", StringComparison.Ordinal))),
            s_timeout,
            () => model.Output + frontend.Output);

        await model.TerminateAsync(s_timeout);

        var entries = ParseEveryLine(model);
        var connected = Assert.Single(entries, e => e.GetProperty("Message").GetString()!.StartsWith("Connected to the query frontend", StringComparison.Ordinal));
        Assert.Equal("Information", connected.GetProperty("LogLevel").GetString());
        Assert.Equal("m", connected.GetProperty("State").GetProperty("ModelName").GetString());
    }

    [Theory]
    [InlineData("query-frontend --redis 127.0.0.1:1")]
    [InlineData("management-frontend --redis 127.0.0.1:1")]
    [InlineData("example-model noop")]
    [InlineData("onnx-model --model missing.onnx")]
    [InlineData("local-supervisor --cluster c --state-root /nonexistent")]
    public async Task Verb_LogFormatUnknown_IsRefusedNamingTheFlagAndTheFormats(string verb)
    {
        await CliRunner.FailsAsync(_stateRoot, [.. verb.Split(' '), "--log-format", "xml"], "--log-format 'xml' is not a log format; expected text or json.");
    }

    [Fact]
    public async Task QueryFrontend_LogFormatVariableUnknown_IsRefusedNamingTheVariable()
    {
        var (exitCode, _, stderr) = await CliRunner.RunAsync(_stateRoot, new Dictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "yaml" }, "query-frontend", "--redis", "127.0.0.1:1");

        Assert.Equal(1, exitCode);
        Assert.Equal("clipper: CLIPPER_LOG_FORMAT 'yaml' is not a log format; expected text or json.", stderr.Trim());
    }

    [Fact]
    public async Task QueryFrontend_LogFormatFlagOverVariable_WritesText()
    {
        await using var redis = await RedisServer.StartAsync();
        var httpPort = FreePort.Next();
        await using var frontend = ClipperProcess.Start(
            new Dictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "json" },
            "query-frontend", "--redis", redis.Address, "--bind", "127.0.0.1", "--http-port", Invariant(httpPort), "--rpc-port", Invariant(FreePort.Next()), "--log-format", "text");
        await WaitUntilReadyAsync(new Uri($"http://127.0.0.1:{httpPort}/"), frontend);

        Assert.Equal(0, await frontend.TerminateAsync(s_timeout));

        // Today's lines: the simple console's "level: category[event id] message".
        Assert.NotEmpty(frontend.Stdout);
        Assert.All(frontend.Stdout, line => Assert.False(line.StartsWith('{'), "a JSON line despite --log-format text: " + line));
        Assert.Contains(frontend.Stdout, line => line.StartsWith("info: Clipper.", StringComparison.Ordinal));
    }

    private static async Task WaitUntilReadyAsync(Uri frontend, ClipperProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(frontend, "readyz"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or too slow to answer on a loaded machine: ask again.
                    return false;
                }
            },
            s_timeout,
            () => process.Output);
    }

    /// <summary>Every stdout line is one JSON object with the JSON console formatter's fields; returns them.</summary>
    private static List<JsonElement> ParseEveryLine(ClipperProcess process)
    {
        var lines = process.Stdout;
        Assert.True(lines.Count >= 2, "expected log lines, got: " + process.Output);
        List<JsonElement> entries = [];
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var entry = document.RootElement.Clone();
            Assert.Equal(JsonValueKind.Object, entry.ValueKind);
            foreach (var field in new[] { "Timestamp", "EventId", "LogLevel", "Category", "Message" })
            {
                Assert.True(entry.TryGetProperty(field, out _), $"no {field} in {line}");
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
