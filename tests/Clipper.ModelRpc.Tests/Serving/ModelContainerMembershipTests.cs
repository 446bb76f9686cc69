using System.Text;
using Clipper.ModelRpc.Protocol;
using Clipper.ModelRpc.Tests.TestSupport;

namespace Clipper.ModelRpc.Tests.Serving;

/// <summary>A container learns the live frontends from the one it reached, and connects to each (or to its share).</summary>
public class ModelContainerMembershipTests
{
    private static readonly TimeSpan s_timeout = FakeFrontend.Timeout;

    [Fact]
    public async Task Membership_ListsAnotherFrontend_ConnectsToItToo()
    {
        await using var a = new FakeFrontend();
        await using var b = new FakeFrontend();
        await using var container = TestContainer<string>.Start(a.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection toA = await a.AcceptAndWelcomeAsync(frontendId: "a");

        await toA.SendAsync(o => MessageCodec.WriteMembership(o, new MembershipMessage(0, [a.Address("a"), b.Address("b")])));

        FrontendConnection toB = await b.AcceptAndWelcomeAsync(frontendId: "b");
        await WaitUntilAsync(() => container.Container.ConnectedFrontends.Count == 2);
        Assert.Equal(["a", "b"], container.Container.ConnectedFrontends);

        // The capacity is parked at a; b's demand makes the container take it back, and b gets it.
        await toB.SendDemandAsync();
        await toA.WaitForRevokeAsync();
        await toA.SendReleaseAsync();
        await toB.SendBatchAsync(1, InputType.Strings, Encoding.UTF8.GetBytes("from b"));
        Assert.Equal([(false, "from b")], (await toB.ReadResponseAsync()).Results);

        // Idle again, the capacity is parked where work last came from; a's demand takes it back.
        await toB.WaitForGrantAsync();
        await toA.SendDemandAsync();
        await toB.WaitForRevokeAsync();
        await toB.SendReleaseAsync();
        await toA.SendBatchAsync(2, InputType.Strings, Encoding.UTF8.GetBytes("from a"));
        Assert.Equal([(false, "from a")], (await toA.ReadResponseAsync()).Results);
    }

    [Fact]
    public async Task Membership_SecondConnectionWelcomedByTheSameFrontend_LeavesWithAGoodbye()
    {
        await using var a = new FakeFrontend();
        await using var alias = new FakeFrontend();
        await using var container = TestContainer<string>.Start(a.Port, InputType.Strings, inputs => [.. inputs]);
        FrontendConnection toA = await a.AcceptAndWelcomeAsync(frontendId: "a");

        // The membership says "b" lives at another address, but whoever answers there calls itself "a".
        await toA.SendAsync(o => MessageCodec.WriteMembership(o, new MembershipMessage(0, [a.Address("a"), alias.Address("b")])));
        FrontendConnection duplicate = await alias.AcceptAndWelcomeAsync(frontendId: "a");

        ReceivedFrame goodbye = await duplicate.ReadFrameAsync();
        Assert.Equal(MessageType.Goodbye, goodbye.Type);
        Assert.True(MessageCodec.TryReadGoodbye(goodbye.Sequence, out GoodbyeMessage? message, out _));
        Assert.Equal("this container is already connected to frontend a", message.Reason);
        Assert.Equal(["a"], container.Container.ConnectedFrontends);
    }

    [Fact]
    public async Task Membership_WithACap_ConnectsOnlyToTheFrontendsOfItsShare()
    {
        var frontends = Enumerable.Range(0, 4).Select(_ => new FakeFrontend()).ToArray();
        try
        {
            await using var container = TestContainer<string>.Start(frontends[0].Port, InputType.Strings, inputs => [.. inputs]);
            FrontendConnection first = await frontends[0].AcceptAndWelcomeAsync(frontendId: "f0");
            var membership = new MembershipMessage(2, [.. frontends.Select((f, i) => f.Address("f" + i))]);
            var share = Clipper.ModelRpc.Serving.FrontendChoice.Choose(container.Options.ContainerId, membership).Select(f => f.Id).Order().ToArray();

            await first.SendAsync(o => MessageCodec.WriteMembership(o, membership));

            foreach (var id in share.Where(id => id != "f0"))
            {
                int index = int.Parse(id[1..], System.Globalization.CultureInfo.InvariantCulture);
                await frontends[index].AcceptAndWelcomeAsync(frontendId: id);
            }

            if (!share.Contains("f0"))
            {
                // The frontend it reached first is outside its share: it leaves it once the others are up.
                ReceivedFrame goodbye = await first.ReadFrameAsync();
                Assert.Equal(MessageType.Goodbye, goodbye.Type);
                await first.DisposeAsync();
            }

            await WaitUntilAsync(() => container.Container.ConnectedFrontends.SequenceEqual(share));
        }
        finally
        {
            foreach (var frontend in frontends)
            {
                await frontend.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Batch_WithoutAGrant_IsAProtocolError()
    {
        await using var frontend = new FakeFrontend();
        var hold = new TaskCompletionSource<IReadOnlyList<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var container = TestContainer<string>.Start(TestContainer<string>.CreateOptions(frontend.Port, InputType.Strings), (_, _) => new ValueTask<IReadOnlyList<string>>(hold.Task));
        FrontendConnection connection = await frontend.AcceptAndWelcomeAsync();
        await connection.WaitForGrantAsync();

        await connection.SendBatchUngrantedAsync(1, InputType.Strings, Encoding.UTF8.GetBytes("granted"));
        await connection.SendBatchUngrantedAsync(2, InputType.Strings, Encoding.UTF8.GetBytes("not granted"));

        await container.Logs.WaitForAsync("ProtocolError");
        hold.SetResult(["late"]);
        Assert.Contains(container.Logs.Entries, e => e.EventName == "ProtocolError" && e.Message.Contains("BatchRequest without holding a Grant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Welcome_OfProtocolVersion1_IsAProtocolErrorNamingBothVersions()
    {
        await using var frontend = new FakeFrontend();
        await using var container = TestContainer<string>.Start(frontend.Port, InputType.Strings, inputs => [.. inputs]);
        (FrontendConnection connection, _) = await frontend.AcceptHelloAsync();

        await connection.SendAsync(o => MessageCodec.WriteWelcome(o, new WelcomeMessage(1, 0, 1000, "old-frontend")));

        await container.Logs.WaitForAsync("ProtocolError");
        Assert.Contains(container.Logs.Entries, e => e.Message.Contains("received protocol version 1; expected 2", StringComparison.Ordinal));
        Assert.False(container.Container.IsReady);
    }

    [Fact]
    public async Task Capacity_TwoFrontendsAndConcurrencyOne_NeverRunTwoBatchesAtOnce()
    {
        await using var a = new FakeFrontend();
        await using var b = new FakeFrontend();
        int running = 0;
        int peak = 0;
        var options = TestContainer<string>.CreateOptions(a.Port, InputType.Strings);
        await using var container = TestContainer<string>.Start(options, async (inputs, _) =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref running);
            return [.. inputs];
        });
        FrontendConnection toA = await a.AcceptAndWelcomeAsync(frontendId: "a");
        await toA.SendAsync(o => MessageCodec.WriteMembership(o, new MembershipMessage(0, [a.Address("a"), b.Address("b")])));
        FrontendConnection toB = await b.AcceptAndWelcomeAsync(frontendId: "b");

        // Each frontend demands and sends a batch whenever it holds a grant; the container must alternate.
        var sides = new[] { toA, toB }.Select((connection, side) => Task.Run(async () =>
        {
            for (ulong i = 1; i <= 20; i++)
            {
                await connection.SendAsync(o => MessageCodec.WriteDemand(o, 1, 100));
                await connection.SendBatchAsync(i, InputType.Strings, Encoding.UTF8.GetBytes($"{side}-{i}"));
                Assert.Equal(i, (await connection.ReadResponseAsync()).BatchId);
            }
        })).ToArray();
        await Task.WhenAll(sides).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, peak);
        Assert.Equal(1, container.Container.PeakConcurrency);
    }

    private static void InterlockedMax(ref int location, int value)
    {
        int current = Volatile.Read(ref location);
        while (value > current)
        {
            int seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
