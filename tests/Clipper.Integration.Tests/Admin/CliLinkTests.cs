using System.Text.Json;
using Clipper.Configuration;

namespace Clipper.Integration.Tests.Admin;

/// <summary>Several models per application from the command line, against a local cluster started by another process.</summary>
public sealed class CliLinkTests
{
    [Fact]
    public async Task LinkPolicyApps_SeveralModels_AreLinkedShownAndReadBackFromCSharp()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        string[] cluster = ["--cluster", scope.Name];
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "sum", "--version", "1", "--input-type", "doubles", "--example", "sum", .. cluster]);
        await CliRunner.OkAsync(scope.StateRoot, ["deploy", "echo", "--version", "1", "--input-type", "doubles", "--example", "echo", "--cache-bytes", "0", .. cluster]);

        Assert.Contains("linked model sum (weight 1) to application 'adder'", await CliRunner.OkAsync(scope.StateRoot, ["link", "adder", "sum", .. cluster]), StringComparison.Ordinal);
        Assert.Contains("linked model echo (shadow 100%)", await CliRunner.OkAsync(scope.StateRoot, ["link", "adder", "echo", "--shadow", .. cluster]), StringComparison.Ordinal);
        Assert.Contains("linked model sum (weight 4)", await CliRunner.OkAsync(scope.StateRoot, ["link", "adder", "sum", "--weight", "4", .. cluster]), StringComparison.Ordinal);
        Assert.Contains("application 'adder' now uses policy exp3", await CliRunner.OkAsync(scope.StateRoot, ["policy", "adder", "exp3", .. cluster]), StringComparison.Ordinal);

        var table = await CliRunner.OkAsync(scope.StateRoot, ["apps", .. cluster]);
        Assert.Contains("POLICY", table, StringComparison.Ordinal);
        Assert.Contains("exp3", table, StringComparison.Ordinal);
        Assert.Contains("echo (shadow 100%), sum (weight 4)", table, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(await CliRunner.OkAsync(scope.StateRoot, ["apps", "--output", "json", .. cluster])))
        {
            var app = json.RootElement[0];
            Assert.Equal("exp3", app.GetProperty("policy").GetString());
            Assert.Equal(["echo", "sum"], app.GetProperty("linked_models").EnumerateArray().Select(m => m.GetString()));
        }

        using (var json = JsonDocument.Parse(await CliRunner.OkAsync(scope.StateRoot, ["models", "--output", "json", .. cluster])))
        {
            Assert.Equal([0L, ModelVersionRecord.DefaultCacheBytes], json.RootElement.EnumerateArray().Select(m => m.GetProperty("cache_bytes").GetInt64()));
        }

        var info = await scope.Connection.GetApplicationAsync("adder");
        Assert.NotNull(info);
        Assert.Equal(SelectionPolicy.Exp3, info.Policy);
        Assert.Equal([new ModelLink { Model = "echo", ShadowPercent = 100 }, new ModelLink { Model = "sum", Weight = 4 }], info.Links);
        Assert.Null(await scope.Connection.GetApplicationAsync("nope"));

        Assert.Contains("unlinked model 'echo'", await CliRunner.OkAsync(scope.StateRoot, ["unlink", "adder", "echo", .. cluster]), StringComparison.Ordinal);
        Assert.Equal([new ModelLink { Model = "sum", Weight = 4 }], (await scope.Connection.GetApplicationsAsync()).Single().Links);
    }

    [Fact]
    public async Task LinkPolicyDeploy_BadValues_FailInOneLineAndExit1()
    {
        await using var scope = new LocalClusterScope();
        await scope.StartAsync();
        string[] cluster = ["--cluster", scope.Name];
        await CliRunner.OkAsync(scope.StateRoot, ["register-app", "adder", "--input-type", "doubles", "--default-output", "-1.0", "--slo-micros", "2000000", .. cluster]);

        await CliRunner.FailsAsync(scope.StateRoot, ["link", "adder", "sum", "--weight", "-2", .. cluster], "--weight must be 0 (linked, sent no queries) to 1000000, got -2");
        await CliRunner.FailsAsync(scope.StateRoot, ["link", "adder", "sum", "--shadow", "150", .. cluster], "--shadow takes the percentage of the queries a shadow is sent, 1 to 100");
        await CliRunner.FailsAsync(scope.StateRoot, ["link", "adder", "nosuch", .. cluster], "No model with name 'nosuch' exists.");
        await CliRunner.FailsAsync(scope.StateRoot, ["policy", "adder", "fastest", .. cluster], "Unknown policy 'fastest': expected one of split, ensemble, exp3, exp4");
        await CliRunner.FailsAsync(scope.StateRoot, ["policy", "nope", "split", .. cluster], "No application with name 'nope' exists.");
        var cache = await CliRunner.RunAsync(scope.StateRoot, ["deploy", "m", "--version", "1", "--input-type", "doubles", "--example", "sum", "--cache-bytes", "-1", .. cluster]);
        Assert.Equal(1, cache.ExitCode);
        Assert.Contains("--cache-bytes must be 0 (no prediction cache) to 17179869184 (16 GiB), got -1", cache.Stderr + cache.Stdout, StringComparison.Ordinal);
    }
}
