using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Docker;

/// <summary>
/// <c>clipper start --manager docker --log-format json</c>: the frontends' command lines carry the flag, the cluster's
/// settings label records it, and a replica deployed later by another process gets <c>CLIPPER_LOG_FORMAT=json</c>; the
/// logs of the frontends and the replica hold one JSON object per line.
/// </summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerLogFormatTests
{
    [Fact]
    public async Task Start_LogFormatJson_FrontendsAndReplicasDeployedLaterLogJsonLines()
    {
        await using var scope = new DockerClusterScope();
        var cluster = scope.CliArguments;
        await CliRunner.OkAsync(scope.StateRoot, [
            "start", "--log-format", "json", "--query-port", Text(FreePort.Next()), "--management-port", Text(FreePort.Next()), "--rpc-port", Text(FreePort.Next()), .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "adder", "sum", .. cluster]);
        await Eventually.TrueAsync(
            async () => (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", .. cluster])).Stdout.Contains("\"output\":4,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        using (var docker = DockerEngine.Connect())
        {
            var management = await docker.Containers.InspectContainerAsync(scope.Name + "-management");
            using var settings = JsonDocument.Parse(management.Config.Labels["ai.clipper.settings"]);
            Assert.Equal("Json", settings.RootElement.GetProperty("LogFormat").GetString());
            Assert.Equal(["--log-format", "json"], management.Config.Cmd.TakeLast(2));
            var query = await docker.Containers.InspectContainerAsync(scope.Name + "-query");
            Assert.Contains("--log-format json", string.Join(' ', query.Config.Cmd), StringComparison.Ordinal);
            var replica = await docker.Containers.InspectContainerAsync(scope.Name + "-sum_1-0");
            Assert.Contains("CLIPPER_LOG_FORMAT=json", replica.Config.Env);
        }

        var logs = Path.Combine(scope.StateRoot, "cli-logs");
        await CliRunner.OkAsync(scope.StateRoot, ["logs", "--dir", logs, .. cluster]);
        foreach (var file in new[] { "management.log", "query.log", "sum_1-0.log" })
        {
            var lines = File.ReadAllLines(Path.Combine(logs, file)).Where(line => line.Length > 0).ToList();
            Assert.True(lines.Count > 0, $"{file} holds no log line");
            foreach (var line in lines)
            {
                using var entry = ParseOrFail(file, line);
                Assert.True(entry.RootElement.TryGetProperty("Category", out _), $"{file}: not a log entry: {line}");
            }
        }
    }

    private static JsonDocument ParseOrFail(string file, string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            throw new Xunit.Sdk.XunitException($"{file}: not a JSON line ({ex.Message}): {line}");
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
