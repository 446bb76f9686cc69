using Clipper.QueryFrontend.Lifetime;

namespace Clipper.QueryFrontend.Tests.Lifetime;

public sealed class HttpConnectionGaugeTests
{
    [Fact]
    public void WhenIdleAsync_NoConnection_IsCompleted()
    {
        var gauge = new HttpConnectionGauge();

        Assert.True(gauge.WhenIdleAsync().IsCompleted);
    }

    [Fact]
    public async Task WhenIdleAsync_OpenConnections_CompletesWhenTheLastCloses()
    {
        var gauge = new HttpConnectionGauge();
        gauge.Opened();
        gauge.Opened();
        var idle = gauge.WhenIdleAsync();

        gauge.Closed();
        Assert.False(idle.IsCompleted);
        Assert.Equal(1, gauge.Open);

        gauge.Closed();
        await idle.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, gauge.Open);
    }

    [Fact]
    public void WhenIdleAsync_AfterTheGaugeWasIdleOnce_WaitsForTheNextIdle()
    {
        var gauge = new HttpConnectionGauge();
        gauge.Opened();
        gauge.Closed();
        gauge.Opened();

        Assert.False(gauge.WhenIdleAsync().IsCompleted);
    }
}
