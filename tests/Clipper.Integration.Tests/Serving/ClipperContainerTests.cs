using System.Net;
using System.Text.Json;
using Clipper.Integration.Tests.Infrastructure;

namespace Clipper.Integration.Tests.Serving;

/// <summary>
/// Clipper's own model containers, unchanged, through our query frontend: a real frontend, real Redis, and the
/// Clipper-protocol test container as real Python processes over ZeroMQ on the frontend's RPC port.
/// </summary>
public sealed class ClipperContainerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static async Task<JsonElement> MetricsDocumentAsync(ServingCluster cluster) =>
        JsonDocument.Parse(await MetricsJson.GetStringAsync(cluster.Http, $"http://127.0.0.1:{cluster.HttpPort}/metrics")).RootElement.Clone();

    private static async Task<List<JsonElement>> ReplicasAsync(ServingCluster cluster, string model) =>
        [.. (await MetricsDocumentAsync(cluster)).GetProperty("replicas").EnumerateArray().Where(r => r.GetProperty("model").GetString() == model + ":1")];

    private static async Task WaitForReplicasAsync(ServingCluster cluster, string model, int count, params ClipperContainerProcess[] containers) =>
        await Eventually.TrueAsync(async () => (await ReplicasAsync(cluster, model)).Count == count, s_timeout,
            () => "container output: " + string.Join("\n---\n", containers.Select(c => c.Output)));

    [Theory]
    [InlineData("bytes", "b", "\"AQL6\"", "[1, 2, -6]")]
    [InlineData("ints", "ints", "[1, 2, 3]", "[1, 2, 3]")]
    [InlineData("floats", "f", "[1.5, -2.25]", "[1.5, -2.25]")]
    [InlineData("doubles", "double", "[1, 2, 3]", "[1.0, 2.0, 3.0]")]
    [InlineData("strings", "s", "\"héllo wörld\"", "\"héllo wörld\"")]
    public async Task Predict_EveryInputType_IsAnsweredByTheClipperContainer(string inputType, string alias, string input, string expected)
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "echo", "1", inputType);
        await using var container = ClipperContainerProcess.Start("echo", "echo", "1", alias, cluster.RpcPort);

        var answer = await cluster.PredictUntilServedAsync("app", $$"""{"input": {{input}}}""");

        // Compared as JSON: Python's json.dumps escapes non-ASCII text, which reads back the same.
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, answer.GetProperty("output")), answer.ToString());
        var replica = Assert.Single(await ReplicasAsync(cluster, "echo"));
        Assert.Equal("clipper-zmq", replica.GetProperty("protocol").GetString());
    }

    [Fact]
    public async Task Predict_PlainStringOutput_IsAnsweredAsAJsonString()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "text", "1", "doubles");
        await using var container = ClipperContainerProcess.Start("string", "text", "1", "doubles", cluster.RpcPort);

        var answer = await cluster.PredictUntilServedAsync("app", """{"input": [1, 2, 3]}""");

        Assert.Equal(JsonValueKind.String, answer.GetProperty("output").ValueKind);
        Assert.Equal("input of 3 items", answer.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Predict_ConcurrentLoad_IsBatched()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "batched", "1", "doubles", batchSize: 8);
        await using var container = ClipperContainerProcess.Start("batch-size", "batched", "1", "doubles", cluster.RpcPort, "--sleep-ms", "200");
        await cluster.PredictUntilServedAsync("app", """{"input": [0]}""");

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => cluster.PredictAsync("app", $$"""{"input": [{{i}}]}""")));

        Assert.All(answers, a => Assert.False(a.Body.GetProperty("default").GetBoolean(), a.Body.ToString()));
        var sizes = answers.Select(a => a.Body.GetProperty("output").GetInt32()).ToList();
        Assert.True(sizes.Max() > 1, $"every query went alone: batch sizes {string.Join(", ", sizes)}");
        Assert.True(sizes.Max() <= 8, $"a batch above the model's batch size: {string.Join(", ", sizes)}");
    }

    [Fact]
    public async Task Dispatch_ContainerDiesMidBatch_RequeuesItsQueriesToAnotherReplica()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "fragile", "1", "doubles", sloMicros: 20_000_000, batchSize: 4);
        await using var dying = ClipperContainerProcess.Start("die", "fragile", "1", "doubles", cluster.RpcPort);
        await WaitForReplicasAsync(cluster, "fragile", 1, dying);
        await using var healthy = ClipperContainerProcess.Start("sum", "fragile", "1", "doubles", cluster.RpcPort);
        await WaitForReplicasAsync(cluster, "fragile", 2, dying, healthy);

        // The dying container waits for work first, so the first batch is its: it exits holding it.
        var answers = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => cluster.PredictAsync("app", $$"""{"input": [{{i}}, 1]}""")));
        await dying.WaitForExitAsync(s_timeout);

        Assert.Equal(3, dying.ExitCode);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(answers, a => Assert.False(a.Body.GetProperty("default").GetBoolean(), a.Body.ToString()));
        Assert.Equal(Enumerable.Range(2, 12).Select(i => (double)i), answers.Select(a => a.Body.GetProperty("output").GetDouble()));
        Assert.True(await cluster.CounterAsync("requeued_after_replica_lost") >= 1, dying.Output);
        await WaitForReplicasAsync(cluster, "fragile", 1, healthy);
    }

    [Theory]
    [InlineData("wrong-version", "the container speaks Clipper's container RPC version 2; this frontend speaks version 3")]
    [InlineData("no-version", "the container sent no RPC version (Clipper before 0.4)")]
    public async Task Connect_WrongRpcVersion_IsRefusedCountedAndNamedInStatus(string mode, string reason)
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "old", "1", "doubles");
        await using var container = ClipperContainerProcess.Start(mode, "old", "1", "doubles", cluster.RpcPort);

        await Eventually.TrueAsync(async () => await cluster.CounterAsync("refused_containers") == 1, s_timeout, () => container.Output);
        var refusal = Assert.Single((await MetricsDocumentAsync(cluster)).GetProperty("refused_containers").EnumerateArray());
        JsonElement frontend = default;
        await Eventually.TrueAsync(async () =>
        {
            // Published with the frontend's lease, which the management API (and so `clipper status`) reads.
            using var response = await cluster.AdminAsync("get_query_frontends", "{}");
            frontend = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0].Clone();
            return frontend.GetProperty("refused_containers").GetArrayLength() == 1;
        }, s_timeout, () => frontend.ToString());

        Assert.StartsWith(reason, refusal.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("clipper-zmq", refusal.GetProperty("protocol").GetString());
        Assert.Equal("old:1", refusal.GetProperty("model").GetString());
        Assert.StartsWith("127.0.0.1:", refusal.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(reason, frontend.GetProperty("refused_containers")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(await ReplicasAsync(cluster, "old"));
        var (_, answer, _) = await cluster.PredictAsync("app", """{"input": [1]}""");
        Assert.True(answer.GetProperty("default").GetBoolean());
        Assert.False(container.HasExited, "the refused container is held, as Clipper held it, not made to reconnect");
    }

    [Fact]
    public async Task Serve_ClipperContainerBesideOurs_BothAnswerAndAreListedWithTheirProtocols()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "mixed", "1", "doubles", batchSize: 1);
        await using var clipper = ClipperContainerProcess.Start("sum", "mixed", "1", "doubles", cluster.RpcPort);
        cluster.StartModel("sum", "mixed", "1", "doubles");
        await WaitForReplicasAsync(cluster, "mixed", 2, clipper);

        // Rounds of 40 concurrent queries until each replica has answered some: on a loaded machine one replica may
        // take a whole round while the other is still being granted capacity.
        IReadOnlyList<JsonElement> replicas = [];
        await Eventually.TrueAsync(async () =>
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => cluster.PredictAsync("app", $$"""{"input": [{{i}}, 0.5]}""")));
            Assert.Equal(Enumerable.Range(0, 40).Select(i => i + 0.5), answers.Select(a => a.Body.GetProperty("output").GetDouble()));
            replicas = await ReplicasAsync(cluster, "mixed");
            return replicas.Count == 2 && replicas.All(r => r.GetProperty("answered").GetInt64() > 0);
        }, s_timeout, () => string.Join(", ", replicas));

        Assert.Equal(["clipper-zmq", "modelrpc"], replicas.Select(r => r.GetProperty("protocol").GetString()).Order(StringComparer.Ordinal));
        JsonElement containers = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await cluster.AdminAsync("get_all_containers", """{"verbose": true}""");
            containers = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return containers.GetArrayLength() == 2;
        }, s_timeout, () => containers.ToString());
        Assert.Equal(["clipper-zmq", "modelrpc"], containers.EnumerateArray().Select(c => c.GetProperty("protocol").GetString()).Order(StringComparer.Ordinal));
        using var frontends = await cluster.AdminAsync("get_query_frontends", "{}");
        Assert.Equal(2, JsonDocument.Parse(await frontends.Content.ReadAsStringAsync()).RootElement[0].GetProperty("replicas").GetProperty("mixed:1").GetInt32());
    }
}
