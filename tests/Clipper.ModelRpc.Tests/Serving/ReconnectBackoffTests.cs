using Clipper.ModelRpc.Serving;

namespace Clipper.ModelRpc.Tests.Serving;

public class ReconnectBackoffTests
{
    [Fact]
    public void NextDelay_SuccessiveAttempts_DoubleUpToTheMaximumWithJitterInTheUpperHalf()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(42));
        double[] ceilings = [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000];

        foreach (double ceiling in ceilings)
        {
            double delay = backoff.NextDelay().TotalMilliseconds;
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void NextDelay_AfterManyAttempts_StaysAtTheMaximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(1));
        for (int i = 0; i < 1000; i++)
        {
            Assert.InRange(backoff.NextDelay(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void Reset_StartsAgainFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(7));
        for (int i = 0; i < 5; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.Equal(0, backoff.Attempt);
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void NextDelay_SameAttempt_IsSpreadByJitter()
    {
        var random = new Random(3);
        var delays = new HashSet<TimeSpan>();
        for (int i = 0; i < 20; i++)
        {
            delays.Add(new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), random).NextDelay());
        }

        Assert.True(delays.Count > 10);
    }
}
