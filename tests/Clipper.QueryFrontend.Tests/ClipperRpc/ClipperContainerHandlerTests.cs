using System.Text;
using Clipper.Configuration;
using Clipper.QueryFrontend.Queries;
using Clipper.QueryFrontend.Tests.Rpc;
using Clipper.QueryFrontend.Tests.Zmtp;

namespace Clipper.QueryFrontend.Tests.ClipperRpc;

public sealed class ClipperContainerHandlerTests
{
    private static string OutputOf(Query query) => query.DefaultReason == DefaultReason.None
        ? Encoding.UTF8.GetString(query.Output.Span)
        : $"default ({query.DefaultReason}: {query.ModelError})";

    [Fact]
    public async Task Connect_ClipperContainer_BecomesAReplicaRecordedWithItsProtocol()
    {
        await using var harness = new ClipperHarness();

        await harness.ConnectAsync();

        var replica = Assert.Single(harness.Runtime.Replicas);
        Assert.Equal(ReplicaProtocols.ClipperZmq, replica.Protocol);
        Assert.Single(harness.Directory.Recorded);
    }

    [Fact]
    public async Task Dispatch_QueriesQueued_SendsOneBatchInClippersFormatAndAnswersThemWithItsOutputs()
    {
        await using var harness = new ClipperHarness(batchSize: 4);
        Query[] queries = [harness.Enqueue(1), harness.Enqueue(2), harness.Enqueue(3)];
        var (container, _) = await harness.ConnectAsync();

        var batch = await container.ReadMessageAsync();
        await container.AnswerAsync(batch.U32(2), "[1.0]", "a plain string", "3");
        await Task.WhenAll(queries.Select(q => q.Completion.AsTask())).WaitAsync(ClipperHarness.Timeout);

        Assert.Equal([3u, 1u, 0u], [batch.U32(0), batch.U32(1), batch.U32(3)]);
        Assert.Equal([3ul, 3ul, 8ul, 8ul, 8ul], Enumerable.Range(0, 5).Select(i => batch.U64(5, i)));
        Assert.Equal([1.0, 2.0, 3.0], batch.Frames.Skip(6).Select(f => BitConverter.ToDouble(f)));
        Assert.Equal(["[1.0]", "a plain string", "3"], queries.Select(OutputOf));

        // The count moves once the whole answer is read, just after its queries were completed.
        await RpcHarness.WaitUntilAsync(() => harness.Runtime.Replicas[0].AnsweredCount == 3, "the replica counted the 3 answers");
    }

