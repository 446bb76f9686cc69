using System.Globalization;
using System.Text.Json;
using Clipper.ContainerManagers;
using Clipper.ContainerManagers.Local;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// The log format of a local cluster: <c>clipper start --log-format json</c> (or <c>CLIPPER_LOG_FORMAT=json</c> in its
/// environment) reaches the supervisor and, through it, the frontends, Prometheus and every model replica, those deployed
/// later by another process too: every log file of the cluster but Redis's holds one JSON object per line.
/// </summary>
public sealed class LocalClusterLogFormatTests
{
    [Fact]
    public async Task Start_LogFormatVariableJson_SupervisorAndFrontendsLogJsonLines()
    {
        await using var scope = new LocalClusterScope();
        var (exitCode, _, stderr) = await CliRunner.RunAsync(
            scope.StateRoot,
            new Dictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "json" },
            "start", "--query-port", Text(FreePort.Next()), "--management-port", Text(FreePort.Next()), "--rpc-port", Text(FreePort.Next()), "--cluster", scope.Name);
        Assert.True(exitCode == 0, "clipper start failed: " + stderr);

        var logs = Path.Combine(scope.ClusterDirectory, "logs");
        foreach (var part in new[] { "supervisor", "management-frontend", "query-frontend" })
        {
            AssertJsonLines(Path.Combine(logs, part + ".log"), atLeastOne: true);
        }
    }

    [Fact]
    public async Task Start_LogFormatJsonFlag_EveryProcessAndReplicasDeployedLaterLogJsonLines()
    {
        await using var scope = new LocalClusterScope();
        var cluster = new[] { "--cluster", scope.Name };
        await CliRunner.OkAsync(scope.StateRoot, [
            "start", "--log-format", "json", "--query-port", Text(FreePort.Next()), "--management-port", Text(FreePort.Next()), "--rpc-port", Text(FreePort.Next()),
            "--prometheus", "--prometheus-port", Text(FreePort.Next()), .. cluster]);
        var state = LocalClusterState.TryLoad(scope.StateFile)!;
        Assert.Equal(LogFormat.Json, state.LogFormat);
        Assert.Contains("--log.format=json", CommandLineOf(state.Children["prometheus"].Pid));

        // Deployed by other processes, after the start: the cluster remembers its format.
        var python = Directory.CreateDirectory(Path.Combine(scope.StateRoot, "python-source")).FullName;
        await File.WriteAllTextAsync(Path.Combine(python, "model.py"), "def predict(inputs):\n    return [str(len(x)) for x in inputs]\n");
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "count", "--version", "1", "--input-type", "doubles", "--python", python, "--entry", "model:predict", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["link", "adder", "sum", .. cluster]);
        await Serving.Eventually.TrueAsync(
            async () => (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", .. cluster])).Stdout.Contains("\"output\":4,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        // A crash and its restart: the supervisor's own note in the replica's log is a JSON line too.
        var sum = Assert.Single(await scope.Manager.GetReplicasAsync(), r => r.Id == "sum_1-1");
        System.Diagnostics.Process.GetProcessById(sum.ProcessId!.Value).Kill();
        await Serving.Eventually.TrueAsync(
            async () => (await scope.Manager.GetReplicasAsync()).Any(r => r.Id == "sum_1-1" && r.Restarts == 1 && r.State == ReplicaState.Running),
            TimeSpan.FromSeconds(30));
        Assert.Contains(
            await scope.Manager.GetLogTailAsync("sum_1-1", 50),
            line => line.StartsWith('{') && line.Contains("\"EventId\":3001", StringComparison.Ordinal) && line.Contains("exited with code 137", StringComparison.Ordinal));

        var collected = Path.Combine(scope.StateRoot, "cli-logs");
        await CliRunner.OkAsync(scope.StateRoot, ["logs", "--dir", collected, .. cluster]);
        var files = Directory.GetFiles(collected, "*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        // Prometheus logs warnings only: its file appears with its first line.
        Assert.Equal(["count_1-1.log", "management-frontend.log", "query-frontend.log", "redis.log", "sum_1-1.log", "supervisor.log"], files.Where(f => f != "prometheus.log"));
        foreach (var file in files)
        {
            // Redis writes its own lines: it has no JSON format.
            if (file != "redis.log")
            {
                AssertJsonLines(Path.Combine(collected, file!), atLeastOne: file != "prometheus.log");
            }
        }

        // The tail the manager serves is the same file.
        var tail = await scope.Manager.GetLogTailAsync("count_1-1", 20).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(tail);
        Assert.All(tail, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Fact]
    public async Task Start_LogFormatXml_IsRefusedNamingTheFlagTheValueAndTheFormats()
    {
        await using var scope = new LocalClusterScope();

        var (exitCode, _, stderr) = await CliRunner.RunAsync(scope.StateRoot, "start", "--log-format", "xml", "--cluster", scope.Name);

        Assert.Equal(1, exitCode);
        Assert.Equal("clipper: --log-format 'xml' is not a log format; expected text or json.", stderr.Trim());
        Assert.False(File.Exists(scope.StateFile), "nothing was started");
    }

    [Fact]
    public async Task Start_LogFormatTextFlagOverVariableJson_FrontendsAndReplicasLogText()
    {
        await using var scope = new LocalClusterScope();
        var cluster = new[] { "--cluster", scope.Name };
        var json = new Dictionary<string, string> { ["CLIPPER_LOG_FORMAT"] = "json" };
        var (exitCode, _, stderr) = await CliRunner.RunAsync(
            scope.StateRoot, json, ["start", "--log-format", "text", "--query-port", Text(FreePort.Next()), "--management-port", Text(FreePort.Next()), "--rpc-port", Text(FreePort.Next()), .. cluster]);
        Assert.True(exitCode == 0, "clipper start failed: " + stderr);
        var deploy = await CliRunner.RunAsync(scope.StateRoot, json, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. cluster]);
        Assert.True(deploy.ExitCode == 0, "clipper deploy failed: " + deploy.Stderr);

        Assert.Equal(LogFormat.Text, LocalClusterState.TryLoad(scope.StateFile)!.LogFormat);
        var logs = Path.Combine(scope.ClusterDirectory, "logs");
        foreach (var part in new[] { "supervisor", "query-frontend", "sum_1-1" })
        {
            var lines = File.ReadAllLines(Path.Combine(logs, part + ".log")).Where(line => line.Length > 0).ToList();
            Assert.True(lines.Count > 0, $"{part}.log holds no log line");
            Assert.All(lines, line => Assert.False(line.StartsWith('{'), $"{part}.log: a JSON line in a text cluster: {line}"));
        }
    }

    /// <summary>Every line of the file is a JSON object of one shape, whatever wrote it (.NET, Python, the supervisor's notes).</summary>
    private static void AssertJsonLines(string path, bool atLeastOne)
    {
        var lines = File.ReadAllLines(path).Where(line => line.Length > 0).ToList();
        Assert.True(!atLeastOne || lines.Count > 0, $"{Path.GetFileName(path)} holds no log line");
        foreach (var line in lines)
        {
            JsonDocument entry;
            try
            {
                entry = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw new Xunit.Sdk.XunitException($"{Path.GetFileName(path)}: not a JSON line ({ex.Message}): {line}");
            }

            using (entry)
            {
                Assert.True(entry.RootElement.ValueKind == JsonValueKind.Object, $"{Path.GetFileName(path)}: not a JSON object: {line}");
                foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message" })
                {
                    Assert.True(entry.RootElement.TryGetProperty(field, out _), $"{Path.GetFileName(path)}: no {field} in {line}");
                }
            }
        }
    }

    private static string CommandLineOf(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
