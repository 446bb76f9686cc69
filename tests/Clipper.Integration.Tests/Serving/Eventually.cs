namespace Clipper.Integration.Tests.Serving;

/// <summary>Polls a condition until it holds or a timeout passes; for state that settles asynchronously across processes.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout.TotalSeconds} s. {describe?.Invoke()}");
            }

            await Task.Delay(100);
        }
    }
}
