using System.Diagnostics.Metrics;
using Clipper.Admin.Canary;
using Clipper.Configuration.Redis;
using Clipper.Integration.Tests.Infrastructure;
using Clipper.Integration.Tests.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clipper.Integration.Tests.Canary;

/// <summary>The canary loop while Redis is away: it logs each failed look and keeps looking, and stops when asked.</summary>
public sealed class CanaryControllerOutageTests
{
    [Fact]
    public async Task ExecuteAsync_RedisAway_LogsAndRetriesUntilStopped()
    {
        var logs = new LogCapture();
        var loggers = new LoggerFactory([logs]);
        await using var store = RedisConfigurationStore.Connect(new RedisStoreOptions
        {
            RedisAddress = "127.0.0.1:" + FreePort.Next(),
            KeyPrefix = TestKeys.NewPrefix(),
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            ConnectTimeout = TimeSpan.FromMilliseconds(300),
        });
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var transitions = new CanaryTransitions(new CanaryMetrics(meters.GetRequiredService<IMeterFactory>()), loggers.CreateLogger<CanaryTransitions>());
        var options = new CanaryControllerOptions { Period = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromSeconds(1) };
        using var controller = new CanaryController(store, store.CreateCanaryStats(), transitions, options, TimeProvider.System, loggers.CreateLogger<CanaryController>());

        await controller.StartAsync(CancellationToken.None).WithTimeout();
        await Eventually.TrueAsync(() => Task.FromResult(logs.Entries.Count(e => e.EventName == "TickFailed") >= 2), TestTimeouts.Default);
        await controller.StopAsync(CancellationToken.None).WithTimeout();

        Assert.True(controller.ExecuteTask!.IsCompletedSuccessfully, controller.ExecuteTask.Exception?.ToString());
    }
}
