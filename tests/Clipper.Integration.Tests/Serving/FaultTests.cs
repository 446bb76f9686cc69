using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Clipper.ModelRpc.Protocol;

namespace Clipper.Integration.Tests.Serving;

/// <summary>Replicas, frontends and Redis failing under load, with real processes.</summary>
public sealed class FaultTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dispatch_ReplicaKilledMidBatch_RequeuesItsQueriesToAnotherReplica()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        // The first replica sleeps long enough to still hold the query once the second has started and connected.
        var first = cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "6000");
        await cluster.PredictUntilServedAsync("app", """{"input": [1]}""");

        // The query goes to the only replica, which sleeps on it; a second replica joins; the first dies.
        var pending = await cluster.PredictInFlightAsync("app", """{"input": [2]}""");
        cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "3000");
        await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 2, s_timeout);
        ServingCluster.AssertUnanswered(pending, "the first replica was killed");
        await first.KillAsync();

        var (status, body, _) = await pending.WaitAsync(s_timeout);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("default").GetBoolean(), body.ToString());
        Assert.Equal(1, (await cluster.MetricsAsync()).GetProperty("requeued_after_replica_lost").GetInt64());
    }

    [Fact]
    public async Task Dispatch_OnlyReplicaKilled_AnswersItsQueriesWithTheDefaultAtOnce()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        var only = cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "5000");
        await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 1, s_timeout);

        var pending = await cluster.PredictInFlightAsync("app", """{"input": [2]}""");
        ServingCluster.AssertUnanswered(pending, "the replica was killed");
        await only.KillAsync();
        var sinceDeath = Stopwatch.StartNew();
        var (_, body, _) = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        var elapsed = sinceDeath.Elapsed;

        Assert.True(body.GetProperty("default").GetBoolean());
        Assert.Contains("disconnected", body.GetProperty("default_explanation").GetString(), StringComparison.Ordinal);

        // At once: due when the replica's process is gone, far before the 20 s objective and the 5 s the model would have taken.
        Latency.AssertAnsweredBy(elapsed, TimeSpan.Zero, "the default answer after the replica's process ended");
        Assert.Equal(1, await cluster.CounterAsync("default:replica_lost"));
        await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 0, s_timeout);
    }

    [Fact]
    public async Task Heartbeat_ReplicaFrozen_DropsItAndSendsItsQueriesToAnother()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 20_000_000, batchSize: 1, cacheBytes: 0);
        // The replica to freeze sleeps long enough to still hold the query once the other has started and connected.
        var frozen = cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "10000");
        await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 1, s_timeout);
        var pending = await cluster.PredictInFlightAsync("app", """{"input": [2]}""");
        cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "1");
        await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 2, s_timeout);
        ServingCluster.AssertUnanswered(pending, "the replica was frozen");
        await frozen.SignalAsync("STOP");
        try
        {
            // Three silent heartbeat intervals (1 s each here) drop the frozen replica.
            var (status, body, _) = await pending.WaitAsync(s_timeout);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(body.GetProperty("default").GetBoolean(), body.ToString());
            await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 1, s_timeout);
            Assert.Equal(1, await cluster.CounterAsync("requeued_after_replica_lost"));
        }
        finally
        {
            await frozen.SignalAsync("CONT");
        }
    }

    [Fact]
    public async Task Reconnect_FrontendRestarted_ContainersServeAgain()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        var model = cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1]}""");

        // The container must notice the frontend is gone and fail to reconnect while it is away.
        await cluster.StopFrontendAsync();
        await Eventually.TrueAsync(() => Task.FromResult(model.Output.Contains("Could not connect to the query frontend", StringComparison.Ordinal)), s_timeout, () => model.Output);
        await cluster.StartFrontendAsync();

        var body = await cluster.PredictUntilServedAsync("app", """{"input": [4, 5]}""");
        Assert.Equal(9.0, body.GetProperty("output").GetDouble());
        Assert.False(model.HasExited);
    }

    [Fact]
    public async Task Predict_RedisDown_ContinuesAndChangesResumeWhenItReturns()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1]}""");

        await cluster.Redis.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            var (status, body, _) = await cluster.PredictAsync("app", """{"input": [1, 1]}""");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(2.0, body.GetProperty("output").GetDouble());
        }

        await cluster.Redis.RestartAsync();
        await Eventually.TrueAsync(async () => (await cluster.AdminAsync("get_all_applications", "{\"verbose\": false}")).IsSuccessStatusCode, s_timeout);
        await cluster.DeployAsync("app2", "sum2", "1", "doubles");
        cluster.StartModel("sum", "sum2", "1", "doubles");

        var second = await cluster.PredictUntilServedAsync("app2", """{"input": [2, 2]}""");
        Assert.Equal(4.0, second.GetProperty("output").GetDouble());
    }

    [Fact]
    public async Task Predict_QueueFull_Answers503WithRetryAfter()
    {
        await using var cluster = await ServingCluster.StartAsync(options => options.Batching.QueueCapacity = 2);
        await cluster.DeployAsync("app", "slow", "1", "doubles", sloMicros: 10_000_000, batchSize: 1, cacheBytes: 0);
        cluster.StartModel("sleep", "slow", "1", "doubles", "--sleep-ms", "2000");
        await Eventually.TrueAsync(async () => await ReplicaCountAsync(cluster, "slow") == 1, s_timeout);

        var requests = Enumerable.Range(0, 8).Select(_ => cluster.PredictAsync("app", """{"input": [1]}""")).ToArray();
        var results = await Task.WhenAll(requests).WaitAsync(s_timeout);

        var rejected = results.Where(r => r.Status == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.Equal("1", r.Response.Headers.GetValues("Retry-After").Single()));
        Assert.Contains("QueueCapacity", rejected[0].Body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal(rejected.Length, await cluster.CounterAsync("rejected_queue_full"));
    }

    [Fact]
    public async Task Handshake_GarbageRpcConnection_IsClosedAndServingGoesOn()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "sum", "1", "doubles");
        cluster.StartModel("sum", "sum", "1", "doubles");
        await cluster.PredictUntilServedAsync("app", """{"input": [1]}""");

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", cluster.RpcPort).WaitAsync(s_timeout);
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3 });
            var received = await ReadUntilClosedAsync(stream).WaitAsync(s_timeout);

            // Refused before any handshake: one Goodbye naming the length received and the limit, then the close.
            var sequence = new ReadOnlySequence<byte>(received);
            Assert.True(FrameReader.TryReadFrame(ref sequence, ProtocolConstants.DefaultMaxFrameBytes, out var frame) == FrameReadResult.Complete, $"expected one Goodbye frame, received {Convert.ToHexString(received)}");
            Assert.Equal(MessageType.Goodbye, frame.Type);
            Assert.True(MessageCodec.TryReadGoodbye(frame.Body, out var goodbye, out var error), error);
            Assert.Contains("frame of 2147483647 bytes", goodbye.Reason, StringComparison.Ordinal);
            Assert.Contains("MaxFrameBytes", goodbye.Reason, StringComparison.Ordinal);
            Assert.True(sequence.IsEmpty, $"{sequence.Length} more bytes after the Goodbye");
        }

        using (var client = new TcpClient())
        {
            // A first byte of 0xFF is a ZeroMQ greeting (Clipper's containers): a signature that is not ZMTP 3's gets our
            // greeting, then a ZMTP ERROR command saying what was expected, then the close.
            await client.ConnectAsync("127.0.0.1", cluster.RpcPort).WaitAsync(s_timeout);
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 3, 0 });
            var received = await ReadUntilClosedAsync(stream).WaitAsync(s_timeout);

            Assert.True(received.Length > 64 && received[0] == 0xFF, $"expected our ZMTP greeting and an ERROR, received {Convert.ToHexString(received)}");
            Assert.Contains("ERROR", System.Text.Encoding.ASCII.GetString(received, 64, received.Length - 64), StringComparison.Ordinal);
            Assert.Contains("expected ZMTP 3.0 or later", System.Text.Encoding.ASCII.GetString(received, 64, received.Length - 64), StringComparison.Ordinal);
        }

        var (status, body, _) = await cluster.PredictAsync("app", """{"input": [2, 2]}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4.0, body.GetProperty("output").GetDouble());
    }

    [Fact]
    public async Task Dispatch_ReplicaWhosePredictHangs_IsDroppedOnceItsBatchIsPastEveryDeadline()
    {
        await using var cluster = await ServingCluster.StartAsync();
        await cluster.DeployAsync("app", "stuck", "1", "doubles", sloMicros: 300_000, batchSize: 1, defaultOutput: "late", cacheBytes: 0);
        cluster.StartModel("sleep", "stuck", "1", "doubles", "--sleep-ms", "60000");
        await Eventually.TrueAsync(async () => (await ReplicaIdsAsync(cluster, "stuck")).Count == 1, s_timeout);
        var original = (await ReplicaIdsAsync(cluster, "stuck")).Single();

        var clock = Stopwatch.StartNew();
        var (_, body, _) = await cluster.PredictAsync("app", """{"input": [1]}""");
        var elapsed = clock.Elapsed;

        Assert.True(body.GetProperty("default").GetBoolean());
        Latency.AssertAnsweredBy(elapsed, TimeSpan.FromMilliseconds(300), "the default answer of the 300 ms objective");
        Assert.Equal("Failed to retrieve a prediction response within the specified latency SLO", body.GetProperty("default_explanation").GetString());
        await Eventually.TrueAsync(async () => !(await ReplicaIdsAsync(cluster, "stuck")).Contains(original), s_timeout);
    }

    internal static async Task<List<long>> ReplicaIdsAsync(ServingCluster cluster, string model)
    {
        using var response = await cluster.AdminAsync("get_all_containers", "{\"verbose\": true}");
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.EnumerateArray()
            .Where(c => c.GetProperty("model_name").GetString() == model)
            .Select(c => c.GetProperty("model_replica_id").GetInt64())
            .ToList();
    }

    internal static async Task<int> ReplicaCountAsync(ServingCluster cluster, string model)
    {
        using var response = await cluster.AdminAsync("get_all_containers", "{\"verbose\": true}");
        var text = await response.Content.ReadAsStringAsync();
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        return doc.RootElement.EnumerateArray().Count(c => c.GetProperty("model_name").GetString() == model);
    }

    /// <summary>Everything the peer sends until it closes the connection; a reset fails the test, since it may discard what was sent.</summary>
    private static async Task<byte[]> ReadUntilClosedAsync(NetworkStream stream)
    {
        using var received = new MemoryStream();
        await stream.CopyToAsync(received);
        return received.ToArray();
    }
}
