using System.Text.Json;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Docker;

/// <summary>A whole cluster on the real Docker engine, driven through <c>ClipperConnection</c> and, from a second process, the command line.</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerLifecycleTests
{
    [Fact]
    public async Task StartClusterAsync_TwoFrontends_ShareReplicasSurviveRedisRestartAndStopAllLeavesNothing()
    {
        await using var scope = new DockerClusterScope(frontends: 2, redisPersistence: true);
        var addresses = await scope.StartAsync();
        var connection = scope.Connection;
        var again = await Assert.ThrowsAsync<ClipperException>(() => scope.StartAsync());
        Assert.Contains("already has containers", again.Message, StringComparison.Ordinal);
        await connection.DeployModelAsync("sum", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum"), replicas: 3);
        await scope.RegisterAdderAsync("sum");

        // Every frontend answers with the model's output: each replica starts with the first frontend and connects to both.
        var frontends = await scope.Manager.GetQueryFrontendsAsync();
        Assert.Equal(2, frontends.Count);
        Assert.Equal(addresses.Query, frontends[0]);
        foreach (var frontend in frontends)
        {
            await LocalClusterScope.AnswersAsync(frontend, "[1, 2, 3.5]", "6.5");
        }

        JsonElement connected = default;
        await Eventually.TrueAsync(async () => (connected = await connection.GetAllModelReplicasAsync(verbose: true)).GetArrayLength() == 6, TimeSpan.FromSeconds(30));
        var byFrontend = connected.EnumerateArray().GroupBy(r => r.GetProperty("frontend_id").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(3, byFrontend[scope.Name + "-query"]);
        Assert.Equal(3, byFrontend[scope.Name + "-query-1"]);

        // The image's health check turns healthy once a replica is connected.
        IReadOnlyList<ReplicaStatus> seen = [];
        await Eventually.TrueAsync(
            async () => (seen = await scope.Manager.GetReplicasAsync()).All(r => r.State == ReplicaState.Running),
            TimeSpan.FromSeconds(60),
            () => "replicas: " + string.Join(", ", seen.Select(r => $"{r.Id} {r.State}")));
        Assert.Equal(["sum_1-0", "sum_1-1", "sum_1-2"], (await scope.Manager.GetReplicasAsync()).Select(r => r.Id));

        // A second process finds the cluster by its labels and drives it.
        var status = await CliRunner.RunAsync(scope.StateRoot, ["status", "--output", "json", .. scope.CliArguments]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        using (var json = JsonDocument.Parse(status.Stdout))
        {
            Assert.Equal(addresses.Query, new Uri(json.RootElement.GetProperty("addresses").GetProperty("query").GetString()!));
            Assert.Equal(frontends, json.RootElement.GetProperty("query_frontends").EnumerateArray().Select(f => new Uri(f.GetProperty("http_address").GetString()!)));
        }

        Assert.Contains($"{scope.Name}-query-1 {frontends[1]}", (await CliRunner.RunAsync(scope.StateRoot, ["status", .. scope.CliArguments])).Stdout, StringComparison.Ordinal);

        var predicted = await CliRunner.RunAsync(scope.StateRoot, ["predict", "adder", "[2, 2]", .. scope.CliArguments]);
        Assert.True(predicted.ExitCode == 0, predicted.Stderr);
        Assert.Contains("\"output\":4", predicted.Stdout, StringComparison.Ordinal);

        await connection.SetNumReplicasAsync("sum", 1);
        Assert.Equal(["sum_1-0"], (await scope.Manager.GetReplicasAsync()).Select(r => r.Id));
        await connection.SetNumReplicasAsync("sum", 2);
        Assert.Equal(2, await scope.Manager.GetReplicaCountAsync(new ModelVersionId("sum", "1")));

        // Redis restarts with the configuration it persisted in its volume.
        using (var docker = DockerEngine.Connect())
        {
            await docker.Containers.RestartContainerAsync(scope.Name + "-redis", new global::Docker.DotNet.Models.ContainerRestartParameters { WaitBeforeKillSeconds = 5 });
        }

        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    var apps = await connection.GetAllAppsAsync();
                    return apps.GetArrayLength() == 1 && apps[0].GetString() == "adder";
                }
                catch (ClipperException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30));
        await LocalClusterScope.AnswersAsync(addresses.Query, "[5]", "5");

        var logs = Path.Combine(scope.StateRoot, "logs");
        var files = await connection.GetClipperLogsAsync(logs);
        Assert.Equal(["management.log", "query-1.log", "query.log", "redis.log", "sum_1-0.log", "sum_1-1.log"], files.Select(Path.GetFileName));
        Assert.Contains("Ready to accept connections", await File.ReadAllTextAsync(Path.Combine(logs, "redis.log")), StringComparison.Ordinal);
        Assert.NotEmpty(await scope.Manager.GetLogTailAsync("sum_1-0", 5));
        var unknown = await Assert.ThrowsAsync<ContainerManagerException>(() => scope.Manager.GetLogTailAsync("nosuch_1-0", 5));
        Assert.Contains("has no container 'nosuch_1-0'", unknown.Message, StringComparison.Ordinal);

        await connection.StopModelsAsync(["sum"]);
        Assert.Empty(await scope.Manager.GetReplicasAsync());
        await connection.DeployModelAsync("echo", "1", "doubles", ModelArtifact.OfClipper("example-model", "echo"), replicas: 2);
        await connection.StopAllModelContainersAsync();
        Assert.Empty(await scope.Manager.GetReplicasAsync());
        Assert.Equal(4, (await scope.ContainersAsync()).Count(c => c.State == "running"));
        Assert.DoesNotContain(await scope.ContainersAsync(), c => c.Labels.ContainsKey("ai.clipper.model_container.label"));

        await connection.StopAllAsync();
        Assert.Empty(await scope.ContainersAsync());
        var gone = await Assert.ThrowsAsync<ContainerManagerException>(() => scope.Manager.ConnectAsync());
        Assert.Contains($"No Docker cluster named '{scope.Name}' runs", gone.Message, StringComparison.Ordinal);
    
    }

    [Fact]
    public async Task StopAllAsync_RedisOnTheHost_OutlivesItAndKeepsTheConfigurationForTheNextCluster()
    {
        // Containers reach the host through their network's gateway, so this Redis listens beyond loopback.
        await using var redis = await RedisServer.StartAsync(bind: "0.0.0.0");
        await using (var first = new DockerClusterScope())
        {
            var addresses = await first.StartAsync(redis.Address);
            Assert.Equal(redis.Address, addresses.Redis);
            Assert.DoesNotContain(await first.ContainersAsync(), c => c.Names[0].EndsWith("-redis", StringComparison.Ordinal));
            await first.Connection.RegisterApplicationAsync("kept", "doubles", "-1", 100_000);
            await first.Connection.StopAllAsync();
        }

        Assert.True(redis.IsRunning, "stop-all must not stop a Redis the cluster did not start");
        await using var second = new DockerClusterScope();
        await second.StartAsync(redis.Address);
        var apps = await second.Connection.GetAllAppsAsync();
        Assert.Equal("kept", Assert.Single(apps.EnumerateArray()).GetString());
    }
}
