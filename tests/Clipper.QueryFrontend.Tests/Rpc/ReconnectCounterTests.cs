using Clipper.QueryFrontend.Rpc;

namespace Clipper.QueryFrontend.Tests.Rpc;

public sealed class ReconnectCounterTests
{
    [Fact]
    public void Connected_AgainAfterItsConnectionEnded_CountsAReconnect()
    {
        var counter = new ReconnectCounter();

        Assert.Equal(0, counter.Connected("sum_1-1", out var first));
        counter.Disconnected("sum_1-1");
        Assert.Equal(1, counter.Connected("sum_1-1", out var second));
        counter.Disconnected("sum_1-1");
        Assert.Equal(2, counter.Connected("sum_1-1", out var third));
        Assert.Equal(0, counter.Connected("sum_1-2", out var other));

        Assert.Equal([false, true, true, false], [first, second, third, other]);
    }

    [Fact]
    public void Connected_WhileAnotherConnectionOfItIsUp_IsNoReconnect()
    {
        var counter = new ReconnectCounter();
        counter.Connected("c", out _);

        // A bootstrap link and a member link to the same frontend: the second leaves at once.
        Assert.Equal(0, counter.Connected("c", out var duplicate));
        counter.Disconnected("c");

        Assert.False(duplicate);
        counter.Disconnected("c");
        Assert.Equal(1, counter.Connected("c", out var returned));
        Assert.True(returned);
    }

    [Fact]
    public void Connected_EmptyId_IsNeverCountedOrRemembered()
    {
        var counter = new ReconnectCounter();

        Assert.Equal(0, counter.Connected("", out _));
        counter.Disconnected("");
        Assert.Equal(0, counter.Connected("", out var returned));
        Assert.False(returned);
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public void Connected_PastCapacity_ForgetsTheIdThatConnectedLongestAgo()
    {
        var counter = new ReconnectCounter(capacity: 3);
        foreach (var id in new[] { "a", "b", "c" })
        {
            counter.Connected(id, out _);
            counter.Disconnected(id);
        }

        // "a" comes back, so "b" is now the one that connected longest ago.
        Assert.Equal(1, counter.Connected("a", out _));
        counter.Disconnected("a");
        Assert.Equal(0, counter.Connected("d", out _));

        Assert.Equal(3, counter.Count);
        Assert.Equal(0, counter.Connected("b", out var forgotten));
        Assert.False(forgotten);
        Assert.Equal(2, counter.Connected("a", out _));
    }

    [Fact]
    public void Connected_ManyIds_StaysWithinCapacity()
    {
        var counter = new ReconnectCounter(capacity: 100);

        for (var i = 0; i < 1000; i++)
        {
            counter.Connected("container-" + i, out _);
            counter.Disconnected("container-" + i);
        }

        Assert.Equal(100, counter.Count);
        Assert.Equal(1, counter.Connected("container-999", out _));
        Assert.Equal(0, counter.Connected("container-0", out _));
    }

    [Fact]
    public void Disconnected_ForgottenWhileConnected_IsIgnored()
    {
        var counter = new ReconnectCounter(capacity: 1);
        counter.Connected("a", out _);
        counter.Connected("b", out _);

        counter.Disconnected("a");

        Assert.Equal(0, counter.Connected("a", out var returned));
        Assert.False(returned);
    }

    [Fact]
    public async Task Connected_FromManyThreads_CountsEveryReturn()
    {
        var counter = new ReconnectCounter();
        counter.Connected("shared", out _);
        counter.Disconnected("shared");

        // Each thread's own id, reconnecting 500 times; one lock keeps every count.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                counter.Connected("thread-" + t, out _);
                counter.Disconnected("thread-" + t);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        for (var t = 0; t < 8; t++)
        {
            Assert.Equal(500, counter.Connected("thread-" + t, out _));
        }
    }

    [Fact]
    public void Constructor_CapacityBelowOne_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectCounter(0));

        Assert.Equal("capacity", ex.ParamName);
    }
}
