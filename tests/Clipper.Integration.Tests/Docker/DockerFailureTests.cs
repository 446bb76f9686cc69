using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clipper.Admin.Connection;
using Clipper.ContainerManagers;
using Clipper.Integration.Tests.Admin;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Docker;

/// <summary>Model containers that fail: at start (the deploy fails with their logs) and killed while serving (their queries are answered).</summary>
[Collection(DockerEngine.Collection)]
[Trait("Category", "Docker")]
public sealed class DockerFailureTests
{
    [Fact]
    public async Task DeployModelAsync_ContainerExitsAtStart_FailsWithItsExitCodeAndLogs()
    {
        await using var scope = new DockerClusterScope();
        await scope.StartAsync();

        var started = DateTime.UtcNow;
        var failure = await Assert.ThrowsAsync<ClipperException>(() =>
            scope.Connection.DeployModelAsync("broken", "1", "doubles", ModelArtifact.OfClipper("example-model", "sum", "--input-type", "tensor"), replicas: 2));

        Assert.Contains("Replica broken_1-", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Message.Contains("exited with code 1 ", StringComparison.Ordinal), failure.Message);
        Assert.Contains("--input-type 'tensor' is unknown", failure.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the deploy should fail as soon as a replica exits, not at its timeout");

        // Nothing crash-loops afterwards, and the version's record is gone with its replicas.
        Assert.Empty(await scope.Manager.GetReplicasAsync());
        Assert.DoesNotContain(await scope.ContainersAsync(), c => c.Labels.ContainsKey("ai.clipper.model_container.label"));
    }

    [Fact]
    public async Task Predict_ModelContainerKilled_AnswersItsQueriesAndAScaleReplacesIt()
    {
        await using var scope = new DockerClusterScope();
        var addresses = await scope.StartAsync();

        // Batches of one query, each held for 3 s: a replica holds at most one query, long enough to be killed with it.
        await scope.Connection.DeployModelAsync("slow", "1", "doubles", ModelArtifact.OfClipper("example-model", "sleep", "--sleep-ms", "3000"), replicas: 2, batchSize: 1, cacheBytes: 0);
        await scope.RegisterAdderAsync("slow");
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1]", "1.0");

        // Queries in flight on both replicas when one is killed: each is answered by the other replica or with the default, never lost.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var sent = await CounterAsync(http, addresses.Query, "sent_to_replicas");
        var queries = Enumerable.Range(0, 12).Select(async _ =>
        {
            using var response = await http.PostAsync(new Uri(addresses.Query, "adder/predict"), new StringContent("{\"input\": [1]}", Encoding.UTF8, "application/json"));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToList();

        // Two more queries written to replicas that take one at a time: one on each.
        await Eventually.TrueAsync(async () => await CounterAsync(http, addresses.Query, "sent_to_replicas") >= sent + 2, TimeSpan.FromSeconds(30));
        using (var docker = DockerEngine.Connect())
        {
            await docker.Containers.KillContainerAsync(scope.Name + "-slow_1-0", new global::Docker.DotNet.Models.ContainerKillParameters());
        }

        foreach (var (status, body) in await Task.WhenAll(queries).WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body.Contains("\"output\":1.0,\"default\":false", StringComparison.Ordinal) || body.Contains("\"default\":true", StringComparison.Ordinal), body);
        }

        // The killed replica died holding its query: the frontend re-queued it or, failing that, answered it with the default.
        var recovered = await CounterAsync(http, addresses.Query, "requeued_after_replica_lost") + await CounterAsync(http, addresses.Query, "default:replica_lost");
        Assert.Equal(1, recovered);
        var frontendLog = "";
        await Eventually.TrueAsync(
            async () =>
            {
                frontendLog = await ContainerLogAsync(scope.Name + "-query");
                return Regex.IsMatch(frontendLog, @"Replica \d+ of slow:1 left with 1 queries in flight");
            },
            TimeSpan.FromSeconds(30),
            () => "query frontend log: " + frontendLog);

        await Eventually.TrueAsync(async () => (await scope.Manager.GetReplicasAsync()).Any(r => r.State == ReplicaState.Failed && r.LastExitCode == 137), TimeSpan.FromSeconds(30));
        await LocalClusterScope.AnswersAsync(addresses.Query, "[1]", "1.0");

        // The engine does not restart a killed container; scaling replaces it.
        await scope.Connection.SetNumReplicasAsync("slow", 2);
        var replicas = await scope.Manager.GetReplicasAsync();
        Assert.Equal(2, replicas.Count);
        Assert.DoesNotContain(replicas, r => r.State == ReplicaState.Failed);
    }

    private static async Task<long> CounterAsync(HttpClient http, Uri query, string name)
    {
        using var metrics = JsonDocument.Parse(await MetricsJson.GetStringAsync(http, new Uri(query, "metrics").ToString()));
        return metrics.RootElement.GetProperty("counters").GetProperty(name).GetInt64();
    }

    private static async Task<string> ContainerLogAsync(string container)
    {
        using var docker = DockerEngine.Connect();
        using var logs = await docker.Containers.GetContainerLogsAsync(container, false, new global::Docker.DotNet.Models.ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }

    [Fact]
    public async Task DeployModelAsync_Redeploy_KeepsUnchangedReplicasAndReplacesChangedOnes()
    {
        await using var scope = new DockerClusterScope();
        await scope.StartAsync();
        var sum = ModelArtifact.OfClipper("example-model", "sum");
        await scope.Connection.DeployModelAsync("sum", "1", "doubles", sum, replicas: 2);
        var first = (await scope.ContainersAsync()).Where(c => c.Labels["ai.clipper.role"] == "model").Select(c => c.ID).Order().ToList();

        await scope.Manager.DeployModelAsync(new ModelDeployment { Model = new ModelVersionId("sum", "1"), InputType = "doubles", Artifact = sum, Replicas = 2 });
        Assert.Equal(first, (await scope.ContainersAsync()).Where(c => c.Labels["ai.clipper.role"] == "model").Select(c => c.ID).Order());

        await scope.Manager.DeployModelAsync(new ModelDeployment { Model = new ModelVersionId("sum", "1"), InputType = "doubles", Artifact = sum, Replicas = 2, Environment = new Dictionary<string, string> { ["MODEL_MODE"] = "fast" } });
        var replaced = (await scope.ContainersAsync()).Where(c => c.Labels["ai.clipper.role"] == "model").ToList();
        Assert.Equal(2, replaced.Count);
        Assert.Empty(replaced.Select(c => c.ID).Intersect(first));
    }
}