    [Fact]
    public async Task Dispatch_BatchOutstanding_SendsTheNextOnlyAfterItsAnswer()
    {
        await using var harness = new ClipperHarness(batchSize: 1);
        var first = harness.Enqueue(1);
        var second = harness.Enqueue(2);
        var (container, _) = await harness.ConnectAsync();

        var batch = await container.ReadMessageAsync();
        await Task.Delay(50);
        var queuedWhileOut = harness.Runtime.Queue.Count;
        await container.AnswerAsync(batch.U32(2), "1");
        var next = await container.ReadMessageAsync();

        Assert.Equal(1, queuedWhileOut);
        Assert.Equal(batch.U32(2) + 1, next.U32(2));
        Assert.Equal(2.0, BitConverter.ToDouble(next.Frames[6]));
        await first.Completion.AsTask().WaitAsync(ClipperHarness.Timeout);
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task Answer_OtherNumberOfOutputs_AnswersTheBatchWithTheDefaultAndTheReason()
    {
        await using var harness = new ClipperHarness(batchSize: 2);
        Query[] queries = [harness.Enqueue(1), harness.Enqueue(2)];
        var (container, _) = await harness.ConnectAsync();

        var batch = await container.ReadMessageAsync();
        await container.AnswerAsync(batch.U32(2), "1", "2", "3");
        await Task.WhenAll(queries.Select(q => q.Completion.AsTask())).WaitAsync(ClipperHarness.Timeout);

        Assert.All(queries, q => Assert.Equal(DefaultReason.ModelError, q.DefaultReason));
        Assert.Contains("answered a batch of 2 inputs with a different number of outputs", queries[0].ModelError, StringComparison.Ordinal);
        Assert.Single(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task Answer_UnknownMessageId_ClosesTheConnectionAndRecoversTheBatch()
    {
        await using var harness = new ClipperHarness(batchSize: 1);
        var query = harness.Enqueue(1);
        var (container, handled) = await harness.ConnectAsync();

        var batch = await container.ReadMessageAsync();
        await container.AnswerAsync(batch.U32(2) + 7, "1");
        await handled.WaitAsync(ClipperHarness.Timeout);
        await query.Completion.AsTask().WaitAsync(ClipperHarness.Timeout);

        Assert.Equal(DefaultReason.ReplicaLost, query.DefaultReason);
        Assert.Empty(harness.Runtime.Replicas);
        Assert.Empty(harness.Directory.Recorded);
    }

    [Theory]
    [InlineData(2u, "the container speaks Clipper's container RPC version 2; this frontend speaks version 3")]
    [InlineData(null, "the container sent no RPC version (Clipper before 0.4); this frontend speaks Clipper's container RPC version 3")]
    public async Task Metadata_WrongOrMissingRpcVersion_IsRefusedRecordedAndHeldQuiet(uint? rpcVersion, string reason)
    {
        await using var harness = new ClipperHarness();
        var (container, _) = harness.Open();
        await container.HandshakeAsync();
        await container.SendHeartbeatAsync();
        Assert.Equal(1u, await container.ReadHeartbeatReplyAsync());

        await container.SendMetadataAsync(rpcVersion: rpcVersion);
        await ClipperHarness.WaitUntilAsync(() => harness.Refused.Count == 1, "the container was refused");
        await container.SendHeartbeatAsync();
        var kind = await container.ReadHeartbeatReplyAsync();

        var refusal = Assert.Single(harness.Refused.Recent);
        Assert.Equal(reason, refusal.Reason);
        Assert.Equal(ReplicaProtocols.ClipperZmq, refusal.Protocol);
        Assert.Equal("m:1", refusal.Model);
        Assert.Equal(0u, kind);
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Theory]
    [InlineData("m", "1", "4", "model version m:1 takes doubles inputs; the container serves strings (Clipper code 4)")]
    [InlineData("m", "1", "9", "the container's input type is '9'; expected the decimal code 0 (bytes), 1 (ints), 2 (floats), 3 (doubles) or 4 (strings)")]
    [InlineData("My_Model", "1", "3", "the container's model name 'My_Model' is not a DNS-1123 label")]
    [InlineData("m", "", "3", "the container's model version '' is not a DNS-1123 label")]
    public async Task Metadata_Invalid_IsRefusedNamingWhatWasWrong(string name, string version, string inputType, string reason)
    {
        await using var harness = new ClipperHarness();
        var (container, _) = harness.Open();
        await container.HandshakeAsync();

        await container.SendMetadataAsync(name, version, inputType);
        await ClipperHarness.WaitUntilAsync(() => harness.Refused.Count == 1, "the container was refused");

        Assert.StartsWith(reason, harness.Refused.Recent[0].Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task Connection_LostMidBatch_RequeuesItsQueryToAnotherReplica()
    {
        await using var harness = new ClipperHarness(batchSize: 1);
        var query = harness.Enqueue(5);
        var (first, firstHandled) = await harness.ConnectAsync();
        var held = await first.ReadMessageAsync();
        var (second, _) = await harness.ConnectAsync();

        await first.CloseAsync();
        await firstHandled.WaitAsync(ClipperHarness.Timeout);
        var retried = await second.ReadMessageAsync();
        await second.AnswerAsync(retried.U32(2), "five");
        await query.Completion.AsTask().WaitAsync(ClipperHarness.Timeout);

        Assert.Equal(5.0, BitConverter.ToDouble(held.Frames[6]));
        Assert.Equal(5.0, BitConverter.ToDouble(retried.Frames[6]));
        Assert.Equal("five", OutputOf(query));
        Assert.Equal(1, harness.Metrics.RequeuedCount);
    }

    [Fact]
    public async Task Silence_NothingHeardForTheTimeout_DropsTheContainer()
    {
        await using var harness = new ClipperHarness();
        var (container, handled) = await harness.ConnectAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(12));
        await Task.Delay(50);
        var afterTwelve = harness.Runtime.Replicas.Length;
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        await handled.WaitAsync(ClipperHarness.Timeout);

        Assert.Equal(1, afterTwelve);
        Assert.Empty(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task Silence_BatchRunningWithinItsDeadline_KeepsTheContainer()
    {
        await using var harness = new ClipperHarness(batchSize: 1);
        var query = harness.Enqueue(1, TimeSpan.FromSeconds(60));
        var (container, _) = await harness.ConnectAsync();
        var batch = await container.ReadMessageAsync();

        // A predict function that takes 50 s of a 60 s objective: the container is silent all along.
        for (var i = 0; i < 10; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(10);
        }

        Assert.Single(harness.Runtime.Replicas);
        await container.AnswerAsync(batch.U32(2), "late but in time");
        await query.Completion.AsTask().WaitAsync(ClipperHarness.Timeout);
        Assert.Equal("late but in time", OutputOf(query));
    }

    [Fact]
    public async Task Heartbeat_KnownContainer_IsAnsweredWithKeepAlive()
    {
        await using var harness = new ClipperHarness();
        var (container, _) = await harness.ConnectAsync();

        await container.SendHeartbeatAsync();

        Assert.Equal(0u, await container.ReadHeartbeatReplyAsync());
    }

    [Fact]
    public async Task Ping_Zmtp31Container_IsAnsweredWithPongAndItsContext()
    {
        await using var harness = new ClipperHarness();
        var (container, _) = await harness.ConnectAsync();

        await container.SendAsync(ZmtpBytes.Frame(ZmtpBytes.Command("PING", [0, 30, 0xC0, 0xDE]), command: true));
        var pong = await container.ReadFrameAsync();

        Assert.True(pong.IsCommand);
        Assert.Equal(ZmtpBytes.Command("PONG", [0xC0, 0xDE]), pong.Body);
    }

    [Fact]
    public async Task Read_BadBytesAfterRegistration_ClosesThatConnectionOnly()
    {
        await using var harness = new ClipperHarness();
        var (bad, badHandled) = await harness.ConnectAsync();
        var (good, _) = await harness.ConnectAsync();

        await bad.SendAsync([0xF0, 0x00]);
        await badHandled.WaitAsync(ClipperHarness.Timeout);
        await good.SendHeartbeatAsync();

        Assert.Equal(0u, await good.ReadHeartbeatReplyAsync());
        Assert.Single(harness.Runtime.Replicas);
    }

    [Fact]
    public async Task Connect_OurProtocolOnTheSamePort_IsStillServed()
    {
        await using var harness = new ClipperHarness();
        var (pipe, _) = harness.OpenPipe();
        var ours = new FakeContainer(pipe);

        await ours.SendHelloAsync();
        var welcome = await ours.ReadWelcomeAsync();

        Assert.Equal(0, welcome.ReplicaId);
        await ClipperHarness.WaitUntilAsync(() => harness.Runtime.Replicas.Length == 1, "our container joined");
        Assert.Equal(ReplicaProtocols.ModelRpc, harness.Runtime.Replicas[0].Protocol);
    }
}
