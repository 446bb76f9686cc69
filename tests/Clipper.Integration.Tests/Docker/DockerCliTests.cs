using System.Text.Json;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Every <c>clipper</c> verb with <c>--manager docker</c>, each a separate process, on the real engine.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerCliTests
{
    [Fact]
    public async Task Verbs_DockerManager_DriveAClusterFromStartToStopAll()
    {
        await using var scope = new DockerClusterScope();
        var cluster = scope.CliArguments;
        var queryPort = FreePort.Next();
        var started = await OkAsync(scope, ["start", "--query-port", queryPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--management-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--rpc-port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--memory", "512m", "--cpus", "1.5", "--env", "TEAM=serving", .. cluster]);
        Assert.Contains($"http://127.0.0.1:{queryPort}/", started, StringComparison.Ordinal);

        // The settings given at start are on every container, also those started later by other processes.
        await OkAsync(scope, ["register-app", "adder", "--input-type", "doubles", "--default-output=-1", "--slo-micros", "5000000", .. cluster]);
        Assert.Contains("deployed sum:1 with 2 replica(s)", await OkAsync(scope, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", "--replicas", "2", .. cluster]), StringComparison.Ordinal);
        await OkAsync(scope, ["link", "adder", "sum", .. cluster]);
        using (var docker = DockerEngine.Connect())
        {
            var replica = await docker.Containers.InspectContainerAsync(scope.Name + "-sum_1-1");
            Assert.Equal(512L * 1024 * 1024, replica.HostConfig.Memory);
            Assert.Equal(1_500_000_000L, replica.HostConfig.NanoCPUs);
            Assert.Contains("TEAM=serving", replica.Config.Env);
            Assert.Contains($"CLIPPER_IP={scope.Name}-query", replica.Config.Env);
            Assert.Equal(scope.Name, replica.Config.Labels["ai.clipper.container.label"]);
            Assert.Equal("sum_1", replica.Config.Labels["ai.clipper.model_container.label"]);
        }

        await Eventually.TrueAsync(
            async () => (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", .. cluster])).Stdout.Contains("\"output\":4,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        using (var json = JsonDocument.Parse(await OkAsync(scope, ["replicas", "--output", "json", .. cluster])))
        {
            Assert.Equal(2, json.RootElement.GetArrayLength());
        }

        Assert.Contains("sum runs 3 replica(s)", await OkAsync(scope, ["scale", "sum", "3", .. cluster]), StringComparison.Ordinal);
        await OkAsync(scope, ["scale", "sum", "1", .. cluster]);
        var status = await OkAsync(scope, ["status", .. cluster]);
        Assert.Contains("sum_1-0", status, StringComparison.Ordinal);
        Assert.DoesNotContain("sum_1-1", status, StringComparison.Ordinal);

        // A second version takes over; set-version rolls back to the first.
        await OkAsync(scope, ["deploy", "sum", "--version", "2", "--input-type", "doubles", "--example", "noop", .. cluster]);
        Assert.Contains("\"2\"", await OkAsync(scope, ["models", "--output", "json", .. cluster]), StringComparison.Ordinal);
        await OkAsync(scope, ["set-version", "sum", "1", .. cluster]);
        await Eventually.TrueAsync(
            async () => (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[2, 3]", .. cluster])).Stdout.Contains("\"output\":5,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        var logs = Path.Combine(scope.StateRoot, "cli-logs");
        var written = await OkAsync(scope, ["logs", "--dir", logs, .. cluster]);
        Assert.Contains("query.log", written, StringComparison.Ordinal);
        Assert.Contains("sum_2-0.log", written, StringComparison.Ordinal);

        await OkAsync(scope, ["stop-models", "sum", .. cluster]);
        Assert.Contains("no model replicas", await OkAsync(scope, ["status", .. cluster]), StringComparison.Ordinal);
        Assert.Contains("stopped", await OkAsync(scope, ["stop-all", .. cluster]), StringComparison.Ordinal);
        Assert.Empty(await scope.ContainersAsync());
    }

    [Fact]
    public async Task Verbs_DockerMistakes_PrintOneClearLineAndExit1()
    {
        await using var scope = new DockerClusterScope();
        var cluster = scope.CliArguments;
        await FailsAsync(scope, ["status", .. cluster], $"No Docker cluster named '{scope.Name}' runs on this engine");
        await FailsAsync(scope, ["start", "--redis-persistence", "--cluster", scope.Name], "apply to --manager docker only");
        await FailsAsync(scope, ["start", "--frontends", "0", .. cluster], "--frontends is 0; expected 1 to 64 query frontends.");
        await FailsAsync(scope, ["scale-frontends", "65", .. cluster], "The count of scale-frontends is 65; expected 1 to 64 query frontends.");
        await FailsAsync(scope, ["start", "--memory", "lots", .. cluster], "--memory must be bytes or a number with k, m or g");
        await FailsAsync(scope, ["start", "--env", "NOVALUE", .. cluster], "--env must be NAME=VALUE; got 'NOVALUE'.");
        await FailsAsync(scope, ["status", "--registry", "http://x", .. cluster], "Registry 'http://x' is invalid");
        await FailsAsync(scope, ["status", "--registry", "127.0.0.1:5000", "--cluster", scope.Name], "--registry applies to --manager docker and kubernetes only");
        await FailsAsync(scope, ["status", "--namespace", "serving", .. cluster], "--namespace, --kubeconfig and --context apply to --manager kubernetes only");
        await FailsAsync(scope, ["start", "--clipper-image", "x:1", .. cluster], "--clipper-image, --redis-image, --prometheus-image, --service-type, --redis-storage-class, --create-namespace and --apply-role apply to --manager kubernetes only");
        await FailsAsync(scope, ["start", "--start-timeout", "0", .. cluster], "--start-timeout must be a positive number of seconds; got 0.");
        await FailsAsync(scope, ["deploy", "m", "--version", "1", "--input-type", "doubles", "--image", "m:1", "--cluster", scope.Name], "--image needs --manager docker or kubernetes");
        await FailsAsync(scope, ["scale", "sum", "2", .. cluster], $"No Docker cluster named '{scope.Name}' runs on this engine");
        Assert.Empty(await scope.ContainersAsync());
    }

    private static Task<string> OkAsync(DockerClusterScope scope, string[] args) => CliRunner.OkAsync(scope.StateRoot, args);

    private static Task FailsAsync(DockerClusterScope scope, string[] args, string expected) => CliRunner.FailsAsync(scope.StateRoot, args, expected);
}
