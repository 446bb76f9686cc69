using System.Text.Json;

namespace Clipper.Integration.Tests.Admin;

/// <summary>The <c>clipper</c> verbs, run as separate processes against a cluster started by another process.</summary>
public sealed class CliClusterTests
{
    [Fact]
    public async Task Verbs_SecondProcessByClusterName_DriveTheClusterAndStopIt()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync();
        var cluster = new[] { "--cluster", scope.Name };

        var status = await CliRunner.RunAsync(scope.StateRoot, ["status", "--output", "json", .. cluster]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            Assert.Equal(addresses.Query, new Uri(json.RootElement.GetProperty("addresses").GetProperty("query").GetString()!));
            var frontend = Assert.Single(json.RootElement.GetProperty("query_frontends").EnumerateArray());
            Assert.Equal(scope.Name + "-query-frontend", frontend.GetProperty("id").GetString());
            Assert.Equal($"127.0.0.1:{addresses.RpcPort}", frontend.GetProperty("rpc_address").GetString());
            Assert.Equal("token", json.RootElement.GetProperty("admin_access").GetString());
        }

        // The admin token is in the cluster's folder, owner-only, and never printed.
        Assert.NotNull(addresses.AdminToken);
        Assert.DoesNotContain(addresses.AdminToken.Value, status.Stdout, StringComparison.Ordinal);
        Assert.True(addresses.AdminToken.Matches(Clipper.ModelRpc.Security.ClusterToken.ReadFile(Path.Combine(scope.ClusterDirectory, "admin-token")).Value));

        await OkAsync(scope, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", .. cluster]);
        var deploy = await OkAsync(scope, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", "--replicas", "2", .. cluster]);
        Assert.Contains("deployed sum:1 with 2 replica(s)", deploy, StringComparison.Ordinal);
        await OkAsync(scope, ["link", "adder", "sum", .. cluster]);

        var apps = await OkAsync(scope, ["apps", "--output", "json", .. cluster]);
        using (var json = JsonDocument.Parse(apps))
        {
            Assert.Equal("sum", json.RootElement[0].GetProperty("linked_models")[0].GetString());
        }

        var models = await OkAsync(scope, ["models", .. cluster]);
        Assert.Contains("sum", models, StringComparison.Ordinal);
        var replicas = await OkAsync(scope, ["replicas", "--output", "json", .. cluster]);
        using (var json = JsonDocument.Parse(replicas))
        {
            Assert.Equal(2, json.RootElement.GetArrayLength());
        }

        await Serving.Eventually.TrueAsync(
            async () => (await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[1.5, 2.5]", .. cluster])).Stdout.Contains("\"output\":4,", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));

        await OkAsync(scope, ["scale", "sum", "1", .. cluster]);
        var text = await OkAsync(scope, ["status", .. cluster]);
        Assert.Contains("sum_1-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sum_1-2", text, StringComparison.Ordinal);

        var logs = Path.Combine(scope.StateRoot, "cli-logs");
        Assert.Contains("query-frontend.log", await OkAsync(scope, ["logs", "--dir", logs, .. cluster]), StringComparison.Ordinal);
        await OkAsync(scope, ["stop-models", "sum", .. cluster]);
        Assert.Contains("no model replicas", await OkAsync(scope, ["status", .. cluster]), StringComparison.Ordinal);

        Assert.Contains("unlinked", await OkAsync(scope, ["unlink", "adder", "sum", .. cluster]), StringComparison.Ordinal);
        Assert.Contains("unregistered", await OkAsync(scope, ["unregister-app", "adder", .. cluster]), StringComparison.Ordinal);
        Assert.Equal("[]", (await OkAsync(scope, ["apps", "--output", "json", .. cluster])).Trim());

        var recorded = scope.RecordedProcesses();
        Assert.Contains("stopped", await OkAsync(scope, ["stop-all", .. cluster]), StringComparison.Ordinal);
        foreach (var pid in recorded)
        {
            Assert.False(Clipper.ContainerManagers.Local.ProcessTable.IsAlive(pid), $"process {pid} survived stop-all");
        }
    }

    [Fact]
    public async Task Status_ClusterStartedWithInsecureAdmin_SaysSoAndKeepsNoToken()
    {
        await using var scope = new LocalClusterScope();
        var addresses = await scope.StartAsync(insecureAdmin: true);

        var text = await OkAsync(scope, ["status", "--cluster", scope.Name]);

        Assert.Contains("INSECURE: any caller, no token (started with --insecure-admin)", text, StringComparison.Ordinal);
        Assert.Null(addresses.AdminToken);
        Assert.False(File.Exists(Path.Combine(scope.ClusterDirectory, "admin-token")));
    }

    [Fact]
    public async Task Verbs_Mistakes_PrintOneClearLineAndExit1()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        var cluster = new[] { "--cluster", scope.Name };

        await FailsAsync(scope, ["register-app", "Bad Name", "--input-type", "doubles", "--default-output", "x", "--slo-micros", "1000", .. cluster], "Invalid application name 'Bad Name'");
        await FailsAsync(scope, ["scale", "nosuch", "2", .. cluster], "Model 'nosuch' has no current version");
        await FailsAsync(scope, ["link", "nosuch-app", "nosuch-model", .. cluster], "nosuch-app");
        await FailsAsync(scope, ["deploy", "m", "--version", "1", "--input-type", "doubles", "--example", "nonsense", .. cluster], "Unknown example 'nonsense'");
        await FailsAsync(scope, ["predict", "adder", "[1, 2", .. cluster], "JSON_INPUT is not valid JSON");
        await FailsAsync(scope, ["status", "--cluster", "not-started"], "No local cluster named 'not-started' is running");
        await FailsAsync(scope, ["status", "--cluster", "Not_Valid"], "Invalid cluster name 'Not_Valid'");
        await FailsAsync(scope, ["start", "--manager", "mainframe", .. cluster], "Unknown --manager 'mainframe'");

        var both = await CliRunner.RunAsync(scope.StateRoot, ["deploy", "m", "--version", "1", "--input-type", "doubles", "--example", "sum", "--project", ".", .. cluster]);
        Assert.NotEqual(0, both.ExitCode);
        Assert.Contains("give exactly one of --project PATH, --example KIND, --image IMAGE, --onnx FILE and --python DIR", both.Stderr + both.Stdout, StringComparison.Ordinal);
        var untyped = await CliRunner.RunAsync(scope.StateRoot, ["deploy", "m", "--version", "1", "--example", "sum", .. cluster]);
        Assert.NotEqual(0, untyped.ExitCode);
        Assert.Contains("--input-type is required (integers, floats, doubles, bytes or strings); only --onnx takes it from the model", untyped.Stderr + untyped.Stdout, StringComparison.Ordinal);
    }

    private static Task<string> OkAsync(LocalClusterScope scope, string[] args) => CliRunner.OkAsync(scope.StateRoot, args);

    private static Task FailsAsync(LocalClusterScope scope, string[] args, string expected) => CliRunner.FailsAsync(scope.StateRoot, args, expected);
}
