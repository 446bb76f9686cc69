using System.Globalization;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Admin;

/// <summary>
/// <c>CLIPPER_LOG_FORMAT=json</c> in the environment of <c>clipper start</c> reaches the local supervisor and, through it,
/// the frontends it starts: their log files hold one JSON object per line.
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
            // Lines the supervisor itself adds to a part's log (a launch failure, an exit) start with [supervisor].
            var lines = File.ReadAllLines(Path.Combine(logs, part + ".log")).Where(line => line.Length > 0 && !line.StartsWith("[supervisor]", StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count > 0, $"{part}.log holds no log line");
            foreach (var line in lines)
            {
                using var entry = JsonDocument.Parse(line);
                Assert.True(entry.RootElement.TryGetProperty("Category", out _), $"{part}.log: not a log entry: {line}");
            }
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
