using System.Buffers;
using Clipper.ModelRpc.Protocol;

namespace Clipper.QueryFrontend.Tests.Rpc;

/// <summary>The frontend's half of the capacity protocol: Demand, Grant, Revoke, Release.</summary>
public sealed class ReplicaConnectionCapacityTests
{
    [Fact]
    public async Task Dispatch_QueriesWaitWithoutAGrant_SendsDemandWithTheEarliestDeadlineAndNoBatch()
    {
        await using var harness = new RpcHarness();

        // Both wait before the replica joins, so its one Demand sees both (enqueued after it, the first could go alone).
        harness.Enqueue(1, TimeSpan.FromMilliseconds(700));
        harness.Enqueue(2, TimeSpan.FromMilliseconds(500));
        var connection = await ConnectWithoutGrantsAsync(harness);

        var demand = ReadDemand(await connection.Container.ReadUntilAsync(MessageType.Demand));
        Assert.Equal(2, demand.Queued);
        Assert.Equal(500, demand.EarliestDeadlineMs);
        Assert.Equal(0, harness.Metrics.SentCount);
    }

    [Fact]
    public async Task Dispatch_GrantAfterDemand_SendsOneBatch()
    {
        await using var harness = new RpcHarness();
        var connection = await ConnectWithoutGrantsAsync(harness);
        var query = harness.Enqueue(4);
        await connection.Container.ReadUntilAsync(MessageType.Demand);

        await connection.Container.SendGrantAsync();

        var batch = await connection.Container.ReadBatchAsync();
        Assert.Equal([4.0], batch.FirstValues);
        await connection.Container.AnswerAsync(batch.BatchId, "\"ok\"");
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);
    }

    [Fact]
    public async Task Dispatch_RevokedGrantWhileIdle_IsReleased()
    {
        await using var harness = new RpcHarness();
        var connection = await ConnectWithoutGrantsAsync(harness);
        await connection.Container.SendGrantAsync(parked: true);

        await connection.Container.SendRevokeAsync();

        await connection.Container.ReadUntilAsync(MessageType.Release);
    }

    [Fact]
    public async Task Dispatch_GrantOnDemandWhoseQueriesAreGone_IsReleasedAtOnce()
    {
        await using var harness = new RpcHarness();
        var connection = await ConnectWithoutGrantsAsync(harness);
        var query = harness.Enqueue(3, TimeSpan.FromMilliseconds(100));
        await connection.Container.ReadUntilAsync(MessageType.Demand);
        await harness.AdvanceAsync(TimeSpan.FromMilliseconds(150));
        await query.Completion.AsTask().WaitAsync(RpcHarness.Timeout);

        await connection.Container.SendGrantAsync(parked: false);

        await connection.Container.ReadUntilAsync(MessageType.Release);
    }

    [Fact]
    public async Task Dispatch_RevokedGrantWithQueriesWaiting_IsUsedForABatchInsteadOfReleased()
    {
        // Two frontends whose demanded grants are revoked for each other would otherwise pass the
        // capacity back and forth forever without a batch.
        await using var harness = new RpcHarness();
        var connection = await ConnectWithoutGrantsAsync(harness);
        harness.Enqueue(7);
        await connection.Container.ReadUntilAsync(MessageType.Demand);

        await connection.Container.SendAsync(o =>
        {
            MessageCodec.WriteGrant(o, parked: false);
            MessageCodec.WriteSignal(o, MessageType.Revoke);
        });

        var batch = await connection.Container.ReadBatchAsync();
        Assert.Equal([7.0], batch.FirstValues);
        Assert.Equal(0, connection.Container.Releases);
    }

    [Fact]
    public async Task Handshake_Welcome_NamesTheFrontendAndIsFollowedByTheMembership()
    {
        await using var harness = new RpcHarness();

        var connection = await harness.ConnectAsync();

        Assert.Equal(harness.Options.EffectiveFrontendId, connection.Welcome!.FrontendId);
        var membership = ReadMembership(await connection.Container.ReadUntilAsync(MessageType.Membership));
        Assert.Equal([harness.Options.EffectiveFrontendId], membership.Frontends.Select(f => f.Id));
    }

    [Fact]
    public async Task Membership_Changed_IsPushedToEveryConnectedContainer()
    {
        await using var harness = new RpcHarness();
        var first = await harness.ConnectAsync();
        var second = await harness.ConnectAsync();
        await first.Container.ReadUntilAsync(MessageType.Membership);
        await second.Container.ReadUntilAsync(MessageType.Membership);

        harness.Membership.Set(TestMembership.Of(new FrontendAddress("a", "10.0.0.1", 7000), new FrontendAddress("b", "10.0.0.2", 7001)));

        foreach (var connection in new[] { first, second })
        {
            var pushed = ReadMembership(await connection.Container.ReadUntilAsync(MessageType.Membership));
            Assert.Equal(["a", "b"], pushed.Frontends.Select(f => f.Id));
            Assert.Equal(7001, pushed.Frontends[1].Port);
        }
    }

    private static async Task<RpcHarness.Connection> ConnectWithoutGrantsAsync(RpcHarness harness)
    {
        var connection = harness.Open();
        connection.Container.AutoGrant = false;
        await connection.Container.SendHelloAsync();
        connection.Welcome = await connection.Container.ReadWelcomeAsync();
        await RpcHarness.WaitUntilAsync(() => harness.Runtime.Replicas.Length == 1, "the replica joined its model version");
        return connection;
    }

    private static DemandMessage ReadDemand(byte[] body)
    {
        Assert.True(MessageCodec.TryReadDemand(new ReadOnlySequence<byte>(body), out var demand, out var error), error);
        return demand;
    }

    private static MembershipMessage ReadMembership(byte[] body)
    {
        Assert.True(MessageCodec.TryReadMembership(new ReadOnlySequence<byte>(body), out var membership, out var error), error);
        return membership;
    }
}
